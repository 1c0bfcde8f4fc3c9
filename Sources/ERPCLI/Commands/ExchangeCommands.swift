// `erp doc xml N [FILE]`, `erp bank import | queue | resolve | dismiss | reopen | orders` and `erp export 1c`: the
// electronic UPD, bank statements, payment orders and the period for 1C from the command line —
// thin adapters over ExchangeService, acting as `--as`.

import Billing
import ERPCore
import Exchange
import Foundation
import Parties
import Postgres
import Purchasing

enum ExchangeCommands {
    static let all: [Command] = [documentXML, bankImport, bankQueue, bankResolve, bankDismiss, bankReopen, bankOrders, export1C]

    static let documentXML = Command(
        ["doc", "xml"], summary: "Write a UPD as the ФНС's electronic document (format 5.03) to FILE (default: ./<ИдФайл>.xml)",
        options: [CommandSupport.actingUser],
        positionals: [PositionalSpec("NUMBER", summary: "The UPD's number (УПД-2026-000001) or id"),
                      PositionalSpec("FILE", summary: "Where to write it (the ФНС expects the file named by its ИдФайл)", required: false)]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "NUMBER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let file = try ExchangeService(time: context.time).electronicUPD(reference: reference, by: principal, on: connection)
            try write(file.bytes, to: arguments.positional("FILE") ?? file.fileName, context)
            return 0
        }
    }

    static let export1C = Command(
        ["export", "1c"], summary: "Write the issued UPDs, receipts from suppliers and returns both ways of a period, their parties and items, as EnterpriseData 1.21 for 1C",
        options: [.value("from", "DATE", summary: "First day (the UPD's date)", required: true),
                  .value("to", "DATE", summary: "Last day, included", required: true), CommandSupport.actingUser],
        positionals: [PositionalSpec("FILE", summary: "Where to write the message (UTF-8 XML)")]
    ) { arguments, context in
        var problems = FieldErrors()
        let from = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let to = CommandSupport.parsed(arguments, "to", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let path = try CommandSupport.required(arguments, positional: "FILE")
        try problems.throwIfAny()
        guard let from, let to else { return 2 }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let bytes = try ExchangeService(time: context.time).enterpriseData(from: from, to: to, by: principal, on: connection)
            try write(bytes, to: path, context)
            return 0
        }
    }

    static let bankOrders = Command(
        ["bank", "orders"], summary: "Write our payments to suppliers (a period or ids) as payment orders for the bank client",
        options: [.value("from", "DATE", summary: "First day (the payment's date)"), .value("to", "DATE", summary: "Last day, included"),
                  .value("ids", "ID,…", summary: "Supplier payment ids instead of a period"), CommandSupport.actingUser],
        positionals: [PositionalSpec("FILE", summary: "Where to write the file (1CClientBankExchange, windows-1251)")]
    ) { arguments, context in
        var problems = FieldErrors()
        let from = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let to = CommandSupport.parsed(arguments, "to", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let ids = CommandSupport.parsed(arguments, "ids", "payment ids separated by commas, like 3,7", problems: &problems) {
            try? PaymentOrderSelection.ids(parsing: $0)
        }
        let path = try CommandSupport.required(arguments, positional: "FILE")
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let bytes = try ExchangeService(time: context.time).paymentOrders(PaymentOrderSelection(from: from, to: to, ids: ids ?? []),
                                                                             by: principal, on: connection)
            try write(bytes, to: path, context)
            return 0
        }
    }

    /// Writes an exported file and prints its path.
    private static func write(_ bytes: [UInt8], to path: String, _ context: CommandContext) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ERPError.validationFailed(fields: ["FILE": "cannot write \(path)"])
        }
        context.print(path)
    }

    static let bankImport = Command(
        ["bank", "import"], summary: "Import a bank statement (1CClientBankExchange): client and supplier payments recorded, the rest queued",
        options: [.flag("dry-run", summary: "Show what would happen and change nothing"), CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("FILE", summary: "The statement as the bank client exported it (any of its encodings)")]
    ) { arguments, context in
        let path = try CommandSupport.required(arguments, positional: "FILE")
        guard let bytes = FileManager.default.contents(atPath: path) else { throw ERPError.notFound(entity: "file", id: path) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let result = try ExchangeService(time: context.time).importStatement(Array(bytes), dryRun: arguments.flag("dry-run"),
                                                                                  by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(result))
                return 0
            }
            context.note("read \(path) as \(result.encoding): "
                         + StatementLineResult.Outcome.allCases.map { "\($0.rawValue) \(result.count($0))" }.joined(separator: ", ")
                         + (result.applied ? "" : "; preview: nothing was saved"))
            var table = TextTable([.init("#", .right), .init("TYPE"), .init("NUMBER"), .init("DATE"), .init("AMOUNT", .right),
                                   .init("OUTCOME"), .init("DETAILS")])
            for line in result.lines {
                let supplier = line.supplierID.map { "supplier \($0.rawValue)" }
                let details = line.outcome == .paid ? [line.invoiceNumber, supplier, line.matchedBy].compactMap { $0 }.joined(separator: " · ")
                    : line.reason ?? ""
                table.append([String(line.position), line.type, line.number ?? "", line.date?.description ?? "",
                              line.amount?.description ?? "", line.outcome.rawValue, details])
            }
            table.footer = [CommandSupport.count(result.lines.count, "line"), "", "", "", "", "", ""]
            context.output(table.render())
            return 0
        }
    }

    static let bankQueue = Command(
        ["bank", "queue"], summary: "Statement lines no client or supplier matched (or those dismissed), oldest first",
        options: [.flag("dismissed", summary: "The dismissed lines instead of the queued ones"), CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let lines = try ExchangeService(time: context.time).statementQueue(dismissed: arguments.flag("dismissed"), by: principal,
                                                                               on: connection)
            return try CommandSupport.printList(lines, arguments, context) { lines in
                var table = TextTable([.init("LINE", .right), .init("DATE"), .init("NUMBER"), .init("AMOUNT", .right), .init("INN"),
                                       .init("PAYER/PAYEE"), .init("WHY")])
                for line in lines {
                    // Money in: who paid us; money out: whom we paid.
                    let incoming = !line.amount.isNegative
                    table.append([String(line.id.rawValue), line.date.description, line.number, line.amount.description,
                                  (incoming ? line.payerINN : line.payeeINN) ?? "", (incoming ? line.payerName : line.payeeName) ?? "",
                                  line.dismissal.map { [$0.reason.rawValue, $0.comment].compactMap { $0 }.joined(separator: ": ") } ?? line.reason ?? ""])
                }
                table.footer = [CommandSupport.count(lines.count, "line"), "", "", "", "", "", ""]
                return table
            }
        }
    }

    static let bankResolve = Command(
        ["bank", "resolve"], summary: "Resolve a queued statement line: record the client's payment or the payment to the supplier",
        options: [.value("client", "ID", summary: "Money in: the client who paid (party id)"),
                  .value("invoice", "NUMBER", summary: "Money in: the invoice it pays (default: oldest invoices first)"),
                  .value("supplier", "ID", summary: "Money out: the supplier we paid (party id; oldest bills first)"),
                  CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("LINE", summary: "The queued line's id (erp bank queue)")]
    ) { arguments, context in
        var problems = FieldErrors()
        let line = try lineID(arguments, problems: &problems)
        let client = CommandSupport.parsed(arguments, "client", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        let supplier = CommandSupport.parsed(arguments, "supplier", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        if (arguments.value("client") == nil) == (arguments.value("supplier") == nil) {
            problems.add("client", "give --client (money in) or --supplier (money out), one of them")
        }
        try problems.throwIfAny()
        guard let line else { return 2 }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let invoice = try arguments.value("invoice").map {
                try BillingService(time: context.time).document(reference: $0, by: principal, on: connection).id
            }
            let resolved = try ExchangeService(time: context.time).resolve(line, StatementResolution(clientID: client, invoiceID: invoice, supplierID: supplier),
                                                                         by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(resolved))
            } else {
                let payment = resolved.paymentID?.rawValue ?? resolved.supplierPaymentID?.rawValue
                context.print("line \(resolved.id.rawValue): \(resolved.status), payment \(payment.map { String($0) } ?? "-")")
            }
            return 0
        }
    }
}
