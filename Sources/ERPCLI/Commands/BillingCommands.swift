// `erp doc issue | list | show | print | correct | annul` and `erp settings show | set`: closing documents and
// our own requisites from the command line — thin adapters over BillingService and
// CompanySettings, acting as the user of `--as`. Documents are named by number (INV-2026-000001).

import Billing
import ERPCore
import Foundation
import Parties
import Postgres
import Sales

enum BillingCommands {
    static let all: [Command] = [issue, list, show, print, correct, annul, settingsShow, settingsSet] + PaymentCommands.all + AdvanceCommands.all

    private static let documentArgument = PositionalSpec("NUMBER", summary: "The document's number (INV-2026-000001) or id")

    static let issue = Command(
        ["doc", "issue"], summary: "Issue a closing document for an order: invoice, upd, act or ukd (for a return)",
        options: [
            .value("type", "TYPE", summary: "invoice, upd, act or ukd", required: true),
            .value("shipment", "ID", summary: "UPD: only this shipment (default: every undocumented one)"),
            .value("return", "ID", summary: "УКД: only this return (default: every undocumented one)"),
            .value("date", "DATE", summary: "The document's date (default: today)"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("ORDER", summary: "The order's number (SO-2026-000001) or id")]
    ) { arguments, context in
        var problems = FieldErrors()
        let type = CommandSupport.parsed(arguments, "type", "invoice, upd, act or ukd", problems: &problems, DocumentType.init(rawValue:))
        let shipment = CommandSupport.parsed(arguments, "shipment", "a shipment id", problems: &problems) { try? ShipmentID(parsing: $0) }
        let returnID = CommandSupport.parsed(arguments, "return", "a return id", problems: &problems) { try? SalesReturnID(parsing: $0) }
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        try problems.throwIfAny()
        let reference = try CommandSupport.required(arguments, positional: "ORDER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let order = try SalesService(time: context.time).order(reference: reference, by: principal, on: connection)
            let document = try BillingService(time: context.time).issue(
                IssueRequest(type: type ?? .invoice, shipmentID: shipment, returnID: returnID, date: date), for: order.id,
                by: principal, on: connection)
            return try DocumentPrinter.print(document, arguments, context)
        }
    }

    static let list = Command(
        ["doc", "list"], summary: "List closing documents, newest first",
        options: [
            .value("order", "ORDER", summary: "Only this order's documents (number or id)"),
            .value("client", "ID", summary: "Only this client's documents"),
            .value("type", "TYPE", summary: "invoice, upd, act, ukd or credit_note"),
            .value("limit", "N", summary: "At most N documents (default 50, at most 500)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let type = CommandSupport.parsed(arguments, "type", "a document type", problems: &problems, DocumentType.init(rawValue:))
        let client = CommandSupport.parsed(arguments, "client", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        let limit = CommandSupport.bounded(arguments, "limit", 1...PageRequest.maximumLimit, problems: &problems)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let order = try arguments.value("order").map { try SalesService(time: context.time).order(reference: $0, by: principal, on: connection).id }
            let documents = try BillingService(time: context.time).documents(DocumentFilter(orderID: order, clientID: client, type: type, limit: limit ?? 50),
                                                           by: principal, on: connection).items
            return try CommandSupport.printList(documents, arguments, context) { documents in
                var table = TextTable([.init("NUMBER"), .init("TYPE"), .init("DATE"), .init("STATUS"), .init("CLIENT"), .init("TOTAL", .right)])
                for document in documents {
                    table.append([document.number, document.type.rawValue, document.date.description, document.status.rawValue,
                                  document.content.buyer.name, document.total.description])
                }
                table.footer = [CommandSupport.count(documents.count, "document"), "", "", "", "", ""]
                return table
            }
        }
    }

    static let show = Command(
        ["doc", "show"], summary: "Show a closing document", options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [documentArgument]
    ) { arguments, context in
        try withDocument(arguments, context) { document, _, _ in try DocumentPrinter.print(document, arguments, context) }
    }

    static let print = Command(
        ["doc", "print"], summary: "Write a document's printable HTML form to stdout (erp doc print N > file.html)",
        options: [.value("form", "FORM", summary: "standard (default) or torg12 (a UPD's ТОРГ-12)"), CommandSupport.actingUser],
        positionals: [documentArgument]
    ) { arguments, context in
        var problems = FieldErrors()
        let form = CommandSupport.parsed(arguments, "form", "standard or torg12", problems: &problems, PrintForm.Form.init(rawValue:))
        try problems.throwIfAny()
        return try withDocument(arguments, context) { document, principal, connection in
            context.output(try BillingService(time: context.time).print(document.id, form: form ?? .standard, by: principal, on: connection))
            return 0
        }
    }

    static let correct = Command(
        ["doc", "correct"], summary: "Correct quantities or prices of a UPD's lines by a УКД (no stock moves)",
        options: [
            .repeatable("line", "POS:QTY[:PRICE]", summary: "The UPD's line POS gets QTY and PRICE (leave QTY empty to keep it: 2::990,00)"),
            .value("date", "DATE", summary: "The УКД's date (default: today)"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [documentArgument]
    ) { arguments, context in
        var problems = FieldErrors()
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let lines = arguments.values("line").compactMap { correctedLine($0, problems: &problems) }
        if arguments.values("line").isEmpty { problems.add("line", "give at least one --line POS:QTY[:PRICE]") }
        try problems.throwIfAny()
        return try withDocument(arguments, context) { document, principal, connection in
            let corrected = try BillingService(time: context.time).correct(CorrectionRequest(date: date, lines: lines), of: document.id,
                                                                           by: principal, on: connection)
            return try DocumentPrinter.print(corrected, arguments, context)
        }
    }

    /// `2:1,5:990,00`, `2::990,00` or `2:1` as a corrected line; nil (and a problem) otherwise.
    private static func correctedLine(_ text: String, problems: inout FieldErrors) -> CorrectedLine? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let qty = parts.count > 1 && !parts[1].isEmpty ? try? Quantity(typed: parts[1]) : nil
        let price = parts.count > 2 && !parts[2].isEmpty ? try? Money(typed: parts[2]) : nil
        guard (2...3).contains(parts.count), let position = Int(parts[0]), position > 0,
              parts[1].isEmpty || qty != nil, parts.count < 3 || parts[2].isEmpty || price != nil, qty != nil || price != nil else {
            problems.add("line", "\(text) is not POS:QTY[:PRICE] with a new quantity or price, like 1:2 or 1::990,00")
            return nil
        }
        return CorrectedLine(position: position, qty: qty, price: price)
    }

    static let annul = Command(
        ["doc", "annul"], summary: "Annul a document (it keeps its number)",
        options: [.value("reason", "TEXT", summary: "Why", required: true), CommandSupport.actingUser, CommandSupport.json],
        positionals: [documentArgument]
    ) { arguments, context in
        try withDocument(arguments, context) { document, principal, connection in
            let annulled = try BillingService(time: context.time).annul(document.id, reason: try arguments.required("reason"), by: principal, on: connection)
            return try DocumentPrinter.print(annulled, arguments, context)
        }
    }

    static let settingsShow = Command(
        ["settings", "show"], summary: "Show our company's requisites and tax settings",
        options: [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let settings = try CompanySettings.get(by: principal, on: connection)
            context.output(arguments.flag("json") ? try CommandSupport.encoded(settings) + "\n" : SettingsPrinter.render(settings))
            return 0
        }
    }

    static let settingsSet = Command(
        ["settings", "set"], summary: "Change our company's requisites and tax settings (owners); flags not given stay",
        options: SettingsPrinter.options + [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let changed = try SettingsPrinter.apply(arguments, to: try CompanySettings.get(by: principal, on: connection))
            let saved = try CompanySettings.save(changed, by: principal, on: connection)
            context.output(arguments.flag("json") ? try CommandSupport.encoded(saved) + "\n" : SettingsPrinter.render(saved))
            return 0
        }
    }

    /// Finds the NUMBER argument's document as the acting user sees it and runs `body`.
    private static func withDocument(_ arguments: ParsedArguments, _ context: CommandContext,
                                     _ body: (IssuedDocument, Principal, Connection) throws -> Int32) throws -> Int32 {
        let reference = try CommandSupport.required(arguments, positional: "NUMBER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            return try body(try BillingService(time: context.time).document(reference: reference, by: principal, on: connection), principal, connection)
        }
    }
}

enum DocumentPrinter {
    static func print(_ document: IssuedDocument, _ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(document))
            return 0
        }
        let content = document.content
        var text = "\(document.number)  \(document.type.rawValue) of \(document.date)  \(document.status.rawValue)\n"
        text += "seller: \(content.seller.name) (\(content.seller.innAndKPP))\nbuyer:  \(content.buyer.name) (\(content.buyer.innAndKPP))\n"
        if let reason = document.annulReason { text += "annulled: \(reason)\n" }
        if let corrected = content.correctedDocument { text += "corrects: \(corrected.number) of \(corrected.date)\n" }
        if let change = content.correctionTotals?.change { text += "change: \(change) (the lines below are as corrected)\n" }
        var table = TextTable([.init("#", .right), .init("NAME"), .init("QTY", .right), .init("PRICE", .right), .init("VAT", .right),
                               .init("TOTAL", .right)])
        for line in content.lines {
            table.append([String(line.position), line.productName, line.qty.description, line.price.description,
                          line.vat.description, line.gross.description])
        }
        table.footer = ["", CommandSupport.count(content.lines.count, "line"), "", "", content.totals.vat.description, content.totals.gross.description]
        context.output(text + table.render())
        return 0
    }
}
