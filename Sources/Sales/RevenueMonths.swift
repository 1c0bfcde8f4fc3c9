// Revenue by UTC month, product and manager (sql/0037_report_totals.sql): the exact aggregate a
// year of the revenue report by product or category reads for its whole months, instead of the
// hourly rows with products (almost one per shipped line). Kept and checked with the hourly ones.

import ERPCore
import Postgres
import Warehouse

enum RevenueMonths {
    /// The step of `RevenueHours.add`'s statement that adds its summed lines `s` (with `hour`, in
    /// UTC) to their month, product and manager, in product order, after the hourly product rows
    /// and the day rows (`by_day`), so two shipping transactions take the rows in the same order.
    static let upsert: PostgresQuery = """
        , by_month AS (
            INSERT INTO sales_revenue_product_months AS m (month, product_id, manager_id, qty, revenue_minor, cost_minor)
            SELECT date_trunc('month', hour, 'UTC'), product_id, manager_id, sum(qty)::bigint, sum(revenue)::bigint, sum(cost)::bigint
            FROM s WHERE (SELECT count(*) FROM by_day) > 0
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
        try RevenueDays.productMismatches(of: "sales_revenue_product_months", bucket: "month", "date_trunc('month', shipped_at, 'UTC')",
                                          byManager: true, rule: "revenue_product_months_match_shipments", in: tx)
    }
}
