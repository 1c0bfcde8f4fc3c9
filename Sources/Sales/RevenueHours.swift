// Revenue by hour: the exact aggregates of the shipped lines the dashboard and the revenue report read
// — by hour, client, product and manager (sql/0027_revenue_hours.sql), and by hour, client and
// manager alone (sql/0030_report_views.sql, about 60 times fewer rows for a year of totals). Each
// shipment adds its lines to both in the transaction that posts it, from the rows it has just
// written (no read of the view), so they are never behind;
// `erp check` sums the shipped lines again and compares.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// One shipped line as the aggregates count it: its revenue is the order line's net amount in
/// proportion to the quantity shipped, rounded as sales_shipped_lines_view rounds it.
struct ShippedRevenue {
    var clientID: PartyID
    var managerID: UserID?
    var productID: ProductID
    var qty: Quantity
    /// The order line's net amount and quantity.
    var lineNet: Money
    var lineQty: Quantity
    var cost: Money

    /// `shipped` of `order` at `cost`.
    init(_ shipped: OrderQuantity, of order: SalesOrder, cost: Money) {
        let line = order.lines.first { $0.productID == shipped.productID }
        (clientID, managerID, productID, qty) = (order.clientID, order.managerID, shipped.productID, shipped.qty)
        (lineNet, lineQty, self.cost) = (line?.net ?? .zero(), line?.qty ?? shipped.qty, cost)
    }
}

enum RevenueHours {
    /// Adds the lines shipped at `now` — by one shipment or a wave — to their hour, client, product
    /// and manager, to their UTC day and product (`RevenueDays`), to their UTC month, product and
    /// manager (`RevenueMonths`), then to their hour, client and manager, in one statement that
    /// reads nothing back: the rows come from the caller, summed first so lines of one hour and
    /// client add up in one row. Hourly product rows are touched first, in product order, then the
    /// day rows and the month rows in product order, then client rows in hour and client order, so
    /// two transactions adding to the same rows lock them in the same order.
    /// - Throws: `PostgresError`.
    static func add(_ lines: [ShippedRevenue], at now: Date, in tx: Transaction) throws {
        guard !lines.isEmpty else { return }
        try tx.query("""
            WITH s AS (
                SELECT date_trunc('hour', \(now)::timestamptz) AS hour, l.c AS client_id, l.p AS product_id, l.m AS manager_id,
                       sum(l.q)::bigint AS qty, sum(round(l.net::numeric * l.q / l.lq))::bigint AS revenue, sum(l.cost)::bigint AS cost
                FROM unnest(\(lines.map(\.clientID.rawValue))::bigint[], \(lines.map(\.productID.rawValue))::bigint[],
                            \(lines.map { $0.managerID?.rawValue })::bigint[], \(lines.map(\.qty.thousandths))::bigint[],
                            \(lines.map(\.lineNet.minorUnits))::bigint[], \(lines.map(\.lineQty.thousandths))::bigint[],
                            \(lines.map(\.cost.minorUnits))::bigint[]) AS l(c, p, m, q, net, lq, cost)
                GROUP BY 2, 3, 4
            ), by_product AS (
                INSERT INTO sales_revenue_hours AS h (hour, client_id, product_id, manager_id, qty, revenue_minor, cost_minor)
                SELECT hour, client_id, product_id, manager_id, qty, revenue, cost FROM s
                ORDER BY product_id, client_id, manager_id
                ON CONFLICT ON CONSTRAINT sales_revenue_hours_key DO UPDATE
                SET qty = h.qty + EXCLUDED.qty, revenue_minor = h.revenue_minor + EXCLUDED.revenue_minor,
                    cost_minor = h.cost_minor + EXCLUDED.cost_minor
                RETURNING 1
            )
            """ + RevenueDays.upsert + RevenueMonths.upsert + """
            INSERT INTO sales_revenue_client_hours AS c (hour, client_id, manager_id, revenue_minor, cost_minor)
            SELECT hour, client_id, manager_id, sum(revenue), sum(cost) FROM s
            WHERE (SELECT count(*) FROM by_month) > 0  -- the product and month rows first: the lock order
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            ON CONFLICT ON CONSTRAINT sales_revenue_client_hours_key DO UPDATE
            SET revenue_minor = c.revenue_minor + EXCLUDED.revenue_minor, cost_minor = c.cost_minor + EXCLUDED.cost_minor
            """)
    }

    /// Every hour × client × product × manager, every hour × client × manager, every day × product
    /// and every month × product × manager, where an aggregate and the shipped lines disagree.
    /// - Throws: `PostgresError`.
    static func check(in tx: Transaction) throws -> [LedgerViolation] {
        try checkProducts(in: tx) + checkClients(in: tx) + RevenueDays.check(in: tx) + RevenueMonths.check(in: tx)
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
