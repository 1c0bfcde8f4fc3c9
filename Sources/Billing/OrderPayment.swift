// An order's payment status, derived from what its live invoices have been paid — never stored,
// so it cannot disagree with the allocations.

import ERPCore
import Postgres
import Sales

/// Unpaid, partly paid or paid.
package enum OrderPaymentStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case unpaid
    case partiallyPaid = "partially_paid"
    case paid
}

/// `GET /api/v1/orders/{id}/payment`.
package struct OrderPayment: Codable, Sendable, Equatable {
    package var orderID: SalesOrderID
    package var status: OrderPaymentStatus
    /// The order's total, VAT included.
    package var total: Money
    /// Paid by payments allocated to the order's live invoices.
    package var paid: Money
    package var due: Money
}

enum OrderPayments {
    /// The payment status of order `id` as `principal` sees it.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`, `ValueError`.
    static func status(of id: SalesOrderID, by principal: Principal, in tx: Transaction) throws -> OrderPayment {
        try principal.require(.readPayments)
        let order = try Orders.get(id, by: principal, in: tx)
        let paid = Money(minorUnits: try tx.query("""
            SELECT COALESCE(sum(a.amount_minor), 0)::bigint FROM payment_allocations a
            JOIN payments p ON p.id = a.payment_id AND p.status = 'posted'
            JOIN closing_documents d ON d.id = a.document_id AND d.status = 'issued' AND d.type = 'invoice'
            WHERE d.order_id = \(id)
            """).single().decode(0, as: Int64.self))
        let total = order.totals.gross
        let status: OrderPaymentStatus = paid.isZero ? .unpaid : paid < total ? .partiallyPaid : .paid
        return OrderPayment(orderID: id, status: status, total: total, paid: paid, due: max(.zero(), try total - paid))
    }
}
