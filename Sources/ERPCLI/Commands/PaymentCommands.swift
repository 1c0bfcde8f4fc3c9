// `erp payment add | list | reverse` and `erp report receivables`: money coming in and who still
// owes what — thin adapters over BillingService, acting as the user of `--as`.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres

enum PaymentCommands {
    static let all: [Command] = [add, list, reverse, receivables, ReconciliationCommand.reconciliation]

    static let add = Command(
        ["payment", "add"], summary: "Record an incoming payment (allocated to the oldest invoices unless --allocate or --credit)",
        options: [
            CommandSupport.clientOption("The paying client", required: true), CommandSupport.clientKPP,
            .value("amount", "AMOUNT", summary: "How much, e.g. 12500.00", required: true),
            .value("date", "DATE", summary: "When it arrived (default: today)"),
            .value("ref", "TEXT", summary: "The bank's reference (payment order number)"),
            .value("note", "TEXT", summary: "A note"),
            .repeatable("allocate", "INVOICE:AMOUNT", summary: "Pay this much of this invoice (number or id)"),
            .flag("credit", summary: "Allocate nothing: keep it all as the client's credit"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let client = arguments.value("client")
        let amount = arguments.value("amount").flatMap { text in
            problems.check("amount") { () throws(ValueError) in try Money(typed: text) }
        }
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        try problems.throwIfAny()
        guard let client, let amount else { throw UsageError("give --client and --amount", hint: arguments.seeHelp) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let billing = BillingService(time: context.time)
            let clientID = try CommandSupport.client(client, arguments, by: principal, on: connection)
            var allocations: [Allocation]? = arguments.flag("credit") ? [] : nil
            for (index, text) in arguments.values("allocate").enumerated() {
                guard let colon = text.lastIndex(of: ":"),
                      let part = try? Money(typed: text[text.index(after: colon)...]) else {
                    throw ERPError.validationFailed(fields: ["--allocate \(index + 1)": "'\(text)' is not INVOICE:AMOUNT"])
                }
                let invoice = try billing.document(reference: String(text[..<colon]), by: principal, on: connection)
                allocations = (allocations ?? []) + [Allocation(documentID: invoice.id, amount: part)]
            }
            let payment = try billing.record(NewPayment(
                clientID: clientID, amount: amount, date: try date ?? CompanyCalendar.day(of: context.time.now, on: connection),
                bankRef: arguments.value("ref"),
                note: arguments.value("note"), allocations: allocations), by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(payment))
            } else {
                context.output(table([payment], try DisplayNames.load(parties: [payment.clientID], by: principal, on: connection)).render())
            }
            return 0
        }
    }

    static let list = Command(
        ["payment", "list"], summary: "List payments, newest first",
        options: [CommandSupport.clientOption("Only this client's payments"), CommandSupport.clientKPP, CommandSupport.actingUser,
                  CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let client = try CommandSupport.client(arguments, by: principal, on: connection)
            let payments = try CommandSupport.allPages { cursor in
                try BillingService(time: context.time).payments(client: client, limit: PageRequest.maximumLimit, cursor: cursor, by: principal, on: connection)
            }
            let names = try DisplayNames.load(parties: payments.map(\.clientID), by: principal, on: connection)
            return try CommandSupport.printList(payments, arguments, context) { table($0, names) }
        }
    }

    static let reverse = Command(
        ["payment", "reverse"], summary: "Reverse a mistaken payment (it is kept, marked reversed)",
        options: [.value("reason", "TEXT", summary: "Why", required: true), CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("PAYMENT", summary: "The payment's number (PAY-2026-000196) or id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "PAYMENT")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let billing = BillingService(time: context.time)
            let id = try billing.payment(reference: reference, by: principal, on: connection).id
            let payment = try billing.reverse(id, reason: try arguments.required("reason"), by: principal, on: connection)
            let names = try DisplayNames.load(parties: [payment.clientID], by: principal, on: connection)
            return try CommandSupport.printList([payment], arguments, context) { table($0, names) }
        }
    }

    static let receivables = Command(
        ["report", "receivables"], summary: "Who owes what, aged 0–30, 31–60, 61–90 and over 90 days",
        options: [
            .value("as-of", "DATE", summary: "As of this day (default: today)"),
            OutputFormat.option,
            CommandSupport.actingUser,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let asOf = CommandSupport.parsed(arguments, "as-of", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let format = OutputFormat.chosen(arguments, problems: &problems)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let report = try BillingService(time: context.time).receivables(asOf: asOf, by: principal, on: connection)
            switch format {
            case .csv: context.output(try BillingService(time: context.time).csv(of: report, by: principal, on: connection))
            case .json: context.print(try CommandSupport.encoded(report))
            case .table:
                context.output(try AgeingTable.render("receivables", asOf: report.asOf, party: "CLIENT", owed: "BALANCE", parties: "clients",
                    rows: report.items.map { .init(name: $0.name, owed: $0.balance, byAge: [$0.days0To30, $0.days31To60, $0.days61To90, $0.daysOver90]) }))
            }
            return 0
        }
    }

    private static func table(_ payments: [Payment], _ names: DisplayNames) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("NUMBER"), .init("DATE"), .init("CLIENT"), .init("AMOUNT", .right),
                               .init("CREDIT", .right), .init("STATUS")])
        for payment in payments {
            table.append([String(payment.id.rawValue), payment.number, payment.date.description, names.party(payment.clientID),
                          payment.amount.description, payment.unallocated.description, payment.status.rawValue])
        }
        let total = (try? Money.sum(payments.filter { $0.status == .posted }.map(\.amount)))?.description ?? ""
        table.footer = ["", CommandSupport.count(payments.count, "payment"), "", "", total, "", ""]
        return table
    }
}
