// `erp report stock | revenue | write-offs | movements | pipeline | overdue-tasks`: the owner's
// reports as tables with a total row, or `--format csv|json` with the API's columns; narrowed by
// the filters the pages have (a period preset, warehouse, manager, client) and worded in Russian
// unless `--lang en`. They read the reports database (ERP_REPORTS_DATABASE_URL, a replica) when
// one is set.

import ERPCore
import Foundation
import Parties
import Postgres
import Reports

enum ReportCommands {
    static let all: [Command] = [stock, revenue, writeOffs, movements, pipeline, overdueTasks]

    private static let period: [OptionSpec] = [
        .value("preset", "NAME", summary: "today, month, last_month, quarter or year (instead of --from and --to)"),
        .value("from", "DATE", summary: "First day (default: 30 days ago)"),
        .value("to", "DATE", summary: "Last day (default: today)"),
    ]
    private static let warehouse = OptionSpec.value("warehouse", "CODE", summary: "Only this warehouse (code or id)")

    static let stock = command("stock", "Stock on hand and its value", [
        .value("by", "GROUP", summary: "warehouse (default), category or product"), warehouse,
    ]) { arguments, problems, reports, principal, connection in
        let grouping = CommandSupport.parsed(arguments, "by", "warehouse, category or product", problems: &problems, StockGrouping.init(rawValue:))
        let filter = try narrowing(arguments, &problems, principal, connection)
        try problems.throwIfAny()
        return try reports.stock(by: grouping ?? .warehouse, filter: filter, by: principal, on: connection)
    }

    static let revenue = command("revenue", "Revenue, cost, margin and margin % with the previous period", period + [
        .value("by", "GROUP", summary: "day, week, month (default), client, product, category or manager"),
        .value("top", "N", summary: "Only the N largest groups"),
        .value("manager", "USER_ID", summary: "Only this manager's sales"),
        .value("client", "ID", summary: "Only this client (party id)"),
    ]) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        let grouping = CommandSupport.parsed(arguments, "by", "a grouping", problems: &problems, RevenueGrouping.init(rawValue:))
        let top = CommandSupport.bounded(arguments, "top", 1...RevenueReport.maxTop, problems: &problems)
        let filter = try narrowing(arguments, &problems, principal, connection)
        try problems.throwIfAny()
        return try reports.revenue(span, by: grouping ?? .month, top: top, filter: filter, by: principal, on: connection)
    }

    static let writeOffs = command("write-offs", "Write-offs by reason, warehouse, storekeeper or product", period + [
        .value("by", "GROUP", summary: "reason (default), warehouse, storekeeper or product"), warehouse,
    ]) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        let grouping = CommandSupport.parsed(arguments, "by", "a grouping", problems: &problems, WriteOffGrouping.init(rawValue:))
        let filter = try narrowing(arguments, &problems, principal, connection)
        try problems.throwIfAny()
        return try reports.writeOffs(span, by: grouping ?? .reason, filter: filter, by: principal, on: connection)
    }

    static let movements = command("movements", "Stock moves with the value in and out", period + [
        .value("by", "GROUP", summary: "kind (default), product, warehouse or day"), warehouse,
    ]) { arguments, problems, reports, principal, connection in
        let span = try dates(arguments, &problems, reports, connection)
        let grouping = CommandSupport.parsed(arguments, "by", "a grouping", problems: &problems, MovementGrouping.init(rawValue:))
        let filter = try narrowing(arguments, &problems, principal, connection)
        try problems.throwIfAny()
        return try reports.movements(span, by: grouping ?? .kind, filter: filter, by: principal, on: connection)
    }

    static let pipeline = command("pipeline", "Deals by stage, conversion from each stage to the next, won vs lost, cycle time", []) {
        _, problems, reports, principal, connection in
        try problems.throwIfAny()
        return try reports.pipeline(by: principal, on: connection)
    }

    static let overdueTasks = command("overdue-tasks", "Open and overdue tasks per assignee", []) { _, problems, reports, principal, connection in
        try problems.throwIfAny()
        return try reports.overdueTasks(by: principal, on: connection)
    }

    /// A report command: its options plus `--lang`, `--format` and `--as`, run on the reports database.
    private static func command(_ name: String, _ summary: String, _ options: [OptionSpec],
                                _ make: @escaping @Sendable (ParsedArguments, inout FieldErrors, ReportsService, Principal, Connection) throws -> Report) -> Command {
        Command(["report", name], summary: summary, options: options + [language, OutputFormat.option, CommandSupport.actingUser]) {
            arguments, context in
            var problems = FieldErrors()
            let output = OutputFormat.chosen(arguments, problems: &problems)
            let words = CommandSupport.parsed(arguments, "lang", "ru or en", problems: &problems, Language.init(rawValue:)) ?? .ru
            return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
                let reports = ReportsService(time: context.time, language: words)
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

    private static let language = OptionSpec.value("lang", "LANG", summary: "The report's words: ru (default) or en")

    /// `--preset`, or `--from` and `--to`.
    private static func dates(_ arguments: ParsedArguments, _ problems: inout FieldErrors, _ reports: ReportsService,
                              _ connection: Connection) throws(ERPError) -> ReportPeriod {
        let preset = CommandSupport.parsed(arguments, "preset", "today, month, last_month, quarter, year or custom", problems: &problems,
                                           PeriodPreset.init(rawValue:))
        let from = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let to = CommandSupport.parsed(arguments, "to", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        return try ReportPeriod.asked(preset: preset, from: from, to: to, today: try CompanyCalendar.day(of: reports.time.now, on: connection))
    }

    /// `--warehouse` (a code or id, looked up), `--manager` and `--client` (ids) where the command has them.
    private static func narrowing(_ arguments: ParsedArguments, _ problems: inout FieldErrors, _ principal: Principal,
                                  _ connection: Connection) throws -> ReportFilter {
        let manager = CommandSupport.parsed(arguments, "manager", "a user id", problems: &problems) { try? UserID(parsing: $0) }
        let client = CommandSupport.parsed(arguments, "client", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        let warehouse = try arguments.value("warehouse").map { try StockCommands.warehouse($0, principal, connection).id }
        return ReportFilter(warehouseID: warehouse, managerID: manager, clientID: client)
    }
}
