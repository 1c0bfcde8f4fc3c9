// The CRM side of the owner's reports: the pipeline by stage with conversion and cycle time, and
// overdue tasks per manager.

import CRM
import ERPCore
import Foundation
import Postgres

enum CRMReports {
    /// Open and closed deals by stage; conversion = won / (won + lost); cycle = average days from
    /// creation to winning.
    static func pipeline(in tx: Transaction) throws -> Report {
        let rows = try tx.query("""
            SELECT stage, count(*), sum(amount_minor)::bigint FROM crm_deals_view GROUP BY stage
            """)
        var byStage: [String: (Int64, Int64)] = [:]
        for row in rows { byStage[try row.decode(0, as: String.self)] = (try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self)) }
        let cells = DealStage.allCases.map { stage -> [ReportCell] in
            let (count, amount) = byStage[stage.rawValue] ?? (0, 0)
            return [.text(stage.rawValue), .integer(count), .money(Money(minorUnits: amount))]
        }
        let won = byStage["won"]?.0 ?? 0, lost = byStage["lost"]?.0 ?? 0
        let cycle = try tx.query("""
            SELECT COALESCE(round(avg(extract(epoch FROM closed_at - created_at) / 86400)), 0)::bigint FROM crm_deals_view WHERE stage = 'won'
            """).single().decode(0, as: Int64.self)
        return Report(name: "pipeline", parameters: [:], columns: ["stage", "deals", "amount"], rows: cells,
                      totals: [.text("total"), .integer(byStage.values.reduce(0) { $0 + $1.0 }),
                               .money(try Money.sum(byStage.values.map { Money(minorUnits: $0.1) }))],
                      summary: ["conversion_pct": ReportCell.percent(won, of: won + lost), "average_cycle_days": .integer(cycle)])
    }

    /// Open, overdue and due-today tasks per assignee, most overdue first.
    static func overdueTasks(at now: Date, in tx: Transaction) throws -> Report {
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
                      totals: [.text("total")] + totals.map(ReportCell.integer))
    }
}
