// `erp report reconciliation --client INN|ID`: the акт сверки of a client over a period, as a table,
// CSV, JSON (what `GET /api/v1/clients/{id}/reconciliation` returns) or the printable HTML page.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres

enum ReconciliationCommand {
    static let reconciliation = Command(
        ["report", "reconciliation"], summary: "Акт сверки: a client's balance, documents and payments over a period",
        options: [
            CommandSupport.clientOption("The client", required: true), CommandSupport.clientKPP,
            .value("from", "DATE", summary: "First day (default: the first of this month)"),
            .value("to", "DATE", summary: "Last day (default: today)"),
            .value("format", "FORMAT", summary: "table (default), csv, json or html"),
            CommandSupport.actingUser,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let client = arguments.value("client")
        let from = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let to = CommandSupport.parsed(arguments, "to", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let format = CommandSupport.parsed(arguments, "format", "table, csv, json or html", problems: &problems) {
            ["table", "csv", "json", "html"].contains($0) ? $0 : nil
        } ?? "table"
        try problems.throwIfAny()
        guard let client else { throw UsageError("missing required option --client", hint: arguments.seeHelp) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let billing = BillingService(time: context.time)
            let clientID = try CommandSupport.client(client, arguments, by: principal, on: connection)
            let statement = try billing.reconciliation(of: clientID, from: from, to: to, by: principal, on: connection)
            switch format {
            case "csv": context.output(try billing.csv(of: statement, by: principal, on: connection))
            case "json": context.print(try CommandSupport.encoded(statement))
            case "html": context.output(try billing.print(statement))
            default: context.output(table(statement))
            }
            return 0
        }
    }

    /// The statement as an 80-column table between its opening and closing balances.
    private static func table(_ statement: Reconciliation) -> String {
        var table = TextTable([.init("DATE"), .init("DOCUMENT"), .init("DEBIT", .right), .init("CREDIT", .right)])
        table.append([statement.from.description, "opening balance", statement.openingBalance.description, ""])
        for entry in statement.entries {
            table.append([entry.date.description, "\(entry.kind) \(entry.number)", entry.debit.isZero ? "" : entry.debit.description,
                          entry.credit.isZero ? "" : entry.credit.description])
        }
        table.append(["", "turnover", statement.debitTurnover.description, statement.creditTurnover.description])
        table.footer = [statement.to.description, "closing balance", statement.closingBalance.description, ""]
        return "reconciliation with \(statement.client), \(statement.from) – \(statement.to)\n" + table.render()
    }
}
