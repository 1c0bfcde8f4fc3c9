// What an invoice is still owed — one rule, used by the invoice itself (`outstanding`), by payment
// allocation, by the order's payment status and by anyone reconciling a client (the statement of
// mutual settlements): the invoice's amount, less the live credit notes of its order (what was
// returned is not owed), plus the signed changes of its live УКДs (a decrease is returned goods or
// a lower price, an increase a higher price), less the posted payments allocated to it; never below zero (a client who
// paid for goods he then returned has credit, which the receivables show as a negative balance).
// Annulled invoices owe nothing.

import ERPCore
import Parties
import Postgres
import Sales

/// An invoice's amount and what reduces it.
package struct InvoiceBalance: Codable, Sendable, Equatable {
    package var documentID: DocumentID
    package var orderID: SalesOrderID
    /// The invoice's total, VAT included.
    package var amount: Money
    /// The live credit notes of the invoice's order less its live УКДs' signed changes.
    package var credited: Money
    /// Posted payments allocated to the invoice.
    package var paid: Money
    /// `amount − credited − paid`, at least zero.
    package var owed: Money

    /// Applies the rule to the stored sums.
    /// - Throws: `ValueError.overflow` (sums of stored amounts beyond Int64).
    package init(documentID: DocumentID, orderID: SalesOrderID, amount: Money, credited: Money, paid: Money) throws(ValueError) {
        self.documentID = documentID
        self.orderID = orderID
        self.amount = amount
        self.credited = credited
        self.paid = paid
        owed = max(.zero(), try amount - credited - paid)
    }
}

package enum InvoiceBalances {
    /// The select list of an invoice's balance parts; `d` is the invoice's `closing_documents` row.
    static let parts: PostgresQuery = """
        COALESCE((SELECT sum(CASE WHEN c.type = 'credit_note' THEN c.gross_minor ELSE -c.gross_minor END) FROM closing_documents c
                  WHERE c.order_id = d.order_id AND c.type IN ('credit_note', 'ukd') AND c.status = 'issued'), 0)::bigint,
        COALESCE((SELECT sum(a.amount_minor) FROM payment_allocations a
                  JOIN payments p ON p.id = a.payment_id AND p.status = 'posted' WHERE a.document_id = d.id), 0)::bigint
        """

    /// The balances of the live invoices among `ids`, in id order (others are left out).
    /// - Throws: `PostgresError`, `ValueError`.
    package static func of(_ ids: [DocumentID], in tx: Transaction) throws -> [InvoiceBalance] {
        try read(from: "d.id = ANY(\(ids.map(\.rawValue)))", in: tx)
    }

    /// The balance of the live invoice of order `id`, if it has one.
    /// - Throws: `PostgresError`, `ValueError`.
    package static func of(order id: SalesOrderID, in tx: Transaction) throws -> InvoiceBalance? {
        try read(from: "d.order_id = \(id)", in: tx).last
    }

    /// The balances of every live invoice of `client`, oldest first.
    /// - Throws: `PostgresError`, `ValueError`.
    package static func of(client: PartyID, in tx: Transaction) throws -> [InvoiceBalance] {
        try read(from: "d.client_id = \(client)", in: tx)
    }

    private static func read(from condition: PostgresQuery, in tx: Transaction) throws -> [InvoiceBalance] {
        let rows = try tx.query("SELECT d.id, d.order_id, d.gross_minor, " + parts
                                + " FROM closing_documents d WHERE d.type = 'invoice' AND d.status = 'issued' AND " + condition
                                + " ORDER BY d.id")
        return try rows.map { row in
            try InvoiceBalance(documentID: try row.decode(0, as: DocumentID.self), orderID: try row.decode(1, as: SalesOrderID.self),
                               amount: Money(minorUnits: try row.decode(2, as: Int64.self)),
                               credited: Money(minorUnits: try row.decode(3, as: Int64.self)),
                               paid: Money(minorUnits: try row.decode(4, as: Int64.self)))
        }
    }
}
