// The invariants `erp check` verifies, each as one query over the whole ledger (docs/architecture.md: "on_hand
// = SUM(stock_moves.qty) for every product × warehouse"). The constraints already forbid negative
// stock; these catch what a constraint cannot see — a level changed behind the service's back, a
// move without its level, a document whose moves do not add up to its lines.

import ERPCore
import Postgres

/// One broken invariant, in words a person can act on.
package struct LedgerViolation: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Which rule: `level_matches_moves`, `value_matches_moves`, `reserved_within_on_hand`,
    /// `document_matches_moves`, and the move totals' `move_postings_match_moves`, `move_days_match_moves`.
    package var rule: String
    package var message: String

    package init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }

    package var description: String { "\(rule): \(message)" }
}

enum LedgerCheck {
    /// Runs every check (in one snapshot) and returns what it found.
    /// - Throws: `PostgresError`.
    static func run(in tx: Transaction) throws -> [LedgerViolation] {
        var found: [LedgerViolation] = []
        // Levels against the sums of their moves (a level with no moves must be empty; moves with
        // no level are reported as a level of zero).
        let levels = try tx.query("""
            SELECT COALESCE(l.product_id, m.product_id), COALESCE(l.warehouse_id, m.warehouse_id),
                   COALESCE(l.on_hand, 0), COALESCE(m.qty, 0)::bigint, COALESCE(l.value_minor, 0), COALESCE(m.cost, 0)::bigint
            FROM stock_levels l
            FULL JOIN (SELECT product_id, warehouse_id, sum(qty) AS qty, sum(cost_minor) AS cost
                       FROM stock_moves GROUP BY product_id, warehouse_id) m
                   ON m.product_id = l.product_id AND m.warehouse_id = l.warehouse_id
            WHERE COALESCE(l.on_hand, 0) <> COALESCE(m.qty, 0) OR COALESCE(l.value_minor, 0) <> COALESCE(m.cost, 0)
            ORDER BY 1, 2
            """)
        for row in levels {
            let place = "product \(try row.decode(0, as: Int64.self)) in warehouse \(try row.decode(1, as: Int64.self))"
            let onHand = try row.decode(2, as: Int64.self), moved = try row.decode(3, as: Int64.self)
            if onHand != moved {
                found.append(LedgerViolation(rule: "level_matches_moves", message:
                    "\(place): on hand \(Quantity(thousandths: onHand)), but its moves add up to \(Quantity(thousandths: moved))"))
            }
            let value = try row.decode(4, as: Int64.self), cost = try row.decode(5, as: Int64.self)
            if value != cost {
                found.append(LedgerViolation(rule: "value_matches_moves", message:
                    "\(place): valued at \(Money(minorUnits: value)), but its moves add up to \(Money(minorUnits: cost))"))
            }
        }
        let reserved = try tx.query("""
            SELECT product_id, warehouse_id, on_hand, reserved FROM stock_levels
            WHERE reserved < 0 OR reserved > on_hand OR on_hand < 0 ORDER BY 1, 2
            """)
        for row in reserved {
            found.append(LedgerViolation(rule: "reserved_within_on_hand", message: """
                product \(try row.decode(0, as: Int64.self)) in warehouse \(try row.decode(1, as: Int64.self)): \
                \(Quantity(thousandths: try row.decode(3, as: Int64.self))) reserved of \
                \(Quantity(thousandths: try row.decode(2, as: Int64.self))) on hand
                """))
        }
        found += try documentViolations(in: tx)
        found += try MoveTotals.check(in: tx)
        return found
    }

    /// Each stock document's moves against its lines: a posted receipt, transfer or write-off moved
    /// exactly its lines' quantities (a transfer out of one warehouse and into the other); a count
    /// moved `counted − book` per counted line; a cancelled document's moves cancel out; an open
    /// count moved nothing.
    private static func documentViolations(in tx: Transaction) throws -> [LedgerViolation] {
        let rows = try tx.query("""
            WITH expected AS (
                SELECT d.id, d.number, d.status, l.product_id, w.warehouse_id,
                       CASE WHEN d.status <> 'posted' THEN 0
                            WHEN d.type = 'receipt' THEN l.qty
                            WHEN d.type = 'write_off' THEN -l.qty
                            WHEN d.type = 'transfer' AND w.warehouse_id = d.warehouse_id THEN -l.qty
                            WHEN d.type = 'transfer' THEN l.qty
                            ELSE COALESCE(l.counted_qty - l.book_qty, 0) END AS qty
                FROM stock_documents d
                JOIN stock_document_lines l ON l.document_id = d.id
                CROSS JOIN LATERAL (VALUES (d.warehouse_id), (d.to_warehouse_id)) AS w(warehouse_id)
                WHERE w.warehouse_id IS NOT NULL),
            moved AS (
                SELECT m.document_id AS id, m.product_id, m.warehouse_id, sum(m.qty) AS qty
                FROM stock_moves m
                WHERE m.document_type IN ('receipt', 'transfer', 'write_off', 'stock_count')
                GROUP BY 1, 2, 3)
            SELECT COALESCE(e.id, m.id), d.number, COALESCE(e.product_id, m.product_id), COALESCE(e.warehouse_id, m.warehouse_id),
                   COALESCE(e.qty, 0)::bigint, COALESCE(m.qty, 0)::bigint
            FROM expected e
            FULL JOIN moved m ON m.id = e.id AND m.product_id = e.product_id AND m.warehouse_id = e.warehouse_id
            JOIN stock_documents d ON d.id = COALESCE(e.id, m.id)
            WHERE COALESCE(e.qty, 0) <> COALESCE(m.qty, 0)
            ORDER BY 1, 3, 4
            """)
        return try rows.map { (row) throws(PostgresError) in
            let id = try row.decode(0, as: Int64.self)
            let name = try row.decode(1, as: String?.self) ?? "open count \(id)"
            return LedgerViolation(rule: "document_matches_moves", message: """
                \(name), product \(try row.decode(2, as: Int64.self)) in warehouse \(try row.decode(3, as: Int64.self)): \
                lines say \(Quantity(thousandths: try row.decode(4, as: Int64.self))), \
                moves say \(Quantity(thousandths: try row.decode(5, as: Int64.self)))
                """)
        }
    }
}
