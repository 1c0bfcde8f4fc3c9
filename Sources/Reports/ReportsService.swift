// The owner's reports facade. Each report is one read-only transaction (repeatable read, so every
// figure comes from one snapshot) on the connection it is given — the reports database
// (`ERP_REPORTS_DATABASE_URL`, a replica) when one is configured, else the main one.

import ERPCore
import Postgres

/// What `/api/v1/reports/…` and `erp report …` call.
package struct ReportsService: Sendable {
    package var time: TimeSource
    /// The language of the words a report writes (totals, periods, reasons); its keys do not change.
    package var language: Language

    package init(time: TimeSource = .system, language: Language = .ru) {
        self.time = time
        self.language = language
    }

    /// Revenue narrowed by `filter`'s manager and client, beside the previous period unless `comparing` is off.
    package func revenue(_ period: ReportPeriod, by grouping: RevenueGrouping, top: Int? = nil, filter: ReportFilter = ReportFilter(),
                         comparing: Bool = true, by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        try run(principal, connection) { tx in
            try RevenueReport.run(period, by: grouping, top: top, filter: filter, comparing: comparing, language: language, in: tx)
        }
    }

    /// Stock narrowed by `filter`'s warehouse.
    package func stock(by grouping: StockGrouping, filter: ReportFilter = ReportFilter(), by principal: Principal,
                       on connection: Connection) throws(ERPError) -> Report {
        try run(principal, connection) { tx in try StockReports.stock(by: grouping, filter: filter, language: language, in: tx) }
    }

    /// Write-offs narrowed by `filter`'s warehouse.
    package func writeOffs(_ period: ReportPeriod, by grouping: WriteOffGrouping, filter: ReportFilter = ReportFilter(),
                           by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        try run(principal, connection) { tx in try StockReports.writeOffs(period, by: grouping, filter: filter, language: language, in: tx) }
    }

    /// Stock moves by kind, as the API and `erp report movements` give them.
    package func movements(_ period: ReportPeriod, by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        try movements(period, by: .kind, by: principal, on: connection)
    }

    /// Stock moves by kind, product, warehouse or day, narrowed by `filter`'s warehouse.
    package func movements(_ period: ReportPeriod, by grouping: MovementGrouping, filter: ReportFilter = ReportFilter(),
                           by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        try run(principal, connection) { tx in try StockReports.movements(period, by: grouping, filter: filter, language: language, in: tx) }
    }

    /// The warehouses and managers a report's filter bar offers.
    /// - Throws: `ERPError.forbidden` without `readReports`; translated database errors.
    package func filterChoices(by principal: Principal, on connection: Connection) throws(ERPError) -> ReportFilterChoices {
        try principal.require(.readReports)
        return try connection.serviceTransaction(isolation: .repeatableRead) { tx in try ReportFilterChoices.read(in: tx) }
    }

    /// Deals by stage with the conversion from each stage to the next, won vs lost and cycle time.
    package func pipeline(by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        try run(principal, connection) { tx in try CRMReports.pipeline(language: language, in: tx) }
    }

    /// Open, overdue and due-today tasks per assignee.
    package func overdueTasks(by principal: Principal, on connection: Connection) throws(ERPError) -> Report {
        let now = time.now
        return try run(principal, connection) { tx in try CRMReports.overdueTasks(at: now, language: language, in: tx) }
    }

    /// `report` as CSV, the export audited (`report.export`) on `connection` — the main database,
    /// not the replica the report may have been read from.
    /// - Throws: `ERPError.forbidden` without `readReports`; translated database errors.
    package func csv(of report: Report, dialect: CSVDialect = .standard, by principal: Principal,
                     on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readReports)
        return try report.exported(as: "report.export", entityType: "report",
                                   parameters: report.parameters.merging(["report": report.name]) { $1 }, dialect: dialect,
                                   by: principal, on: connection)
    }

    private func run(_ principal: Principal, _ connection: Connection, _ body: (Transaction) throws -> Report) throws(ERPError) -> Report {
        try principal.require(.readReports)
        return try connection.serviceTransaction(isolation: .repeatableRead, body)
    }
}
