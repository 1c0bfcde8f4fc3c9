// The CRM side of the owner's reports: the pipeline by stage with the conversion from each stage to
// the next, won vs lost and cycle time, and overdue tasks per manager.

import CRM
import ERPCore
import Foundation
import Postgres

enum CRMReports {
    /// Deals by stage (how many, their amount); how many reached each stage and the share of those
    /// that went on to the next (`to_next_pct`: the next stage's `reached` over this one's); won vs lost =
    /// won / (won + lost); cycle = average days from creation to winning. A deal reached the
    /// furthest stage it ever entered and every open stage before it (one created at `proposal`
    /// counts for `lead` and `qualified` too; a lost deal for the stages it entered before losing).
    static func pipeline(language: Language, in tx: Transaction) throws -> Report {
        let rows = try tx.query("""
            SELECT stage, count(*), sum(amount_minor)::bigint FROM crm_deals_view GROUP BY stage
            """)
        var byStage: [String: (Int64, Int64)] = [:]
        for row in rows { byStage[try row.decode(0, as: String.self)] = (try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self)) }
        let path = DealStage.allCases.filter { $0 != .lost }
        let reached = try reachedCounts(path, in: tx)
        let cells = DealStage.allCases.map { stage -> [ReportCell] in
            let (count, amount) = byStage[stage.rawValue] ?? (0, 0)
            let step = path.firstIndex(of: stage)
            let next: ReportCell = step.map { $0 + 1 < path.count ? ReportCell.percent(reached[$0 + 1], of: reached[$0]) : .percent(nil) }
                ?? .percent(nil)
            return [.text(stage.rawValue), .text(ReportText.dealStage(stage.rawValue).text(in: language)), .integer(count),
                    .money(Money(minorUnits: amount)), step.map { ReportCell.integer(reached[$0]) } ?? .text(""), next]
        }
        let won = byStage["won"]?.0 ?? 0, lost = byStage["lost"]?.0 ?? 0
        let cycle = try tx.query("""
            SELECT COALESCE(round(avg(extract(epoch FROM closed_at - created_at) / 86400)), 0)::bigint FROM crm_deals_view WHERE stage = 'won'
            """).single().decode(0, as: Int64.self)
        return Report(name: "pipeline", parameters: [:], columns: ["stage", "name", "deals", "amount", "reached", "to_next_pct"], rows: cells,
                      totals: [.text(ReportText.total.text(in: language)), .text(""), .integer(byStage.values.reduce(0) { $0 + $1.0 }),
                               .money(try Money.sum(byStage.values.map { Money(minorUnits: $0.1) })), .text(""), .percent(nil)],
                      summary: ["conversion_pct": ReportCell.percent(won, of: won + lost), "won": .integer(won), "lost": .integer(lost),
                                "average_cycle_days": .integer(cycle)])
    }

    /// How many deals reached each stage of `path` (in its order): those whose furthest stage is
    /// that one or a later one.
    private static func reachedCounts(_ path: [DealStage], in tx: Transaction) throws -> [Int64] {
        let furthest = try tx.query("""
            SELECT step, count(*) FROM (
                SELECT max(array_position(\(path.map(\.rawValue))::text[], stage)) AS step
                FROM (SELECT deal_id, stage FROM crm_deal_stage_changes_view UNION ALL SELECT id, stage FROM crm_deals_view) p
                GROUP BY deal_id) d
            WHERE step IS NOT NULL GROUP BY step
            """)
        var atStep = [Int64](repeating: 0, count: path.count)
        for row in furthest { atStep[try row.decode(0, as: Int.self) - 1] = try row.decode(1, as: Int64.self) }
        return atStep.indices.map { index in atStep[index...].reduce(0, +) }
    }

    /// Open, overdue and due-today tasks per assignee, most overdue first.
    static func overdueTasks(at now: Date, language: Language, in tx: Transaction) throws -> Report {
        let day = try CompanyCalendar.day(of: now, in: tx)
        let (today, tomorrow) = try CompanyCalendar.span(from: day, to: day, in: tx)
        let rows = try tx.query("""
            SELECT u.login, count(*), count(*) FILTER (WHERE t.due_at < \(today)),
                   count(*) FILTER (WHERE t.due_at >= \(today) AND t.due_at < \(tomorrow))
            FROM crm_tasks_view t JOIN access_users_view u ON u.id = t.assignee_id WHERE t.status = 'open'
            GROUP BY u.login ORDER BY 3 DESC, 1
            """)
        var cells: [[ReportCell]] = []
        var totals: [Int64] = [0, 0, 0]
        for row in rows {
            let values = [try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self), try row.decode(3, as: Int64.self)]
            for index in 0..<3 { totals[index] += values[index] }
            cells.append([.text(try row.decode(0, as: String.self))] + values.map(ReportCell.integer))
        }
        return Report(name: "overdue_tasks", parameters: ["as_of": try CompanyCalendar.day(of: now, in: tx).description],
                      columns: ["assignee", "open", "overdue", "due_today"], rows: cells,
                      totals: [.text(ReportText.total.text(in: language))] + totals.map(ReportCell.integer))
    }
}
