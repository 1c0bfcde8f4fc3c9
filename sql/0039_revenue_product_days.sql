-- 0039: revenue per UTC day and product, for the dashboard's top products of the last thirty days
-- and the days of a revenue report by product or category around its whole months. The hourly rows
-- with products are almost one per shipped line (about 50,000 in thirty days of the large demo);
-- a day of all clients and managers is one row per product sold that day (about 16,000 in thirty
-- days).
--
-- Sales keeps it in the statement that adds a shipment to the hourly rows (RevenueHours.add: the
-- hourly product rows, then these day rows in product order, then the month rows, then the client
-- rows), so it is never behind; `erp check` compares it with the shipped lines (rule
-- `revenue_product_days_match_shipments`). It has no manager or client: a report narrowed to one
-- reads the hours instead.
CREATE TABLE sales_revenue_product_days (
    day timestamptz NOT NULL,
    product_id bigint NOT NULL CONSTRAINT sales_revenue_product_days_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL,
    revenue_minor bigint NOT NULL,
    cost_minor bigint NOT NULL,
    CONSTRAINT sales_revenue_product_days_key UNIQUE (day, product_id)
);

INSERT INTO sales_revenue_product_days (day, product_id, qty, revenue_minor, cost_minor)
SELECT date_trunc('day', hour, 'UTC'), product_id, sum(qty), sum(revenue_minor), sum(cost_minor)
FROM sales_revenue_hours GROUP BY 1, 2;

-- Sales: revenue, cost and quantity shipped per UTC day and product, all clients and managers.
CREATE VIEW sales_revenue_product_days_view AS
SELECT day, product_id, qty, revenue_minor, cost_minor FROM sales_revenue_product_days;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('sales_revenue_product_days', '{SELECT,INSERT,UPDATE}'),
    ('sales_revenue_product_days_view', '{SELECT}');
