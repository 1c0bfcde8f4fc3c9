// `erp stock receive | transfer | write-off | count | count-fill | count-post | cancel | show`: the
// storekeeper's documents from the command line — thin adapters over WarehouseService, acting as
// the user of `--as` (or ERP_USER), so roles, the warehouse scope and the audit log apply exactly
// as over HTTP. Warehouses are named by code, products by SKU or barcode, documents by number.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
import Warehouse

/// `erp stock …` documents.
enum StockCommands {
    static let all: [Command] = [receive, transfer, writeOff, count, countFill, countPost, cancel, show]
        + StockQueryCommands.all

    static let receive = Command(
        ["stock", "receive"], summary: "Post a receipt of goods from a supplier",
        options: [
            .value("warehouse", "CODE", summary: "The receiving warehouse", required: true),
            .value("supplier", "INN_OR_ID", summary: "The supplier (a party marked as supplier)"),
            .value("ref", "TEXT", summary: "The supplier's document number"),
            .value("note", "TEXT", summary: "A note on the receipt"),
        ] + StockLineInput.options(costs: true) + [StockLineInput.originOption, CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try post(arguments, context) { principal, connection in
            let lines = try StockLineInput.lines(arguments, context, costs: true, by: principal, on: connection)
            let origins = try StockLineInput.origins(arguments, of: lines, by: principal, on: connection)
            return .receipt(NewReceipt(
                warehouseID: try warehouse(arguments.required("warehouse"), principal, connection).id,
                supplierID: try arguments.value("supplier").map { try PartiesService(time: context.time).supplier($0, by: principal, on: connection) },
                supplierRef: arguments.value("ref"), note: arguments.value("note"),
                lines: lines.map { line in
                    ReceiptLine(productID: line.productID, qty: line.qty, unitCost: line.unitCost ?? .zero(),
                                countryCode: origins[line.productID]?.country, customsDeclaration: origins[line.productID]?.declaration)
                }))
        }
    }

    static let transfer = Command(
        ["stock", "transfer"], summary: "Move stock from one warehouse to another",
        options: [
            .value("from", "CODE", summary: "The warehouse the goods leave", required: true),
            .value("to", "CODE", summary: "The warehouse they arrive at", required: true),
            .value("note", "TEXT", summary: "A note on the transfer"),
        ] + StockLineInput.options(costs: false) + [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try post(arguments, context) { principal, connection in
            .transfer(NewTransfer(
                fromWarehouseID: try warehouse(arguments.required("from"), principal, connection).id,
                toWarehouseID: try warehouse(arguments.required("to"), principal, connection).id, note: arguments.value("note"),
                lines: try StockLineInput.lines(arguments, context, costs: false, by: principal, on: connection)
                    .map { StockLine(productID: $0.productID, qty: $0.qty) }))
        }
    }

    static let writeOff = Command(
        ["stock", "write-off"], summary: "Write goods off: damaged, expired, lost, shrinkage or other",
        options: [
            .value("warehouse", "CODE", summary: "Where the goods are", required: true),
            .value("reason", "REASON", summary: "damaged, expired, lost, shrinkage or other", required: true),
            .value("note", "TEXT", summary: "What happened (required for other)"),
        ] + StockLineInput.options(costs: false) + [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try post(arguments, context) { principal, connection in
            let reasonText = try arguments.required("reason")
            guard let reason = WriteOffReason(rawValue: reasonText) else {
                throw ERPError.validationFailed(fields: ["reason": "'\(reasonText)' is not one of damaged, expired, lost, shrinkage, other"])
            }
            return .writeOff(NewWriteOff(
                warehouseID: try warehouse(arguments.required("warehouse"), principal, connection).id, reason: reason,
                note: arguments.value("note"),
                lines: try StockLineInput.lines(arguments, context, costs: false, by: principal, on: connection)
                    .map { StockLine(productID: $0.productID, qty: $0.qty) }))
        }
    }

    static let count = Command(
        ["stock", "count"], summary: "Post a stock count (or --open one to fill in while goods move)",
        options: [
            .value("warehouse", "CODE", summary: "The warehouse counted", required: true),
            .flag("open", summary: "Open the count: record book quantities now, fill in later with count-fill"),
            .value("note", "TEXT", summary: "A note on the count"),
        ] + StockLineInput.options(costs: false) + [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try post(arguments, context) { principal, connection in
            let opening = arguments.flag("open")
            let typed = !opening || !arguments.values("line").isEmpty || arguments.value("file") != nil
            let lines = typed ? try StockLineInput.lines(arguments, context, costs: false, qtyColumn: "counted_qty", by: principal, on: connection) : []
            return .stockCount(NewStockCount(
                warehouseID: try warehouse(arguments.required("warehouse"), principal, connection).id, open: opening,
                note: arguments.value("note"), lines: lines.map { CountLine(productID: $0.productID, countedQty: $0.qty) }))
        }
    }

    static let countFill = Command(
        ["stock", "count-fill"], summary: "Record counted quantities on an open stock count",
        options: StockLineInput.options(costs: false) + [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The open count's id (shown by 'erp stock count --open')")]
    ) { arguments, context in
        let id = try documentID(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let lines = try StockLineInput.lines(arguments, context, costs: false, qtyColumn: "counted_qty", by: principal, on: connection)
            let document = try WarehouseService(time: context.time).fill(id, with: StockCountChanges(
                lines: lines.map { CountLine(productID: $0.productID, countedQty: $0.qty) }), by: principal, on: connection)
            return try StockDocumentPrinter.print(document, by: principal, on: connection, arguments, context)
        }
    }

    static let countPost = Command(
        ["stock", "count-post"], summary: "Post an open stock count: adjust by counted − book at the start",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The open count's id")]
    ) { arguments, context in
        let id = try documentID(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            return try StockDocumentPrinter.print(try WarehouseService(time: context.time).postCount(id, by: principal, on: connection),
                                                  by: principal, on: connection, arguments, context)
        }
    }

    static let cancel = Command(
        ["stock", "cancel"], summary: "Cancel a posted stock document by reversing its moves",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("NUMBER", summary: "The document's number, e.g. RCP-2026-000001")]
    ) { arguments, context in
        let number = try CommandSupport.required(arguments, positional: "NUMBER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let document = try WarehouseService(time: context.time).document(number: number, by: principal, on: connection)
            // Purchasing refuses a receipt a supplier order or a return depends on.
            let cancelled = try PurchasingService(time: context.time).cancel(document.id, type: document.type, by: principal,
                                                                               on: connection)
            return try StockDocumentPrinter.print(cancelled, by: principal, on: connection, arguments, context)
        }
    }

    static let show = Command(
        ["stock", "show"], summary: "Show a stock document by number",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("NUMBER", summary: "The document's number, e.g. TRF-2026-000012")]
    ) { arguments, context in
        let number = try CommandSupport.required(arguments, positional: "NUMBER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            return try StockDocumentPrinter.print(try WarehouseService(time: context.time).document(number: number, by: principal, on: connection),
                                                  by: principal, on: connection, arguments, context)
        }
    }

    /// Builds the command (resolving names) and posts it, printing the document.
    private static func post(_ arguments: ParsedArguments, _ context: CommandContext,
                             _ command: (Principal, Connection) throws -> StockCommand) throws -> Int32 {
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let document = try WarehouseService(time: context.time).post(try command(principal, connection), by: principal, on: connection)
            return try StockDocumentPrinter.print(document, by: principal, on: connection, arguments, context)
        }
    }

    /// The warehouse with this code (or id).
    static func warehouse(_ reference: String, _ principal: Principal, _ connection: Connection) throws -> Warehouse {
        try WarehouseService().warehouse(reference, by: principal, on: connection)
    }

    private static func documentID(_ arguments: ParsedArguments) throws -> StockDocumentID {
        let text = try CommandSupport.required(arguments, positional: "ID")
        guard let id = try? StockDocumentID(parsing: text) else { throw ERPError.notFound(entity: "stock count", id: text) }
        return id
    }
}
