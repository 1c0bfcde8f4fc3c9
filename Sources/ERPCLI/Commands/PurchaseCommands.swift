// `erp purchase create | order | cancel | receive | return`: buying from the command line — thin
// adapters over PurchasingService, acting as the user of `--as` (or ERP_USER), so the roles, the
// warehouse scope and the audit log apply exactly as over HTTP. Orders are named by number
// (PO-2026-000001) or id, suppliers by INN or id, products by SKU or barcode.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
import Warehouse

enum PurchaseCommands {
    static let all: [Command] = [create, place, cancel, receive, sendBack] + PurchaseListCommands.all + PurchaseSuggestCommands.all

    static let orderArgument = PositionalSpec("ORDER", summary: "The supplier order's number (PO-2026-000001) or id")

    static let create = Command(
        ["purchase", "create"], summary: "Create a draft supplier order (prices without VAT; default: the last price paid)",
        options: [
            .value("supplier", "INN_OR_ID", summary: "The supplier (a party marked as supplier)", required: true),
            .value("warehouse", "CODE", summary: "The warehouse the goods arrive at", required: true),
            .repeatable("line", "SKU:QTY[:PRICE]", summary: "A line; the price defaults to the last price paid to this supplier"),
            .value("expected", "DATE", summary: "When the supplier promised the goods"),
            .value("comment", "TEXT", summary: "A comment on the order"),
            .flag("order", summary: "Place it with the supplier at once"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        guard !arguments.values("line").isEmpty else {
            throw UsageError("give at least one --line SKU:QTY for 'erp purchase create'", hint: arguments.seeHelp)
        }
        var problems = FieldErrors()
        let expected = CommandSupport.parsed(arguments, "expected", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let lines = try StockLineInput.orderLines(arguments.values("line"), by: principal, on: connection)
            let purchasing = PurchasingService(time: context.time)
            var order = try purchasing.create(NewPurchaseOrder(
                supplierID: try PartiesService(time: context.time).supplier(arguments.required("supplier"), by: principal, on: connection),
                warehouseID: try StockCommands.warehouse(arguments.required("warehouse"), principal, connection).id,
                expectedDate: expected, comment: arguments.value("comment"),
                lines: lines.map { NewPurchaseOrderLine(productID: $0.productID, qty: $0.qty, price: $0.unitCost) }), by: principal, on: connection)
            if arguments.flag("order") { order = try purchasing.place(order.id, by: principal, on: connection) }
            return try PurchaseOrderPrinter.print(order, by: principal, on: connection, arguments, context)
        }
    }

    static let place = Command(
        ["purchase", "order"], summary: "Place a draft with the supplier: its lines become incoming stock",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            try PurchasingService(time: context.time).place(order.id, by: principal, on: connection)
        }
    }

    static let cancel = Command(
        ["purchase", "cancel"], summary: "Cancel a supplier order (a partially received one: nothing more is expected)",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            try PurchasingService(time: context.time).cancel(order.id, by: principal, on: connection)
        }
    }

    static let receive = Command(
        ["purchase", "receive"], summary: "Receive goods against a supplier order: everything expected, or the --line quantities",
        options: [
            .repeatable("line", "SKU:QTY[:UNIT_COST]", summary: "Receive this much of a product (the cost defaults to the order's price)"),
            .flag("allow-over-receipt", summary: "Accept more than a line still expects"),
            .value("ref", "TEXT", summary: "The supplier's document number"),
            .value("note", "TEXT", summary: "A note on the receipt"),
            StockLineInput.originOption, CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            if arguments.values("line").isEmpty, !arguments.values("origin").isEmpty {
                throw UsageError("--origin names a product of a --line: give the lines received", hint: arguments.seeHelp)
            }
            let typed = try StockLineInput.orderLines(arguments.values("line"), by: principal, on: connection)
            let origins = try StockLineInput.origins(arguments, of: typed, by: principal, on: connection)
            let lines = typed.isEmpty ? nil : typed.map { line in
                OrderReceiptLine(productID: line.productID, qty: line.qty, unitCost: line.unitCost,
                                 countryCode: origins[line.productID]?.country, customsDeclaration: origins[line.productID]?.declaration)
            }
            let (received, receipt) = try PurchasingService(time: context.time).receive(OrderReceipt(
                purchaseOrderID: order.id, supplierRef: arguments.value("ref"), note: arguments.value("note"),
                allowOverReceipt: arguments.flag("allow-over-receipt") ? true : nil, lines: lines), by: principal, on: connection)
            context.note("receipt \(receipt.number ?? ""): \(CommandSupport.count(receipt.lines.count, "line"))")
            return received
        }
    }

    static let sendBack = Command(
        ["purchase", "return"], summary: "Send goods of a receipt back to the supplier at their receipt cost",
        options: [
            .value("reason", "REASON", summary: SupplierReturnReason.allCases.map(\.rawValue).joined(separator: ", "), required: true),
            .value("note", "TEXT", summary: "What happened (required for other)"),
            .repeatable("line", "SKU:QTY", summary: "A product and how much of it goes back"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("RECEIPT", summary: "The receipt's number, e.g. RCP-2026-000001")]
    ) { arguments, context in
        let number = try CommandSupport.required(arguments, positional: "RECEIPT")
        let reasonText = try arguments.required("reason")
        guard let reason = SupplierReturnReason(rawValue: reasonText) else {
            throw ERPError.validationFailed(fields: ["reason": "'\(reasonText)' is not one of "
                + SupplierReturnReason.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let receipt = try WarehouseService(time: context.time).document(number: number, by: principal, on: connection)
            let lines = try StockLineInput.lines(arguments, context, costs: false, by: principal, on: connection)
                .map { SupplierReturnQuantity(productID: $0.productID, qty: $0.qty) }
            let sent = try PurchasingService(time: context.time).sendBack(NewSupplierReturn(
                receiptID: receipt.id, reason: reason, note: arguments.value("note"), lines: lines), by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(sent))
                return 0
            }
            var table = TextTable([.init("SKU", .left), .init("QTY", .right), .init("COST", .right)])
            let skus = Dictionary(receipt.lines.map { ($0.productID, $0.sku) }) { first, _ in first }
            for line in sent.lines { table.append([skus[line.productID] ?? "", line.qty.description, line.cost?.description ?? ""]) }
            context.output("\(sent.number)  \(sent.reason.rawValue)  receipt \(number)\n" + table.render())
            return 0
        }
    }

    /// Finds the ORDER argument's order as the acting user sees it, runs `body`, prints the result.
    static func withOrder(_ arguments: ParsedArguments, _ context: CommandContext,
                          _ body: (PurchaseOrder, Principal, Connection) throws -> PurchaseOrder) throws -> Int32 {
        let reference = try CommandSupport.required(arguments, positional: "ORDER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let order = try PurchasingService(time: context.time).order(reference: reference, by: principal, on: connection)
            return try PurchaseOrderPrinter.print(try body(order, principal, connection), by: principal, on: connection, arguments, context)
        }
    }
}
