// The owner's reports: stock, revenue and margin, write-offs, movements, pipeline, overdue tasks —
// JSON by default, `?format=csv` with the same columns. They read through the reports database
// (a replica) when `ERP_REPORTS_DATABASE_URL` is set.

import ERPCore
import Foundation
import HTTP1
import Postgres
import Reports

/// `/api/v1/reports/{stock,revenue,write-offs,movements,pipeline,overdue-tasks}`.
package struct ReportRoutes: RouteGroup {
    package var service: ReportsService

    package init(time: TimeSource = .system) {
        service = ReportsService(time: time)
    }

    package var routes: [Route] {
        let service = self.service
        return [
            report("/api/v1/reports/stock", "Stock on hand and its value: group_by=warehouse|category|product",
                   [.enumeration("group_by", StockGrouping.self, "Grouping (default warehouse)")]) { query, principal, connection in
                let grouping = query.value("group_by", as: StockGrouping.self) ?? .warehouse
                try query.finish()
                return try service.stock(by: grouping, by: principal, on: connection)
            },
            report("/api/v1/reports/revenue",
                   "Revenue, cost, margin, margin % with the previous period: from, to, group_by=day|week|month|client|product|category|manager, top",
                   Self.periodQuery + [.enumeration("group_by", RevenueGrouping.self, "Grouping (default month)"),
                                  QueryParameter("top", .integer(1...RevenueReport.maxTop), "Only the N largest groups")]) {
                query, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                let grouping = query.value("group_by", as: RevenueGrouping.self) ?? .month
                let top = query.value("top", as: Int.self)
                try query.finish()
                return try service.revenue(period, by: grouping, top: top, by: principal, on: connection)
            },
            report("/api/v1/reports/write-offs", "Write-offs: from, to, group_by=reason|warehouse|storekeeper|product",
                   Self.periodQuery + [.enumeration("group_by", WriteOffGrouping.self, "Grouping (default reason)")]) { query, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                let grouping = query.value("group_by", as: WriteOffGrouping.self) ?? .reason
                try query.finish()
                return try service.writeOffs(period, by: grouping, by: principal, on: connection)
            },
            report("/api/v1/reports/movements", "Stock moves by kind with value in and out: from, to", Self.periodQuery) { query, principal, connection in
                let period = try Self.period(&query, service.time, connection)
                try query.finish()
                return try service.movements(period, by: principal, on: connection)
            },
            report("/api/v1/reports/pipeline", "Deals by stage, conversion and cycle time", []) { query, principal, connection in
                try query.finish()
                return try service.pipeline(by: principal, on: connection)
            },
            report("/api/v1/reports/overdue-tasks", "Open and overdue tasks per assignee", []) { query, principal, connection in
                try query.finish()
                return try service.overdueTasks(by: principal, on: connection)
            },
        ]
    }

    /// A report route taking `query` and `format`: runs `make` on the reports connection, answers JSON or CSV.
    private func report(_ path: String, _ summary: String, _ query: [QueryParameter],
                        _ make: @escaping @Sendable (inout QueryFilterReader, Principal, Connection) throws -> Report) -> Route {
        Route(.get, path, summary: summary + "; format=json|csv", access: .permission(.readReports), response: "Report",
              query: query + [.format], produces: [Route.json, Route.csv], statementTimeout: .seconds(15)) { ctx in
            let principal = try ctx.requirePrincipal()
            var query = QueryFilterReader(ctx)
            let csv = query.wantsCSV()
            let report = try ctx.withReportsConnection { connection in try make(&query, principal, connection) }
            guard csv else { return try .json(encoding: report) }
            // The export is audited on the main database (the report may come from a replica).
            return .csv(try ctx.withConnection { try service.csv(of: report, by: principal, on: $0) })
        }
    }

    /// A report period's parameters.
    static let periodQuery: [QueryParameter] = [.date("from", "First day (default 29 days before to)"),
                                           .date("to", "Last day, included (default today)")]

    /// `from` and `to` (dates, both included), defaulted as `ReportPeriod` does ("today" is the company's day).
    static func period(_ query: inout QueryFilterReader, _ time: TimeSource, _ connection: Connection) throws(ERPError) -> ReportPeriod {
        ReportPeriod(from: query.date("from"), to: query.date("to"), today: try CompanyCalendar.day(of: time.now, on: connection))
    }

    package var schemas: [String: JSONValue] {
        ["Report": JSONValue.objectSchema(["report": "string", "parameters": "object", "columns": "array", "rows": "array",
                                           "totals": "object", "summary": "object"])]
    }
}
