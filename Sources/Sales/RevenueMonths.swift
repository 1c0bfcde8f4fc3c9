// Revenue by UTC month, product and manager (sql/0037_report_totals.sql): the exact aggregate a
// year of the revenue report by product or category reads for its whole months, instead of the
// hourly rows with products (almost one per shipped line). Kept and checked with the hourly ones.

import ERPCore
import Postgres
import Warehouse

enum RevenueMonths {
    /// The step of `RevenueHours.add`'s statement that adds its summed lines `s` (with `hour`, in
    /// UTC) to their month, product and manager, in product order, after the hourly product rows
    /// (`by_product`), so two shipping transactions take the rows in the same order.
    static let upsert: PostgresQuery = """
        , by_month AS (
            INSERT INTO sales_revenue_product_months AS m (month, product_id, manager_id, qty, revenue_minor, cost_minor)
            SELECT date_trunc('month', hour, 'UTC'), product_id, manager_id, sum(qty)::bigint, sum(revenue)::bigint, sum(cost)::bigint
            FROM s WHERE (SELECT count(*) FROM by_product) > 0
            GROUP BY 1, 2, 3
            ORDER BY product_id, 3, 1
            ON CONFLICT ON CONSTRAINT sales_revenue_product_months_key DO UPDATE
            SET qty = m.qty + EXCLUDED.qty, revenue_minor = m.revenue_minor + EXCLUDED.revenue_minor,
                cost_minor = m.cost_minor + EXCLUDED.cost_minor
            RETURNING 1
        )
        """

    /// Every month × product × manager where the aggregate and the shipped lines disagree.
    /// - Throws: `PostgresError`.
    static func check(in tx: Transaction) throws -> [LedgerViolation] {
        let rows = try tx.query("""
            SELECT COALESCE(m.month, s.month)::text, COALESCE(m.product_id, s.product_id),
                   COALESCE(m.revenue_minor, 0), COALESCE(s.revenue, 0)::bigint, COALESCE(m.cost_minor, 0), COALESCE(s.cost, 0)::bigint,
                   COALESCE(m.qty, 0), COALESCE(s.qty, 0)::bigint
            FROM sales_revenue_product_months m
            FULL JOIN (SELECT date_trunc('month', shipped_at, 'UTC') AS month, product_id, manager_id,
                              sum(qty) AS qty, sum(revenue_minor) AS revenue, sum(cost_minor) AS cost
                       FROM sales_shipped_lines_view GROUP BY 1, 2, 3) s
                   ON s.month = m.month AND s.product_id = m.product_id AND s.manager_id IS NOT DISTINCT FROM m.manager_id
            WHERE COALESCE(m.revenue_minor, 0) <> COALESCE(s.revenue, 0) OR COALESCE(m.cost_minor, 0) <> COALESCE(s.cost, 0)
               OR COALESCE(m.qty, 0) <> COALESCE(s.qty, 0)
            ORDER BY 1, 2
            """)
        return try rows.map { (row) throws(PostgresError) in
            LedgerViolation(rule: "revenue_product_months_match_shipments", message: """
                month \(try row.decode(0, as: String.self)), product \(try row.decode(1, as: Int64.self)): the aggregate holds revenue \
                \(Money(minorUnits: try row.decode(2, as: Int64.self))), cost \(Money(minorUnits: try row.decode(4, as: Int64.self))), \
                quantity \(Quantity(thousandths: try row.decode(6, as: Int64.self))); the shipments add up to \
                \(Money(minorUnits: try row.decode(3, as: Int64.self))), \(Money(minorUnits: try row.decode(5, as: Int64.self))), \
                \(Quantity(thousandths: try row.decode(7, as: Int64.self)))
                """)
        }
    }
}
