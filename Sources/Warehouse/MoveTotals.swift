// The stock moves summed for the movements report (sql/0037_report_totals.sql): per posting,
// warehouse and kind (append-only, at the posting's time) and per UTC month and day, product and
// warehouse. Each posting adds its moves to all three in the transaction that writes them, so they
// are never behind; `erp check` sums the moves again and compares.

import ERPCore
import Foundation
import Postgres

enum MoveTotals {
    /// Adds the moves just posted — `requests` at `costs`, all at `now` — in one statement: a row per
    /// warehouse and kind, and each product and warehouse to its UTC month and day. Those rows are
    /// touched in product and warehouse order, and only by postings that hold those stock levels'
    /// locks, so keeping them neither waits nor deadlocks.
    /// - Throws: `PostgresError`.
    static func add(_ requests: [MoveRequest], costs: [Int64], at now: Date, in tx: Transaction) throws {
        try tx.query("""
            WITH m(p, w, q, c, k) AS (
                SELECT * FROM unnest(\(requests.map(\.productID.rawValue))::bigint[], \(requests.map(\.warehouseID.rawValue))::bigint[],
                                     \(requests.map(\.qty.thousandths))::bigint[], \(costs)::bigint[], \(requests.map(\.kind.rawValue))::text[])),
            postings AS (
                INSERT INTO stock_move_postings (at, warehouse_id, kind, moves, value_in_minor, value_out_minor)
                SELECT \(now), w, k, count(*), COALESCE(sum(c) FILTER (WHERE c > 0), 0), COALESCE(-sum(c) FILTER (WHERE c < 0), 0)
                FROM m GROUP BY w, k),
            months AS (
                INSERT INTO stock_move_months AS t (month, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
                SELECT date_trunc('month', \(now)::timestamptz, 'UTC'), p, w, count(*), sum(q),
                       COALESCE(sum(c) FILTER (WHERE c > 0), 0), COALESCE(-sum(c) FILTER (WHERE c < 0), 0)
                FROM m GROUP BY p, w ORDER BY p, w
                ON CONFLICT ON CONSTRAINT stock_move_months_key DO UPDATE
                SET moves = t.moves + EXCLUDED.moves, qty = t.qty + EXCLUDED.qty,
                    value_in_minor = t.value_in_minor + EXCLUDED.value_in_minor, value_out_minor = t.value_out_minor + EXCLUDED.value_out_minor)
            INSERT INTO stock_move_days AS d (day, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
            SELECT date_trunc('day', \(now)::timestamptz, 'UTC'), p, w, count(*), sum(q),
                   COALESCE(sum(c) FILTER (WHERE c > 0), 0), COALESCE(-sum(c) FILTER (WHERE c < 0), 0)
            FROM m GROUP BY p, w ORDER BY p, w
            ON CONFLICT ON CONSTRAINT stock_move_days_key DO UPDATE
            SET moves = d.moves + EXCLUDED.moves, qty = d.qty + EXCLUDED.qty,
                value_in_minor = d.value_in_minor + EXCLUDED.value_in_minor, value_out_minor = d.value_out_minor + EXCLUDED.value_out_minor
            """)
    }

    /// Every posting time × warehouse × kind, and every UTC day or month × product × warehouse, where
    /// the totals and the moves disagree.
    /// - Throws: `PostgresError`.
    static func check(in tx: Transaction) throws -> [LedgerViolation] {
        try compare("move_postings_match_moves", totals: "stock_move_postings", quantities: false,
                    key: "at::text || ', warehouse ' || warehouse_id || ', ' || kind", in: tx)
            + compare("move_days_match_moves", totals: "stock_move_days", quantities: true,
                      key: "date_trunc('day', at, 'UTC')::text || ', product ' || product_id || ', warehouse ' || warehouse_id",
                      totalsKey: "day::text || ', product ' || product_id || ', warehouse ' || warehouse_id", in: tx)
            + compare("move_months_match_moves", totals: "stock_move_months", quantities: true,
                      key: "date_trunc('month', at, 'UTC')::text || ', product ' || product_id || ', warehouse ' || warehouse_id",
                      totalsKey: "month::text || ', product ' || product_id || ', warehouse ' || warehouse_id", in: tx)
    }

    /// The keys where `totals` (summed by `totalsKey`, or `key`) and the moves (summed by `key`)
    /// differ in moves, net quantity (where the totals keep `quantities`), value in or value out.
    private static func compare(_ rule: String, totals: PostgresQuery, quantities: Bool, key: PostgresQuery,
                                totalsKey: PostgresQuery? = nil, in tx: Transaction) throws -> [LedgerViolation] {
        let qty: PostgresQuery = quantities ? "sum(qty)" : "0"
        let query: PostgresQuery = "WITH t AS (SELECT " + (totalsKey ?? key) + " AS key, sum(moves) AS moves, " + qty
            + " AS qty, sum(value_in_minor) AS value_in, sum(value_out_minor) AS value_out FROM " + totals + " GROUP BY 1), "
            + "m AS (SELECT " + key + " AS key, count(*) AS moves, " + qty + """
             AS qty, COALESCE(sum(cost_minor) FILTER (WHERE cost_minor > 0), 0) AS value_in,
                      COALESCE(-sum(cost_minor) FILTER (WHERE cost_minor < 0), 0) AS value_out FROM stock_moves GROUP BY 1)
            SELECT COALESCE(t.key, m.key), COALESCE(t.moves, 0)::bigint, COALESCE(t.qty, 0)::bigint, COALESCE(t.value_in, 0)::bigint,
                   COALESCE(t.value_out, 0)::bigint, COALESCE(m.moves, 0)::bigint, COALESCE(m.qty, 0)::bigint,
                   COALESCE(m.value_in, 0)::bigint, COALESCE(m.value_out, 0)::bigint
            FROM t FULL JOIN m ON m.key = t.key
            WHERE (COALESCE(t.moves, 0), COALESCE(t.qty, 0), COALESCE(t.value_in, 0), COALESCE(t.value_out, 0))
                  <> (COALESCE(m.moves, 0), COALESCE(m.qty, 0), COALESCE(m.value_in, 0), COALESCE(m.value_out, 0))
            ORDER BY 1
            """
        return try tx.query(query).map { (row) throws(PostgresError) in
            let figures = { (first: Int) throws(PostgresError) -> String in
                "\(try row.decode(first, as: Int64.self)) moves, quantity \(Quantity(thousandths: try row.decode(first + 1, as: Int64.self))), "
                    + "value in \(Money(minorUnits: try row.decode(first + 2, as: Int64.self))), "
                    + "value out \(Money(minorUnits: try row.decode(first + 3, as: Int64.self)))"
            }
            return LedgerViolation(rule: rule, message: """
                \(try row.decode(0, as: String.self)): the totals hold \(try figures(1)); the moves add up to \(try figures(5))
                """)
        }
    }
}
