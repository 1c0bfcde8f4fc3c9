// An order's payment status, derived from its live invoice's balance (InvoiceBalance: the
// invoice less the order's credit notes, and what was allocated to it) — never stored, so it
// cannot disagree with the allocations, the invoice or the receivables.

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
    /// What the order is to be paid, VAT included: its invoice less its credit notes (the order's
    /// total while it has no invoice).
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
        let invoice = try InvoiceBalances.of(order: id, in: tx)
        let total = try invoice.map { max(.zero(), try $0.amount - $0.credited) } ?? order.totals.gross
        let paid = invoice?.paid ?? .zero()
        let due = invoice?.owed ?? total
        let status: OrderPaymentStatus = paid.isZero ? .unpaid : due.isZero ? .paid : .partiallyPaid
        return OrderPayment(orderID: id, status: status, total: total, paid: paid, due: due)
    }
}
