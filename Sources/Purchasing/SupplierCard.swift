// The supplier's card, the mirror of the client card: the party, its latest supplier orders,
// receipts, returns, bills and payments, and what we owe them (bills less allocated payments,
// aged like the payables report). Who sees supplier orders opens it; bills, payments and the
// balance are left out (null) for those who may not read payables, prices as each part allows.

import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// `GET /api/v1/suppliers/{id}/card`.
package struct SupplierCard: Codable, Sendable, Equatable {
    package var party: Party
    /// The latest supplier orders, newest first.
    package var orders: [PurchaseOrderSummary]
    /// The latest receipts from the supplier (headers), newest first.
    package var receipts: [StockDocument]
    /// The latest returns to the supplier, newest first.
    package var returns: [SupplierReturn]
    /// Nil without `payables.read`.
    package var bills: [SupplierBill]?
    package var payments: [SupplierPayment]?
    /// Bills less allocated posted payments, and the part older than 30 days; nil without `payables.read`.
    package var owed: Money?
    package var overdue: Money?
}

enum SupplierCards {
    /// How many of each list the card shows.
    static let recent = 10

    /// The card of supplier `id`.
    /// - Throws: `ERPError.forbidden` without `purchasing.read`; `.notFound` (no such party, or
    ///   not a supplier); `PostgresError`.
    static func card(of id: PartyID, by principal: Principal, at now: Date, in tx: Transaction) throws -> SupplierCard {
        try principal.require(.readPurchasing)
        let party = try Parties.get(id, by: principal, in: tx)
        guard party.isSupplier else { throw ERPError.notFound(entity: "supplier", id: String(id.rawValue)) }
        let orders = try PurchaseOrders.list(PurchaseOrderFilter(supplierID: id, limit: recent), by: principal, in: tx).items
        let receipts = try WarehouseService(time: .fixed(now)).documents(
            StockDocumentFilter(type: .receipt, supplierID: id, limit: recent), by: principal, in: tx).items
        let scope = principal.warehouseScope.map { Array($0) }
        let returns = try tx.query("""
            SELECT id FROM supplier_returns
            WHERE supplier_id = \(id) AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
            ORDER BY id DESC LIMIT \(Int64(recent))
            """).map { (row) throws(PostgresError) in try row.decode(0, as: SupplierReturnID.self) }
        var card = SupplierCard(party: party, orders: orders, receipts: receipts,
                                returns: try returns.map { try SupplierReturns.fetch($0, in: tx).visible(to: principal) })
        if principal.may(.readPayables) {
            card.bills = try SupplierBills.list(supplier: id, openOnly: false, limit: recent, cursor: nil, by: principal, in: tx).items
            card.payments = try SupplierPayments.list(supplier: id, limit: recent, cursor: nil, by: principal, in: tx).items
            let balance = try Payables.report(asOf: try CompanyCalendar.day(of: now, in: tx), supplier: id, by: principal, in: tx).items.first
            card.owed = balance?.owed ?? .zero()
            card.overdue = balance?.overdue ?? .zero()
        }
        return card
    }
}
