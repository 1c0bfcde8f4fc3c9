// `erp supplier card`: everything about a supplier in a terminal — what we owe them, their latest
// orders, receipts, returns, bills and payments — over `PurchasingService.card`, like
// `GET /api/v1/suppliers/{id}/card`.

import ERPCore
import Foundation
import Parties
import Purchasing

enum SupplierCardCommands {
    static let all: [Command] = [card]

    static let card = Command(
        ["supplier", "card"], summary: "Everything about a supplier: what we owe, orders, receipts, returns, bills, payments",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("INN_OR_ID", summary: "The supplier's INN or party id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "INN_OR_ID")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let id = try PartiesService(time: context.time).supplier(reference, by: principal, on: connection)
            let card = try PurchasingService(time: context.time).card(of: id, by: principal, on: connection)
            context.output(arguments.flag("json") ? try CommandSupport.encoded(card) + "\n" : render(card))
            return 0
        }
    }

    /// The card as text: a header with what we owe, then one table per list.
    static func render(_ card: SupplierCard) -> String {
        var text = "\(card.party.name)  (id \(card.party.id))"
        if let inn = card.party.inn { text += "  INN \(inn)" }
        if let owed = card.owed, let overdue = card.overdue { text += "\nwe owe \(owed)  overdue \(overdue)" }
        var orders = TextTable([.init("ORDER"), .init("STATUS"), .init("EXPECTED"), .init("TOTAL", .right)])
        for order in card.orders {
            orders.append([order.number, order.status.rawValue, order.expectedDate?.description ?? "", order.total?.description ?? ""])
        }
        text += "\n\norders\n" + orders.render()
        var receipts = TextTable([.init("RECEIPT"), .init("STATUS"), .init("SUPPLIER REF"), .init("POSTED")])
        for receipt in card.receipts {
            receipts.append([receipt.number ?? "", receipt.status.rawValue, receipt.supplierRef ?? "",
                             receipt.postedAt.map { String(RFC3339.string(from: $0).prefix(10)) } ?? ""])
        }
        text += "\nreceipts\n" + receipts.render()
        if !card.returns.isEmpty {
            text += "\nreturns\n" + card.returns.map { "  \($0.number)  \($0.reason.rawValue)  \($0.lines.count) lines" }.joined(separator: "\n") + "\n"
        }
        if let bills = card.bills {
            var table = TextTable([.init("BILL"), .init("DATE"), .init("AMOUNT", .right), .init("OPEN", .right)])
            for bill in bills { table.append([bill.number, bill.date.description, bill.amount.description, bill.open.description]) }
            text += "\nbills\n" + table.render()
        }
        if let payments = card.payments {
            var table = TextTable([.init("PAYMENT"), .init("DATE"), .init("AMOUNT", .right), .init("STATUS")])
            for payment in payments { table.append([payment.number, payment.date.description, payment.amount.description, payment.status]) }
            text += "\npayments\n" + table.render()
        }
        return text
    }
}
