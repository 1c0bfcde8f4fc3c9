// Revenue by hour: the exact aggregates of the shipped lines the dashboard and the revenue report read
// — by hour, client, product and manager (sql/0027_revenue_hours.sql), and by hour, client and
// manager alone (sql/0030_report_views.sql, about 60 times fewer rows for a year of totals). Each
// shipment adds its lines to both in the transaction that posts it, so they are never behind;
// `erp check` sums the shipped lines again and compares.

import ERPCore
import Postgres
import Warehouse

enum RevenueHours {
    /// Adds shipment `id`'s lines — revenue as sales_shipped_lines_view computes it — to their hour,
    /// client, product and manager, then to their hour, client and manager.
    /// - Throws: `PostgresError`.
    static func add(shipment id: ShipmentID, in tx: Transaction) throws {
        try add(shipments: [id], in: tx)
    }

    /// Adds the lines of `ids` to both aggregates (and to their month: `RevenueMonths`), summed first so shipments of one hour and client add
    /// up in one row. Product rows are touched in product order, then client rows in hour and client
    /// order, so two transactions adding to the same rows lock them in the same order (no deadlock).
    /// - Throws: `PostgresError`.
    static func add(shipments ids: [ShipmentID], in tx: Transaction) throws {
        try tx.query("""
            INSERT INTO sales_revenue_hours AS h (hour, client_id, product_id, manager_id, qty, revenue_minor, cost_minor)
            SELECT date_trunc('hour', shipped_at), client_id, product_id, manager_id,
                   sum(qty)::bigint, sum(revenue_minor)::bigint, sum(cost_minor)::bigint
            FROM sales_shipped_lines_view WHERE shipment_id = ANY(\(ids.map(\.rawValue)))
            GROUP BY 1, 2, 3, 4
            ORDER BY product_id, 1, 2, 4
            ON CONFLICT ON CONSTRAINT sales_revenue_hours_key DO UPDATE
            SET qty = h.qty + EXCLUDED.qty, revenue_minor = h.revenue_minor + EXCLUDED.revenue_minor,
                cost_minor = h.cost_minor + EXCLUDED.cost_minor
            """)
        try tx.query("""
            INSERT INTO sales_revenue_client_hours AS c (hour, client_id, manager_id, revenue_minor, cost_minor)
            SELECT date_trunc('hour', shipped_at), client_id, manager_id, sum(revenue_minor), sum(cost_minor)
            FROM sales_shipped_lines_view WHERE shipment_id = ANY(\(ids.map(\.rawValue)))
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            ON CONFLICT ON CONSTRAINT sales_revenue_client_hours_key DO UPDATE
            SET revenue_minor = c.revenue_minor + EXCLUDED.revenue_minor, cost_minor = c.cost_minor + EXCLUDED.cost_minor
            """)
        try RevenueMonths.add(shipments: ids, in: tx)
    }

    /// Every hour × client × product × manager, every hour × client × manager, and every month ×
    /// product × manager, where an aggregate and the shipped lines disagree.
    /// - Throws: `PostgresError`.
    static func check(in tx: Transaction) throws -> [LedgerViolation] {
        try checkProducts(in: tx) + checkClients(in: tx) + RevenueMonths.check(in: tx)
    }

    private static func checkProducts(in tx: Transaction) throws -> [LedgerViolation] {
        let rows = try tx.query("""
            SELECT COALESCE(h.hour, s.hour)::text, COALESCE(h.client_id, s.client_id), COALESCE(h.product_id, s.product_id),
                   COALESCE(h.revenue_minor, 0), COALESCE(s.revenue, 0)::bigint, COALESCE(h.cost_minor, 0), COALESCE(s.cost, 0)::bigint,
                   COALESCE(h.qty, 0), COALESCE(s.qty, 0)::bigint
            FROM sales_revenue_hours h
            FULL JOIN (SELECT date_trunc('hour', shipped_at) AS hour, client_id, product_id, manager_id,
                              sum(qty) AS qty, sum(revenue_minor) AS revenue, sum(cost_minor) AS cost
                       FROM sales_shipped_lines_view GROUP BY 1, 2, 3, 4) s
                   ON s.hour = h.hour AND s.client_id = h.client_id AND s.product_id = h.product_id
                  AND s.manager_id IS NOT DISTINCT FROM h.manager_id
            WHERE COALESCE(h.revenue_minor, 0) <> COALESCE(s.revenue, 0) OR COALESCE(h.cost_minor, 0) <> COALESCE(s.cost, 0)
               OR COALESCE(h.qty, 0) <> COALESCE(s.qty, 0)
            ORDER BY 1, 2, 3
            """)
        return try rows.map { (row) throws(PostgresError) in
            LedgerViolation(rule: "revenue_hours_match_shipments", message: """
                hour \(try row.decode(0, as: String.self)), client \(try row.decode(1, as: Int64.self)), \
                product \(try row.decode(2, as: Int64.self)): the aggregate holds revenue \
                \(Money(minorUnits: try row.decode(3, as: Int64.self))), cost \(Money(minorUnits: try row.decode(5, as: Int64.self))), \
                quantity \(Quantity(thousandths: try row.decode(7, as: Int64.self))); the shipments add up to \
                \(Money(minorUnits: try row.decode(4, as: Int64.self))), \(Money(minorUnits: try row.decode(6, as: Int64.self))), \
                \(Quantity(thousandths: try row.decode(8, as: Int64.self)))
                """)
        }
    }

    private static func checkClients(in tx: Transaction) throws -> [LedgerViolation] {
        let rows = try tx.query("""
            SELECT COALESCE(c.hour, s.hour)::text, COALESCE(c.client_id, s.client_id),
                   COALESCE(c.revenue_minor, 0), COALESCE(s.revenue, 0)::bigint, COALESCE(c.cost_minor, 0), COALESCE(s.cost, 0)::bigint
            FROM sales_revenue_client_hours c
            FULL JOIN (SELECT date_trunc('hour', shipped_at) AS hour, client_id, manager_id, sum(revenue_minor) AS revenue, sum(cost_minor) AS cost
                       FROM sales_shipped_lines_view GROUP BY 1, 2, 3) s
                   ON s.hour = c.hour AND s.client_id = c.client_id AND s.manager_id IS NOT DISTINCT FROM c.manager_id
            WHERE COALESCE(c.revenue_minor, 0) <> COALESCE(s.revenue, 0) OR COALESCE(c.cost_minor, 0) <> COALESCE(s.cost, 0)
            ORDER BY 1, 2
            """)
        return try rows.map { (row) throws(PostgresError) in
            LedgerViolation(rule: "revenue_client_hours_match_shipments", message: """
                hour \(try row.decode(0, as: String.self)), client \(try row.decode(1, as: Int64.self)): the aggregate holds revenue \
                \(Money(minorUnits: try row.decode(2, as: Int64.self))), cost \(Money(minorUnits: try row.decode(4, as: Int64.self))); \
                the shipments add up to \(Money(minorUnits: try row.decode(3, as: Int64.self))), \
                \(Money(minorUnits: try row.decode(5, as: Int64.self)))
                """)
        }
    }
}
