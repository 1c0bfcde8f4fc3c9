// Revenue by UTC day and product, all clients and managers (sql/0039_revenue_product_days.sql):
// the exact aggregate the dashboard's thirty days of top products read, and the revenue report
// by product or category for the whole days around its whole months, instead of the hourly rows
// with products (almost one per shipped line). Kept and checked with the hourly ones.

import ERPCore
import Postgres
import Warehouse

enum RevenueDays {
    /// The step of `RevenueHours.add`'s statement that adds its summed lines `s` (with `hour`, in
    /// UTC) to their day and product, in product order, after the hourly product rows
    /// (`by_product`) and before the month rows (`RevenueMonths.upsert`), so two shipping
    /// transactions take the rows in the same order.
    static let upsert: PostgresQuery = """
        , by_day AS (
            INSERT INTO sales_revenue_product_days AS d (day, product_id, qty, revenue_minor, cost_minor)
            SELECT date_trunc('day', hour, 'UTC'), product_id, sum(qty)::bigint, sum(revenue)::bigint, sum(cost)::bigint
            FROM s WHERE (SELECT count(*) FROM by_product) > 0
            GROUP BY 1, 2
            ORDER BY product_id, 1
            ON CONFLICT ON CONSTRAINT sales_revenue_product_days_key DO UPDATE
            SET qty = d.qty + EXCLUDED.qty, revenue_minor = d.revenue_minor + EXCLUDED.revenue_minor,
                cost_minor = d.cost_minor + EXCLUDED.cost_minor
            RETURNING 1
        )
        """

    /// Every day × product where the aggregate and the shipped lines disagree.
    /// - Throws: `PostgresError`.
    static func check(in tx: Transaction) throws -> [LedgerViolation] {
        try productMismatches(of: "sales_revenue_product_days", bucket: "day", "date_trunc('day', shipped_at, 'UTC')", byManager: false,
                              rule: "revenue_product_days_match_shipments", in: tx)
    }

    /// Every `bucket` × product (× manager when `byManager`) of the aggregate `table` whose
    /// quantity, revenue or cost differs from the shipped lines summed by `truncated` (their
    /// `shipped_at` cut to the bucket), as violations of `rule`.
    /// - Throws: `PostgresError`.
    static func productMismatches(of table: PostgresQuery, bucket: PostgresQuery, _ truncated: PostgresQuery, byManager: Bool,
                                  rule: String, in tx: Transaction) throws -> [LedgerViolation] {
        let manager: PostgresQuery = byManager ? ", manager_id" : ""
        let sameManager: PostgresQuery = byManager ? " AND s.manager_id IS NOT DISTINCT FROM a.manager_id" : ""
        let rows = try tx.query("SELECT COALESCE(a." + bucket + ", s.bucket)::text, COALESCE(a.product_id, s.product_id), " + """
                   COALESCE(a.revenue_minor, 0), COALESCE(s.revenue, 0)::bigint, COALESCE(a.cost_minor, 0), COALESCE(s.cost, 0)::bigint,
                   COALESCE(a.qty, 0), COALESCE(s.qty, 0)::bigint
            FROM
            """ + " " + table + " a FULL JOIN (SELECT " + truncated + " AS bucket, product_id" + manager + """
            , sum(qty) AS qty, sum(revenue_minor) AS revenue, sum(cost_minor) AS cost
                       FROM sales_shipped_lines_view GROUP BY
            """ + " 1, 2" + manager + ") s ON s.bucket = a." + bucket + " AND s.product_id = a.product_id" + sameManager + """

            WHERE COALESCE(a.revenue_minor, 0) <> COALESCE(s.revenue, 0) OR COALESCE(a.cost_minor, 0) <> COALESCE(s.cost, 0)
               OR COALESCE(a.qty, 0) <> COALESCE(s.qty, 0)
            ORDER BY 1, 2
            """)
        return try rows.map { (row) throws(PostgresError) in
            LedgerViolation(rule: rule, message: """
                \(bucket.sql) \(try row.decode(0, as: String.self)), product \(try row.decode(1, as: Int64.self)): the aggregate holds revenue \
                \(Money(minorUnits: try row.decode(2, as: Int64.self))), cost \(Money(minorUnits: try row.decode(4, as: Int64.self))), \
                quantity \(Quantity(thousandths: try row.decode(6, as: Int64.self))); the shipments add up to \
                \(Money(minorUnits: try row.decode(3, as: Int64.self))), \(Money(minorUnits: try row.decode(5, as: Int64.self))), \
                \(Quantity(thousandths: try row.decode(7, as: Int64.self)))
                """)
        }
    }
}
