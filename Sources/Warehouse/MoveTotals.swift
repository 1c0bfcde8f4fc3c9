// The stock moves summed for the movements report (sql/0037_report_totals.sql): per posting,
// warehouse and kind (append-only, at the posting's time) and per UTC month and day, product and
// warehouse. Each posting adds its moves to all three in the statement that writes them
// (StockLedger.write), so they are never behind; `erp check` sums the moves again and compares.

import ERPCore
import Foundation
import Postgres

enum MoveTotals {
    /// The CTEs (each after a comma) that add the moves of the posting's statement — CTE
    /// `m(p, w, q, c, k, …)`: product, warehouse, quantity, cost, kind, all at `now` — to the totals:
    /// a row per warehouse and kind, and each product and warehouse to its UTC day and month. Those
    /// rows are touched in product and warehouse order, and only by postings that hold those stock
    /// levels' locks, so keeping them neither waits nor deadlocks; riding in the posting's statement,
    /// they cost no round trip.
    static func adding(at now: Date) -> PostgresQuery {
        """
            ,
            postings AS (
                INSERT INTO stock_move_postings (at, warehouse_id, kind, moves, value_in_minor, value_out_minor)
                SELECT \(now), m.w, m.k, count(*), COALESCE(sum(m.c) FILTER (WHERE m.c > 0), 0), COALESCE(-sum(m.c) FILTER (WHERE m.c < 0), 0)
                FROM m GROUP BY m.w, m.k)
            """
            + adding(to: "stock_move_days", period: "day", at: now) + adding(to: "stock_move_months", period: "month", at: now)
    }

    /// The CTE that adds each product and warehouse of `m` to its row of `table` for the UTC `period`
    /// (`day` or `month`: the table's key column and `date_trunc`'s unit) of `now`.
    private static func adding(to table: StaticString, period: StaticString, at now: Date) -> PostgresQuery {
        """
            ,
            \(unescaped: period)_totals AS (
                INSERT INTO \(unescaped: table) AS t (\(unescaped: period), product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
                SELECT date_trunc('\(unescaped: period)', \(now)::timestamptz, 'UTC'), m.p, m.w, count(*), sum(m.q),
                       COALESCE(sum(m.c) FILTER (WHERE m.c > 0), 0), COALESCE(-sum(m.c) FILTER (WHERE m.c < 0), 0)
                FROM m GROUP BY m.p, m.w ORDER BY m.p, m.w
                ON CONFLICT ON CONSTRAINT \(unescaped: table)_key DO UPDATE
                SET moves = t.moves + EXCLUDED.moves, qty = t.qty + EXCLUDED.qty,
                    value_in_minor = t.value_in_minor + EXCLUDED.value_in_minor, value_out_minor = t.value_out_minor + EXCLUDED.value_out_minor)
            """
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
