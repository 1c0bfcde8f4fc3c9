// `erp report stock | revenue | write-offs | movements | pipeline | overdue-tasks`: the owner's
// reports as tables with a total row, or `--format csv|json` with the API's columns. They read
// the reports database (ERP_REPORTS_DATABASE_URL, a replica) when one is set.

import ERPCore
import Foundation
import Postgres
import Reports

enum ReportCommands {
    static let all: [Command] = [stock, revenue, writeOffs, movements, pipeline, overdueTasks]

    private static let period: [OptionSpec] = [
        .value("from", "DATE", summary: "First day (default: 30 days ago)"),
        .value("to", "DATE", summary: "Last day (default: today)"),
    ]

    static let stock = command("stock", "Stock on hand and its value", [.value("by", "GROUP", summary: "warehouse (default), category or product")]) {
        arguments, problems, reports, principal, connection in
        let grouping = CommandSupport.parsed(arguments, "by", "warehouse, category or product", problems: &problems, StockGrouping.init(rawValue:))
        try problems.throwIfAny()
        return try reports.stock(by: grouping ?? .warehouse, by: principal, on: connection)
    }

    static let revenue = command("revenue", "Revenue, cost, margin and margin % with the previous period", period + [
        .value("by", "GROUP", summary: "day, week, month (default), client, product, category or manager"),
        .value("top", "N", summary: "Only the N largest groups"),
    ]) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        let grouping = CommandSupport.parsed(arguments, "by", "a grouping", problems: &problems, RevenueGrouping.init(rawValue:))
        let top = CommandSupport.bounded(arguments, "top", 1...RevenueReport.maxTop, problems: &problems)
        try problems.throwIfAny()
        return try reports.revenue(span, by: grouping ?? .month, top: top, by: principal, on: connection)
    }

    static let writeOffs = command("write-offs", "Write-offs by reason, warehouse, storekeeper or product", period + [
        .value("by", "GROUP", summary: "reason (default), warehouse, storekeeper or product"),
    ]) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        let grouping = CommandSupport.parsed(arguments, "by", "a grouping", problems: &problems, WriteOffGrouping.init(rawValue:))
        try problems.throwIfAny()
        return try reports.writeOffs(span, by: grouping ?? .reason, by: principal, on: connection)
    }

    static let movements = command("movements", "Stock moves by kind with the value in and out", period) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        try problems.throwIfAny()
        return try reports.movements(span, by: principal, on: connection)
    }

    static let pipeline = command("pipeline", "Deals by stage, conversion and cycle time", []) { _, problems, reports, principal, connection in
        try problems.throwIfAny()
        return try reports.pipeline(by: principal, on: connection)
    }

    static let overdueTasks = command("overdue-tasks", "Open and overdue tasks per assignee", []) { _, problems, reports, principal, connection in
        try problems.throwIfAny()
        return try reports.overdueTasks(by: principal, on: connection)
    }

    /// A report command: its options plus `--format` and `--as`, run on the reports database.
    private static func command(_ name: String, _ summary: String, _ options: [OptionSpec],
                                _ make: @escaping @Sendable (ParsedArguments, inout FieldErrors, ReportsService, Principal, Connection) throws -> Report) -> Command {
        Command(["report", name], summary: summary, options: options + [OutputFormat.option, CommandSupport.actingUser]) { arguments, context in
            var problems = FieldErrors()
            let output = OutputFormat.chosen(arguments, problems: &problems)
            return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
                let reports = ReportsService(time: context.time)
                let report = try withReportsConnection(context, connection) { try make(arguments, &problems, reports, principal, $0) }
                switch output {
                case .csv: context.output(try reports.csv(of: report, by: principal, on: connection))
                case .json: context.print(try CommandSupport.encoded(report))
                case .table:
                    var table = TextTable(report.columns.indices.map { column in
                        TextTable.Column(report.columns[column].uppercased(), isNumeric(column, of: report) ? .right : .left)
                    })
                    for row in report.textRows { table.append(row) }
                    table.footer = report.totals.map(\.display)
                    let summary = report.summary.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.display)" }
                    context.output(table.render() + (summary.isEmpty ? "" : summary.joined(separator: "\n") + "\n"))
                }
                return 0
            }
        }
    }

    /// Whether a column holds numbers (blank cells aside): those line up on the right and are never cut.
    private static func isNumeric(_ column: Int, of report: Report) -> Bool {
        (report.rows + [report.totals]).allSatisfy { cells in
            guard column < cells.count, case .text(let text) = cells[column] else { return true }
            return text.isEmpty
        }
    }

    /// The reports database when ERP_REPORTS_DATABASE_URL is set, else `main`.
    private static func withReportsConnection(_ context: CommandContext, _ main: Connection,
                                              _ body: (Connection) throws -> Report) throws -> Report {
        guard let url = context.settings.reportsDatabaseURL else { return try body(main) }
        let replica = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp reports"))
        defer { replica.close() }
        return try body(replica)
    }

    private static func dates(_ arguments: ParsedArguments, _ problems: inout FieldErrors, _ reports: ReportsService,
                              _ connection: Connection) throws(ERPError) -> ReportPeriod {
        let from = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let to = CommandSupport.parsed(arguments, "to", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        return ReportPeriod(from: from, to: to, today: try CompanyCalendar.day(of: reports.time.now, on: connection))
    }
}
