// `erp advance due | issue`: advance invoices from the command line — the prepayments that still
// want one, and issuing one for a payment — thin adapters over BillingService, acting as `--as`.

import Billing
import ERPCore
import Foundation

enum AdvanceCommands {
    static let all: [Command] = [due, issue]

    static let due = Command(
        ["advance", "due"], summary: "Prepayments of the last month without an advance invoice, oldest first (due within 5 days)",
        options: [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let due = try BillingService(time: context.time).advancesDue(by: principal, on: connection).items
            return try CommandSupport.printList(due, arguments, context) { items in
                var table = TextTable([.init("PAYMENT"), .init("CLIENT", .right), .init("PAID ON"), .init("ADVANCE", .right), .init("DUE BY")])
                for item in items {
                    table.append([item.paymentNumber, String(item.clientID.rawValue), item.paidOn.description, item.advance.description,
                                  item.dueBy.description])
                }
                table.footer = [CommandSupport.count(items.count, "prepayment"), "", "", "", ""]
                return table
            }
        }
    }

    static let issue = Command(
        ["advance", "issue"], summary: "Issue the advance invoice of a prepayment (VAT at the estimated rate of the payment day)",
        options: [.value("date", "DATE", summary: "The invoice's date (default: today)"), CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The payment's id")]
    ) { arguments, context in
        var problems = FieldErrors()
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        try problems.throwIfAny()
        let text = try CommandSupport.required(arguments, positional: "ID")
        guard let id = try? PaymentID(parsing: text) else { throw ERPError.notFound(entity: "payment", id: text) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let invoice = try BillingService(time: context.time).issueAdvanceInvoice(AdvanceInvoiceRequest(date: date), for: id,
                                                                                     by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(invoice))
            } else {
                context.output("""
                    \(invoice.number) of \(invoice.date)  advance \(invoice.amount) for payment \(invoice.payment.number) of \
                    \(invoice.payment.date)
                    VAT \(invoice.vatRate.estimated ?? "none"): \(invoice.vat)

                    """)
            }
            return 0
        }
    }
}
