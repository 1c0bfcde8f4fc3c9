// Revenue, cost of goods, gross margin and margin % for a period, grouped by day, week, month,
// client, product, category or manager, with the previous period of the same length alongside.
//
// Revenue is what was shipped: each shipment line at its order line's price without VAT, pro rata
// of the line (net × shipped / ordered, half-up) — so the report equals the sum of the shipped
// order lines of the period. Cost is what those goods left the warehouse at (the shipment's cost
// of goods sold). What clients returned in the period stands beside it, valued the same way, and is
// not netted out of it (docs/decisions.md). Reports read the modules' read models (views of
// sql/0012_read_models.sql and later), never their tables, read-only, possibly on a replica.

import ERPCore
import Foundation
import Postgres

/// How to group revenue.
package enum RevenueGrouping: String, Sendable, CaseIterable {
    case day, week, month, client, product, category, manager

    /// Whether the groups are periods (keys `2026-12-07`, `2026-12`), shown in time order.
    package var isTime: Bool { self == .day || self == .week || self == .month }

    /// Whether the groups need each line's product (else the aggregate without products serves).
    var byProduct: Bool { self == .product || self == .category }
}

/// A span of whole days, both ends included.
package struct ReportPeriod: Sendable, Equatable {
    package var from: CalendarDate
    package var to: CalendarDate

    package init(from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    /// The period every door asks for: `to` is `today` unless given, and `from` defaults to 29
    /// days before `to` — thirty days in all.
    package init(from: CalendarDate?, to: CalendarDate?, today: CalendarDate) {
        let last = to ?? today
        let midnight = RFC3339.date(from: last.description + "T00:00:00Z") ?? Date()
        self.init(from: from ?? CalendarDate(utcDayOf: midnight.addingTimeInterval(-29 * 86_400)), to: last)
    }

    /// The company's midnight starting `from` and the one after `to`: a shipment at 00:30 Moscow
    /// time on 1 November is November's.
    /// - Throws: `PostgresError`.
    func bounds(in tx: Transaction) throws -> (start: Date, end: Date) {
        try CompanyCalendar.span(from: from, to: to, in: tx)
    }

    /// The period of the same length just before this one.
    /// - Throws: `PostgresError`.
    func previous(in tx: Transaction) throws -> (start: Date, end: Date) {
        let (start, end) = try bounds(in: tx)
        return (start.addingTimeInterval(-end.timeIntervalSince(start)), start)
    }

    /// - Throws: `ERPError.validationFailed` when `to` is before `from` or the span exceeds ten years.
    func validate() throws(ERPError) {
        if to < from { throw .validationFailed(fields: ["to": "must not be before from"]) }
        let days = { (day: CalendarDate) in (RFC3339.date(from: day.description + "T00:00:00Z") ?? Date()).timeIntervalSince1970 / 86_400 }
        if days(to) - days(from) >= 3_660 { throw .validationFailed(fields: ["to": "a period is at most ten years"]) }
    }
}

/// The revenue report.
package enum RevenueReport {
    /// The largest `top` asked for: more groups than that is the whole report.
    package static let maxTop = 1_000

    /// The report of `period`; with `comparing` off the previous period is not read and its
    /// columns stay blank (a dashboard's top list or chart shows none of them).
    static func run(_ period: ReportPeriod, by grouping: RevenueGrouping, top: Int?, filter: ReportFilter, comparing: Bool = true,
                    language: Language, in tx: Transaction) throws -> Report {
        try period.validate()
        if let top, !(1...maxTop).contains(top) {
            throw ERPError.validationFailed(fields: ["top": "must be between 1 and \(maxTop)"])
        }
        let span = try period.bounds(in: tx)
        let byProduct = grouping.byProduct, anyClient = filter.clientID == nil, anyManager = filter.managerID == nil
        let sold = { (range: (start: Date, end: Date)) in Source.sold(range, byProduct: byProduct, anyClient: anyClient, anyManager: anyManager) }
        let current = try merged(figures(span, grouping, filter, language, sold(span), in: tx),
                                 returns: figures(span, grouping, filter, language, .returned, in: tx))
        var previous: [Row] = []
        if comparing {
            let earlier = try period.previous(in: tx)
            previous = try figures(earlier, grouping, filter, language, sold(earlier), in: tx)
        }
        let before = Dictionary(previous.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var rows = current
        rows.sort { grouping.isTime ? $0.key < $1.key : ($0.revenue, $1.key) > ($1.revenue, $0.key) }
        if let top { rows = Array(rows.prefix(top)) }
        let cells = rows.map { row -> [ReportCell] in
            let old = grouping.isTime ? nil : before[row.key]
            return [.text(row.key), .text(row.name), .money(Money(minorUnits: row.revenue)), .money(Money(minorUnits: row.cost)),
                    .money(Money(minorUnits: row.revenue - row.cost)), ReportCell.percent(row.revenue - row.cost, of: row.revenue),
                    old.map { .money(Money(minorUnits: $0.revenue)) } ?? .text(""),
                    old.map { .money(Money(minorUnits: $0.revenue - $0.cost)) } ?? .text(""), .money(Money(minorUnits: row.returns))]
        }
        let revenue = current.reduce(0) { $0 + $1.revenue }, cost = current.reduce(0) { $0 + $1.cost }
        let previousRevenue = previous.reduce(0) { $0 + $1.revenue }, previousCost = previous.reduce(0) { $0 + $1.cost }
        return Report(
            name: "revenue",
            parameters: ["from": period.from.description, "to": period.to.description, "group_by": grouping.rawValue]
                .merging(filter.parameters([.manager, .client])) { $1 },
            columns: ["key", "name", "revenue", "cost", "margin", "margin_pct", "previous_revenue", "previous_margin", "returns"],
            rows: cells,
            totals: [.text(ReportText.total.text(in: language)), .text(ReportText.groups(current.count).text(in: language)),
                     .money(Money(minorUnits: revenue)), .money(Money(minorUnits: cost)),
                     .money(Money(minorUnits: revenue - cost)), ReportCell.percent(revenue - cost, of: revenue),
                     comparing ? .money(Money(minorUnits: previousRevenue)) : .text(""),
                     comparing ? .money(Money(minorUnits: previousRevenue - previousCost)) : .text(""),
                     .money(Money(minorUnits: current.reduce(0) { $0 + $1.returns }))],
            summary: ["previous_margin_pct": comparing ? ReportCell.percent(previousRevenue - previousCost, of: previousRevenue) : .text("")])
    }

    /// The sold groups with what came back of each in the period beside them (a group with returns
    /// and no sales is a row of its own).
    private static func merged(_ sold: [Row], returns: [Row]) -> [Row] {
        var rows = sold, index = Dictionary(sold.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        for back in returns {
            if let at = index[back.key] {
                rows[at].returns = back.revenue
            } else {
                index[back.key] = rows.count
                rows.append(Row(key: back.key, name: back.name, revenue: 0, cost: 0, returns: back.revenue))
            }
        }
        return rows
    }

    /// Where a period's figures come from: what was shipped — for a range of whole hours (every
    /// whole-day period in a whole-hour time zone) one of the aggregates Sales keeps exact: the
    /// hourly one without products unless the grouping needs them (a year of it is tens of thousands
    /// of rows, not 600,000); with products and any client, the whole UTC months of the monthly one,
    /// the whole UTC days around them from the daily one (any manager too; it has none) and the
    /// hours around those; for one client its hours — else the shipped lines — or what clients
    /// returned (at the order line's price, by the day it came back).
    private enum Source {
        case sold((start: Date, end: Date), byProduct: Bool, anyClient: Bool, anyManager: Bool)
        case returned

        var table: PostgresQuery {
            switch self {
            case .sold(let range, let byProduct, let anyClient, let anyManager)
                where [range.start, range.end].allSatisfy({ $0.timeIntervalSince1970.truncatingRemainder(dividingBy: 3_600) == 0 }):
                !byProduct ? "(SELECT hour AS shipped_at, client_id, manager_id, revenue_minor, cost_minor FROM sales_revenue_client_hours_view)"
                    : anyClient ? RevenueReport.months(range, days: anyManager) : "(" + RevenueReport.hours + ")"
            case .sold: "sales_shipped_lines_view"
            case .returned:
                "(SELECT returned_at AS shipped_at, client_id, product_id, manager_id, revenue_minor, cost_minor FROM sales_returned_lines_view)"
            }
        }
    }

    private static let hours: PostgresQuery = """
        SELECT hour AS shipped_at, client_id, product_id, manager_id, revenue_minor, cost_minor FROM sales_revenue_hours_view
        """

    /// The whole UTC months inside `range` from the monthly aggregate (no client: the filter is off),
    /// with `days` the whole UTC days around them from the daily one (no manager either), and the
    /// hours before and after those from the hourly one.
    private static func months(_ range: (start: Date, end: Date), days: Bool) -> PostgresQuery {
        let buckets = UTCBuckets(range.start, range.end)
        let (first, last) = buckets.months
        let (lower, upper) = days ? buckets.days : buckets.months
        let wholeDays: PostgresQuery = !days ? "" : "SELECT day AS shipped_at, NULL::bigint AS client_id, product_id, NULL::bigint AS manager_id, "
            + "revenue_minor, cost_minor FROM sales_revenue_product_days_view "
            + "WHERE (day >= \(lower) AND day < \(first)) OR (day >= \(last) AND day < \(upper)) UNION ALL "
        return "(SELECT month AS shipped_at, NULL::bigint AS client_id, product_id, manager_id, revenue_minor, cost_minor "
            + "FROM sales_revenue_product_months_view WHERE month >= \(first) AND month < \(last) UNION ALL " + wholeDays + hours
            + " WHERE hour >= \(range.start) AND hour < \(lower) UNION ALL " + hours + " WHERE hour >= \(upper) AND hour < \(range.end))"
    }

    private struct Row {
        var key: String
        var name: String
        var revenue: Int64
        var cost: Int64
        var returns: Int64 = 0
    }

    /// The period's groups from `source`: the rows are first summed by the one column the grouping
    /// needs, then named.
    private static func figures(_ range: (start: Date, end: Date), _ grouping: RevenueGrouping, _ filter: ReportFilter,
                                _ language: Language, _ source: Source, in tx: Transaction) throws -> [Row] {
        let (dimension, names, key, name) = expressions(grouping)
        let summed: PostgresQuery = "(SELECT " + dimension + ", sum(revenue_minor) AS revenue_minor, sum(cost_minor) AS cost_minor FROM "
            + source.table + " l WHERE l.shipped_at >= \(range.start) AND l.shipped_at < \(range.end)"
            + " AND (\(filter.clientID)::bigint IS NULL OR l.client_id = \(filter.clientID))"
            + " AND (\(filter.managerID)::bigint IS NULL OR l.manager_id = \(filter.managerID)) GROUP BY 1) s "
        let query: PostgresQuery = "SELECT " + key + ", " + name + ", sum(s.revenue_minor)::bigint, sum(s.cost_minor)::bigint FROM "
            + summed + names + " GROUP BY 1, 2"
        // A period's name and "no manager" are words in the reader's language, not the database's.
        let unnamed: ReportText = grouping == .category ? .noCategory : .noManager
        return try tx.query(query).map { (row) throws(PostgresError) in
            let key = try row.decode(0, as: String.self), name = try row.decode(1, as: String?.self)
            let word = ReportText.period(key, grouping) ?? (name == nil ? unnamed : nil)
            return Row(key: key, name: word?.text(in: language) ?? name ?? "",
                       revenue: try row.decode(2, as: Int64.self), cost: try row.decode(3, as: Int64.self))
        }
    }

    /// The grouping's column of the summed rows, the join that names it, and its key and name as SQL
    /// over the query's aliases (literals only); a NULL name is "no category" or "no manager", and a
    /// period's name is made from its key.
    private static func expressions(_ grouping: RevenueGrouping) -> (PostgresQuery, PostgresQuery, PostgresQuery, PostgresQuery) {
        let time: PostgresQuery = "l.shipped_at", none: PostgresQuery = ""
        let product: PostgresQuery = "JOIN catalog_products_view p ON p.id = s.product_id"
        return switch grouping {
        case .day: (time, none, "to_char(s.shipped_at AT TIME ZONE company_time_zone(), 'YYYY-MM-DD')", "NULL::text")
        case .week: (time, none, "to_char(date_trunc('week', s.shipped_at AT TIME ZONE company_time_zone()), 'YYYY-MM-DD')", "NULL::text")
        case .month: (time, none, "to_char(s.shipped_at AT TIME ZONE company_time_zone(), 'YYYY-MM')", "NULL::text")
        case .client: ("l.client_id", "JOIN parties_names_view pa ON pa.id = s.client_id", "s.client_id::text", "pa.name")
        case .product: ("l.product_id", product, "p.sku", "p.name")
        case .category: ("l.product_id", product, "COALESCE(p.category_id::text, '-')", "p.category_name")
        case .manager: ("l.manager_id", "LEFT JOIN access_users_view u ON u.id = s.manager_id",
                        "COALESCE(u.login, '-')", "COALESCE(NULLIF(u.display_name, ''), u.login)")
        }
    }
}
