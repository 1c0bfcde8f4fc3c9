// The count of everything the demo made, kept as it goes (from the documents the services
// return, so no step reads another module's tables), and printed by `erp demo` at the end.

import Billing
import Sales
import Warehouse

/// How many of each kind of thing the demo created.
package struct DemoTally: Codable, Sendable, Equatable {
    /// Users, the owner included.
    package var users = 0
    /// Warehouses.
    package var warehouses = 0
    /// Categories, roots and subcategories.
    package var categories = 0
    /// Products, services included.
    package var products = 0
    /// Catalog price changes during the history.
    package var priceChanges = 0
    /// Suppliers.
    package var suppliers = 0
    /// Clients.
    package var clients = 0
    /// Clients' contact people.
    package var contacts = 0
    /// Posted receipts (those against supplier orders included).
    package var receipts = 0
    /// Supplier orders placed.
    package var purchaseOrders = 0
    /// Returns to suppliers.
    package var supplierReturns = 0
    /// Supplier bills recorded (one per receipt against a supplier order).
    package var supplierBills = 0
    /// Payments to suppliers.
    package var supplierPayments = 0
    /// Posted transfers (a cancelled one included).
    package var transfers = 0
    /// Posted write-offs.
    package var writeOffs = 0
    /// Posted stock counts.
    package var stockCounts = 0
    /// Stock documents cancelled by reversing moves.
    package var cancelledStockDocuments = 0
    /// Rows of the stock ledger.
    package var stockMoves = 0
    /// Sales orders.
    package var orders = 0
    /// The orders by their status at the end of the history.
    package var ordersByStatus = OrderStatusCounts()
    /// Shipments.
    package var shipments = 0
    /// Returns.
    package var returns = 0
    /// Invoices issued.
    package var invoices = 0
    /// UPDs issued.
    package var upds = 0
    /// Acts issued.
    package var acts = 0
    /// УКДs issued (and credit notes, before the УКД replaced them).
    package var corrections = 0
    /// Closing documents annulled.
    package var annulledDocuments = 0
    /// Payments recorded (a reversed one included).
    package var payments = 0
    /// Payments reversed.
    package var reversedPayments = 0

    /// Nothing counted yet.
    package init() {}

    /// Every count but the orders by status.
    private static var counts: [WritableKeyPath<DemoTally, Int>] {
        [
            \.users, \.warehouses, \.categories, \.products, \.priceChanges, \.suppliers, \.clients, \.contacts, \.receipts,
            \.purchaseOrders, \.supplierReturns, \.supplierBills, \.supplierPayments, \.transfers, \.writeOffs, \.stockCounts,
            \.cancelledStockDocuments, \.stockMoves, \.orders, \.shipments, \.returns, \.invoices, \.upds, \.acts,
            \.corrections, \.annulledDocuments, \.payments, \.reversedPayments,
        ]
    }

    /// Adds what `other` counted (another lane of the load).
    mutating func add(_ other: DemoTally) {
        for count in Self.counts { self[keyPath: count] += other[keyPath: count] }
        for status in OrderStatus.allCases { ordersByStatus[status] += other.ordersByStatus[status] }
    }

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
        case .creditNote, .correction: corrections += 1
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
    /// Drafts.
    package var draft = 0
    /// Confirmed, nothing shipped.
    package var confirmed = 0
    /// Partly shipped.
    package var partiallyShipped = 0
    /// Fully shipped.
    package var shipped = 0
    /// Cancelled.
    package var cancelled = 0

    /// Nothing counted yet.
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
