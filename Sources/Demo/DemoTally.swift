// The count of everything the demo made, kept as it goes (from the documents the services
// return, so no step reads another module's tables), and printed by `erp demo` at the end.

import Billing
import Sales
import Warehouse

/// How many of each kind of thing the demo created.
package struct DemoTally: Codable, Sendable, Equatable {
    package var users = 0
    package var warehouses = 0
    package var categories = 0
    package var products = 0
    package var priceChanges = 0
    package var suppliers = 0
    package var clients = 0
    package var contacts = 0
    package var receipts = 0
    package var transfers = 0
    package var writeOffs = 0
    package var stockCounts = 0
    package var cancelledStockDocuments = 0
    package var stockMoves = 0
    package var orders = 0
    /// The orders by their status at the end of the history.
    package var ordersByStatus = OrderStatusCounts()
    package var shipments = 0
    package var returns = 0
    package var invoices = 0
    package var upds = 0
    package var acts = 0
    package var creditNotes = 0
    package var annulledDocuments = 0
    package var payments = 0
    package var reversedPayments = 0

    package init() {}

    /// Counts a posted stock document and the moves it wrote.
    mutating func count(_ document: StockDocument) {
        switch document.type {
        case .receipt: receipts += 1
        case .transfer: transfers += 1
        case .writeOff: writeOffs += 1
        case .stockCount: stockCounts += 1
        }
        stockMoves += document.lines.reduce(0) { total, line in
            switch document.type {
            case .transfer: total + 2
            case .stockCount: total + ((line.difference?.isZero ?? true) ? 0 : 1)
            case .receipt, .writeOff: total + 1
            }
        }
    }

    /// Counts a cancelled stock document and its reversing moves.
    mutating func countCancellation(of document: StockDocument) {
        cancelledStockDocuments += 1
        stockMoves += document.lines.count * (document.type == .transfer ? 2 : 1)
    }

    /// Counts an issued closing document.
    mutating func count(_ document: IssuedDocument) {
        switch document.type {
        case .invoice: invoices += 1
        case .upd: upds += 1
        case .act: acts += 1
        case .creditNote: creditNotes += 1
        }
    }

    /// Counts a shipment and its moves.
    mutating func count(_ shipment: Shipment) {
        shipments += 1
        stockMoves += shipment.lines.count
    }

    /// Counts a return and its moves.
    mutating func count(_ salesReturn: SalesReturn) {
        returns += 1
        stockMoves += salesReturn.lines.count
    }
}

/// How many orders are in each status (`{"draft": 3, "partially_shipped": 1, …}`).
package struct OrderStatusCounts: Codable, Sendable, Equatable {
    package var draft = 0
    package var confirmed = 0
    package var partiallyShipped = 0
    package var shipped = 0
    package var cancelled = 0

    package init() {}

    /// The count of orders in `status`.
    package subscript(status: OrderStatus) -> Int {
        get { self[keyPath: Self.field(status)] }
        set { self[keyPath: Self.field(status)] = newValue }
    }

    private static func field(_ status: OrderStatus) -> WritableKeyPath<OrderStatusCounts, Int> {
        switch status {
        case .draft: \.draft
        case .confirmed: \.confirmed
        case .partiallyShipped: \.partiallyShipped
        case .shipped: \.shipped
        case .cancelled: \.cancelled
        }
    }

    /// All orders.
    package var total: Int { draft + confirmed + partiallyShipped + shipped + cancelled }
}
