// The owner's reports: stock, revenue and margin, write-offs, movements, pipeline, overdue tasks —
// JSON by default, `?format=csv` with the same columns; narrowed by the filters the report pages
// have (a period preset, warehouse, manager, client) and worded (totals, periods, reasons) in the
// reader's language, Russian unless `Accept-Language` asks for English. They read through the
// reports database (a replica) when `ERP_REPORTS_DATABASE_URL` is set.

import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres
import Reports
import Warehouse

/// `/api/v1/reports/{stock,revenue,write-offs,movements,pipeline,overdue-tasks}`.
package struct ReportRoutes: RouteGroup {
    package var service: ReportsService

    package init(time: TimeSource = .system) {
        service = ReportsService(time: time)
    }

    package var routes: [Route] {
        [
            report("/api/v1/reports/stock", "Stock on hand and its value: group_by=warehouse|category|product, warehouse_id",
                   [.enumeration("group_by", StockGrouping.self, "Grouping (default warehouse)"), Self.narrowing[0]]) {
                query, service, principal, connection in
                let grouping = query.value("group_by", as: StockGrouping.self) ?? .warehouse
                let filter = Self.filter(&query, by: true)
                try query.finish()
                return try service.stock(by: grouping, filter: filter, by: principal, on: connection)
            },
            report("/api/v1/reports/revenue",
                   "Revenue, cost, margin, margin % with the previous period: from, to or preset, "
                       + "group_by=day|week|month|client|product|category|manager, top, manager_id, client_id",
                   Self.periodQuery + [.enumeration("group_by", RevenueGrouping.self, "Grouping (default month)"),
                                       QueryParameter("top", .integer(1...RevenueReport.maxTop), "Only the N largest groups")]
                       + Self.narrowing[1...]) { query, service, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                let grouping = query.value("group_by", as: RevenueGrouping.self) ?? .month
                let top = query.value("top", as: Int.self)
                let filter = Self.filter(&query, by: false)
                try query.finish()
                return try service.revenue(period, by: grouping, top: top, filter: filter, by: principal, on: connection)
            },
            report("/api/v1/reports/write-offs", "Write-offs: from, to or preset, group_by=reason|warehouse|storekeeper|product, warehouse_id",
                   Self.periodQuery + [.enumeration("group_by", WriteOffGrouping.self, "Grouping (default reason)"), Self.narrowing[0]]) {
                query, service, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                let grouping = query.value("group_by", as: WriteOffGrouping.self) ?? .reason
                let filter = Self.filter(&query, by: true)
                try query.finish()
                return try service.writeOffs(period, by: grouping, filter: filter, by: principal, on: connection)
            },
            report("/api/v1/reports/movements",
                   "Stock moves with value in and out: from, to or preset, group_by=kind|product|warehouse|day, warehouse_id",
                   Self.periodQuery + [.enumeration("group_by", MovementGrouping.self, "Grouping (default kind)"), Self.narrowing[0]]) {
                query, service, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                let grouping = query.value("group_by", as: MovementGrouping.self) ?? .kind
                let filter = Self.filter(&query, by: true)
                try query.finish()
                return try service.movements(period, by: grouping, filter: filter, by: principal, on: connection)
            },
            report("/api/v1/reports/pipeline", "Deals by stage, conversion from each stage to the next, won vs lost, cycle time", []) {
                query, service, principal, connection in
                try query.finish()
                return try service.pipeline(by: principal, on: connection)
            },
            report("/api/v1/reports/overdue-tasks", "Open and overdue tasks per assignee", []) { query, service, principal, connection in
                try query.finish()
                return try service.overdueTasks(by: principal, on: connection)
            },
        ]
    }

    /// A report route taking `query` and `format`: runs `make` on the reports connection with the
    /// service in the reader's language (`Accept-Language`, Russian unless English is asked for),
    /// answers JSON or CSV.
    private func report(_ path: String, _ summary: String, _ query: [QueryParameter],
                        _ make: @escaping @Sendable (inout QueryFilterReader, ReportsService, Principal, Connection) throws -> Report) -> Route {
        let time = service.time
        return Route(.get, path, summary: summary + "; format=json|csv", access: .permission(.readReports), response: "Report",
                     query: query + [.format], produces: [Route.json, Route.csv], statementTimeout: .seconds(15)) { ctx in
            let principal = try ctx.requirePrincipal()
            let service = ReportsService(time: time, language: Language.choose(cookie: nil, acceptLanguage: ctx.header("Accept-Language")))
            var query = QueryFilterReader(ctx)
            let csv = query.wantsCSV()
            let report = try ctx.withReportsConnection { connection in try make(&query, service, principal, connection) }
            guard csv else { return try .json(encoding: report) }
            // The export is audited on the main database (the report may come from a replica).
            return .csv(try ctx.withConnection { try service.csv(of: report, by: principal, on: $0) })
        }
    }

    /// A report period's parameters: a preset, or the first and last day.
    static let periodQuery: [QueryParameter] = [
        .enumeration("preset", PeriodPreset.self, "A named period (today, month, last_month, quarter, year); custom or none takes from and to"),
        .date("from", "First day (default 29 days before to)"),
        .date("to", "Last day, included (default today)"),
    ]

    /// What narrows a report: the warehouse (stock, write-offs, movements), the manager and the
    /// client (revenue). Only owners and accountants read reports, and they see everything.
    static let narrowing: [QueryParameter] = [.id("warehouse_id", "Only this warehouse"), .id("manager_id", "Only this manager's sales"),
                                              .id("client_id", "Only this client")]

    /// The narrowing parameters a report reads: the warehouse, or the manager and the client.
    static func filter(_ query: inout QueryFilterReader, by warehouse: Bool) -> ReportFilter {
        warehouse ? ReportFilter(warehouseID: query.value("warehouse_id", as: WarehouseID.self))
            : ReportFilter(managerID: query.value("manager_id", as: UserID.self), clientID: query.value("client_id", as: PartyID.self))
    }

    /// `preset`, or `from` and `to` (dates, both included) defaulted as `ReportPeriod` does ("today" is the company's day).
    static func period(_ query: inout QueryFilterReader, _ time: TimeSource, _ connection: Connection) throws(ERPError) -> ReportPeriod {
        try ReportPeriod.asked(preset: query.value("preset", as: PeriodPreset.self), from: query.date("from"), to: query.date("to"),
                               today: try CompanyCalendar.day(of: time.now, on: connection))
    }

    package var schemas: [String: JSONValue] {
        ["Report": JSONValue.objectSchema(["report": "string", "parameters": "object", "columns": "array", "rows": "array",
                                           "totals": "object", "summary": "object"])]
    }
}
