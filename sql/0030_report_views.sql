-- 0030: what the owner's reports read besides: revenue by hour, client and manager (the hourly
-- aggregate without the product, for the dashboard and the revenue report over a year); the stages
-- each deal entered, for the pipeline's conversion from one stage to the next (a deal that reached
-- a stage passed every open stage before it); and the goods clients returned, for the revenue
-- report's returns column (revenue stays what was shipped; see docs/decisions.md, "Reports read
-- across modules").

-- Sales keeps it beside sales_revenue_hours, in the transaction that ships (RevenueHours.add), and
-- `erp check` compares it with the shipped lines (rule `revenue_client_hours_match_shipments`). A
-- shipment is one order — one client, one manager — so an hour holds a row per client shipped to:
-- the large demo's 60-line orders make it about 60 times smaller than the rows with products, and a
-- year of totals, months, clients or managers sums tens of thousands of rows instead of 600,000.
CREATE TABLE sales_revenue_client_hours (
    hour timestamptz NOT NULL,
    client_id bigint NOT NULL CONSTRAINT sales_revenue_client_hours_client_id_fkey REFERENCES parties (id),
    manager_id bigint NULL CONSTRAINT sales_revenue_client_hours_manager_id_fkey REFERENCES users (id),
    revenue_minor bigint NOT NULL,
    cost_minor bigint NOT NULL,
    CONSTRAINT sales_revenue_client_hours_key UNIQUE NULLS NOT DISTINCT (hour, client_id, manager_id)
);
-- The report filters' lookups: a client's or a manager's hours (the key leads with the hour).
CREATE INDEX sales_revenue_client_hours_client_idx ON sales_revenue_client_hours (client_id, hour);
CREATE INDEX sales_revenue_client_hours_manager_idx ON sales_revenue_client_hours (manager_id, hour);

INSERT INTO sales_revenue_client_hours (hour, client_id, manager_id, revenue_minor, cost_minor)
SELECT hour, client_id, manager_id, sum(revenue_minor), sum(cost_minor) FROM sales_revenue_hours GROUP BY 1, 2, 3;

CREATE VIEW sales_revenue_client_hours_view AS
SELECT hour, client_id, manager_id, revenue_minor, cost_minor FROM sales_revenue_client_hours;

-- CRM: every stage a deal entered (the first row is the stage it was created in).
CREATE VIEW crm_deal_stage_changes_view AS
SELECT deal_id, to_stage AS stage, at FROM deal_stage_changes;

-- Sales: every returned line with what it takes back of the order line's revenue (net pro rata of
-- the line, as sales_shipped_lines_view counts it shipped) and its cost of goods.
CREATE VIEW sales_returned_lines_view AS
SELECT r.id AS return_id, r.returned_at, o.id AS order_id, o.client_id, o.manager_id, rl.product_id, rl.qty,
       round(ol.net_minor::numeric * rl.qty / ol.qty)::bigint AS revenue_minor, rl.cost_minor
FROM sales_return_lines rl
JOIN sales_returns r ON r.id = rl.return_id
JOIN sales_orders o ON o.id = r.order_id
JOIN sales_order_lines ol ON ol.order_id = o.id AND ol.product_id = rl.product_id;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('sales_revenue_client_hours', '{SELECT,INSERT,UPDATE}'),
    ('sales_revenue_client_hours_view', '{SELECT}'),
    ('crm_deal_stage_changes_view', '{SELECT}'),
    ('sales_returned_lines_view', '{SELECT}');
