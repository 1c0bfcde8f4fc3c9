// The purchasing facade: one method per use case, each in its own transaction (or the caller's,
// for the routes' idempotency), failures as ERPError. The rules live in PurchaseOrders,
// PurchasePricing, PurchaseLifecycle, OrderReceipts and SupplierReturns; stock moves only through
// the Warehouse's facade and ledger, in the same transaction.

import Catalog
import ERPCore
import Parties
import Postgres
import Warehouse

/// What `/api/v1/purchase-orders…`, receipts against them, `/api/v1/supplier-returns` and
/// `erp purchase …` call.
package struct PurchasingService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// Creates a draft supplier order.
    package func create(_ command: NewPurchaseOrder, by principal: Principal, in tx: Transaction) throws -> PurchaseOrder {
        try PurchaseOrders.create(command, by: principal, at: time.now, in: tx)
    }

    /// `create(_:by:in:)` in a transaction of its own.
    package func create(_ command: NewPurchaseOrder, by principal: Principal, on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// Changes a draft at its version.
    package func update(_ id: PurchaseOrderID, with changes: PurchaseOrderChanges, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try PurchaseOrders.update(id, with: changes, by: principal, in: tx) }
    }

    /// Places a draft with the supplier (`POST …/{id}/order`).
    package func place(_ id: PurchaseOrderID, by principal: Principal, in tx: Transaction) throws -> PurchaseOrder {
        try PurchaseLifecycle.order(id, by: principal, at: time.now, in: tx)
    }

    /// `place(_:by:in:)` in a transaction of its own.
    package func place(_ id: PurchaseOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try place(id, by: principal, in: tx) }
    }

    /// Cancels an order (a partially received one: closes what it still expects).
    package func cancel(_ id: PurchaseOrderID, by principal: Principal, in tx: Transaction) throws -> PurchaseOrder {
        try PurchaseLifecycle.cancel(id, by: principal, at: time.now, in: tx)
    }

    /// `cancel(_:by:in:)` in a transaction of its own.
    package func cancel(_ id: PurchaseOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try cancel(id, by: principal, in: tx) }
    }

    /// Receives goods against an order: the Warehouse posts the receipt, the order counts it.
    package func receive(_ command: OrderReceipt, by principal: Principal,
                         in tx: Transaction) throws -> (order: PurchaseOrder, receipt: StockDocument) {
        try OrderReceipts.receive(command, by: principal, at: time.now, in: tx)
    }

    /// `receive(_:by:in:)` in a transaction of its own.
    package func receive(_ command: OrderReceipt, by principal: Principal,
                         on connection: Connection) throws(ERPError) -> (order: PurchaseOrder, receipt: StockDocument) {
        try connection.serviceTransaction { tx in try receive(command, by: principal, in: tx) }
    }

    /// Sends goods of a receipt back to the supplier at their receipt cost.
    package func sendBack(_ command: NewSupplierReturn, by principal: Principal, in tx: Transaction) throws -> SupplierReturn {
        try SupplierReturns.send(command, by: principal, at: time.now, in: tx)
    }

    /// `sendBack(_:by:in:)` in a transaction of its own.
    package func sendBack(_ command: NewSupplierReturn, by principal: Principal, on connection: Connection) throws(ERPError) -> SupplierReturn {
        try connection.serviceTransaction { tx in try sendBack(command, by: principal, in: tx) }
    }

    /// The returns to suppliers made on the company's days `from`…`to` (the 1C export reads them).
    package func supplierReturns(from: CalendarDate, to: CalendarDate, by principal: Principal,
                                 in tx: Transaction) throws -> [SupplierReturn] {
        try SupplierReturns.list(from: from, to: to, by: principal, in: tx)
    }

    /// Cancels a stock document by reversing it; refuses a receipt an order counts or a return took from.
    package func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        try ReceiptCancellation.cancel(id, type: type, by: principal, at: time.now, in: tx)
    }

    /// `cancel(_:type:by:in:)` in a transaction of its own.
    package func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try cancel(id, type: type, by: principal, in: tx) }
    }

    /// Stock levels with what placed supplier orders still bring (`incoming`): what the levels
    /// route and `erp stock levels` show.
    package func levels(_ filter: StockLevelFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> StockLevelPage {
        try connection.serviceTransaction { tx in
            try Incoming.fill(try WarehouseService(time: time).levels(filter, by: principal, in: tx), in: tx)
        }
    }

    /// What `warehouse` should order now, by preferred supplier (targets without `max_stock`
    /// cover `coverDays` of the last 30 days' average sales).
    package func suggestions(warehouse: WarehouseID, coverDays: Int = 30, by principal: Principal,
                             on connection: Connection) throws(ERPError) -> ReorderSuggestions {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try Suggestions.list(warehouse: warehouse, coverDays: coverDays, by: principal, at: time.now, in: tx)
        }
    }

    /// Turns chosen suggestion lines into draft supplier orders, one per supplier.
    package func order(_ command: SuggestedOrders, coverDays: Int = 30, by principal: Principal,
                       in tx: Transaction) throws -> [PurchaseOrder] {
        try Suggestions.order(command, coverDays: coverDays, by: principal, at: time.now, in: tx)
    }

    /// `order(_:coverDays:by:in:)` in a transaction of its own.
    package func order(_ command: SuggestedOrders, coverDays: Int = 30, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> [PurchaseOrder] {
        try connection.serviceTransaction { tx in try order(command, coverDays: coverDays, by: principal, in: tx) }
    }

    /// The supplier's card: orders, receipts, returns, bills, payments and what we owe them.
    package func card(of supplier: PartyID, by principal: Principal, on connection: Connection) throws(ERPError) -> SupplierCard {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try SupplierCards.card(of: supplier, by: principal, at: time.now, in: tx)
        }
    }

    /// Records a supplier bill.
    package func record(_ command: NewSupplierBill, by principal: Principal, in tx: Transaction) throws -> SupplierBill {
        try SupplierBills.record(command, by: principal, at: time.now, in: tx)
    }

    /// `record(_:by:in:)` (a bill) in a transaction of its own.
    package func record(_ command: NewSupplierBill, by principal: Principal, on connection: Connection) throws(ERPError) -> SupplierBill {
        try connection.serviceTransaction { tx in try record(command, by: principal, in: tx) }
    }

    /// Supplier bills newest first (one supplier's; only open ones when `openOnly`).
    package func bills(supplier: PartyID? = nil, openOnly: Bool = false, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                       in tx: Transaction) throws -> Page<SupplierBill> {
        try SupplierBills.list(supplier: supplier, openOnly: openOnly, limit: limit, cursor: cursor, by: principal, in: tx)
    }

    /// `bills(supplier:openOnly:limit:cursor:by:in:)` in a transaction of its own.
    package func bills(supplier: PartyID? = nil, openOnly: Bool = false, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> Page<SupplierBill> {
        try connection.serviceTransaction { tx in
            try bills(supplier: supplier, openOnly: openOnly, limit: limit, cursor: cursor, by: principal, in: tx)
        }
    }

    /// Records a payment to a supplier, allocated as given or to the oldest open bills.
    package func pay(_ command: NewSupplierPayment, by principal: Principal, in tx: Transaction) throws -> SupplierPayment {
        try SupplierPayments.record(command, by: principal, at: time.now, in: tx)
    }

    /// `pay(_:by:in:)` in a transaction of its own.
    package func pay(_ command: NewSupplierPayment, by principal: Principal, on connection: Connection) throws(ERPError) -> SupplierPayment {
        try connection.serviceTransaction { tx in try pay(command, by: principal, in: tx) }
    }

    /// The payment to a supplier named by its number (`OUT-2026-000012`) or its id.
    /// - Throws: `ERPError.forbidden` without `readPayables`, `.notFound`.
    package func supplierPayment(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> SupplierPayment {
        try connection.serviceTransaction { tx in try SupplierPayments.get(reference: reference, by: principal, in: tx) }
    }

    /// Reverses a payment to a supplier.
    package func reverse(_ id: SupplierPaymentID, reason: String, by principal: Principal, in tx: Transaction) throws -> SupplierPayment {
        try SupplierPayments.reverse(id, reason: reason, by: principal, at: time.now, in: tx)
    }

    /// `reverse(_:reason:by:in:)` in a transaction of its own.
    package func reverse(_ id: SupplierPaymentID, reason: String, by principal: Principal,
                         on connection: Connection) throws(ERPError) -> SupplierPayment {
        try connection.serviceTransaction { tx in try reverse(id, reason: reason, by: principal, in: tx) }
    }

    /// Payments to suppliers newest first (one supplier's).
    package func payments(supplier: PartyID? = nil, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                          in tx: Transaction) throws -> Page<SupplierPayment> {
        try SupplierPayments.list(supplier: supplier, limit: limit, cursor: cursor, by: principal, in: tx)
    }

    /// `payments(supplier:limit:cursor:by:in:)` in a transaction of its own.
    package func payments(supplier: PartyID? = nil, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                          on connection: Connection) throws(ERPError) -> Page<SupplierPayment> {
        try connection.serviceTransaction { tx in try payments(supplier: supplier, limit: limit, cursor: cursor, by: principal, in: tx) }
    }

    /// What we owe suppliers, aged, as of a day (default today).
    package func payables(asOf: CalendarDate? = nil, supplier: PartyID? = nil, by principal: Principal,
                          on connection: Connection) throws(ERPError) -> PayablesReport {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try Payables.report(asOf: asOf ?? CompanyCalendar.day(of: time.now, in: tx), supplier: supplier, by: principal, in: tx)
        }
    }

    /// The payables report as CSV, the export audited (`payables.export`).
    /// - Throws: `ERPError.forbidden` without `readPayables`; translated database errors.
    package func csv(of report: PayablesReport, by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readPayables)
        try Audit.recordExport("payables.export", entityType: "party", rows: report.items.count,
                               parameters: ["as_of": report.asOf.description], by: principal, on: connection)
        return report.csv
    }

    /// What `supplier` charged for each of `products` on its latest receipt: the price a new
    /// order's line defaults to, shown on the order form before it is saved.
    /// - Throws: `ERPError.forbidden` without `readPurchasePrices`; translated database errors.
    package func lastPrices(of products: [ProductID], from supplier: PartyID, by principal: Principal,
                            on connection: Connection) throws(ERPError) -> [ProductID: Money] {
        try principal.require(.readPurchasePrices)
        return try connection.serviceTransaction { tx in try ReceiptHistory.lastUnitCosts(of: products, from: supplier, in: tx) }
    }

    /// The order `id`, as `principal` may see it.
    package func order(_ id: PurchaseOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try PurchaseOrders.get(id, by: principal, in: tx).visible(to: principal) }
    }

    /// The order as CSV, the export audited (`purchase_order.export`).
    /// - Throws: `ERPError.forbidden` without `readPurchasing`; translated database errors.
    package func csv(of order: PurchaseOrder, by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readPurchasing)
        try Audit.recordExport("purchase_order.export", entityType: "purchase_order", rows: order.lines.count,
                               parameters: ["number": order.number], by: principal, on: connection)
        return order.csv
    }

    /// The order with this number (`PO-2026-000001`) or id.
    package func order(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> PurchaseOrder {
        try connection.serviceTransaction { tx in try PurchaseOrders.get(reference: reference, by: principal, in: tx) }
    }

    /// Orders matching `filter`, newest first.
    package func orders(_ filter: PurchaseOrderFilter, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> Page<PurchaseOrderSummary> {
        try connection.serviceTransaction { tx in try PurchaseOrders.list(filter, by: principal, in: tx) }
    }
}
