// The money invariants `erp check` verifies, beside the ledger's: what posted payments allocate
// never exceeds what an invoice asks (its amount plus the increases of its order's live УКДs) nor
// what the payment brought, and no posted payment stands
// on an annulled invoice (annulment is refused while anything is paid). The allocation rules keep
// these true under any interleaving; the check is how an operator sees that they are.

import ERPCore
import Postgres
import Warehouse

enum PaymentCheck {
    /// What the live УКДs raising `d`'s order add to what it may ask (a УКД's positive change).
    static let increases: PostgresQuery = """
        COALESCE((SELECT sum(c.gross_minor) FROM closing_documents c
                  WHERE c.order_id = d.order_id AND c.type = 'ukd' AND c.status = 'issued' AND c.gross_minor > 0), 0)::bigint
        """

    /// Every violated money invariant, in one snapshot.
    /// - Throws: `PostgresError`.
    static func run(in tx: Transaction) throws -> [LedgerViolation] {
        let invoices = try tx.query("SELECT d.number, d.status, d.gross_minor + " + increases + """
            , sum(a.amount_minor)::bigint
            FROM closing_documents d
            JOIN payment_allocations a ON a.document_id = d.id
            JOIN payments p ON p.id = a.payment_id AND p.status = 'posted'
            GROUP BY d.id HAVING sum(a.amount_minor) > d.gross_minor +
            """ + increases + " OR d.status <> 'issued' ORDER BY d.id").map { (row) throws(PostgresError) in
            let number = try row.decode(0, as: String.self), paid = Money(minorUnits: try row.decode(3, as: Int64.self))
            return try row.decode(1, as: String.self) == "issued"
                ? LedgerViolation(rule: "allocations_within_invoice", message:
                    "\(number) asks \(Money(minorUnits: try row.decode(2, as: Int64.self))), but posted payments allocate \(paid) to it")
                : LedgerViolation(rule: "allocations_on_live_invoices", message: "\(number) is annulled, but posted payments allocate \(paid) to it")
        }
        let payments = try tx.query("""
            SELECT p.number, p.amount_minor, sum(a.amount_minor)::bigint
            FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
            GROUP BY p.id HAVING sum(a.amount_minor) > p.amount_minor
            ORDER BY p.id
            """).map { (row) throws(PostgresError) in
            LedgerViolation(rule: "allocations_within_payment", message: """
                \(try row.decode(0, as: String.self)) brought \(Money(minorUnits: try row.decode(1, as: Int64.self))), \
                but allocates \(Money(minorUnits: try row.decode(2, as: Int64.self)))
                """)
        }
        return invoices + payments
    }
}
