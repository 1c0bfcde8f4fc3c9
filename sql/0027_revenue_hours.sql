-- 0027: revenue by hour — an exact aggregate of the shipped lines, so the dashboard and the revenue
-- report for a year read a few thousand rows instead of joining every shipment line.
--
-- Sales keeps it in the transaction that ships (Shipments.ship → RevenueHours.add), so it can
-- never be stale; `erp check` compares it with sales_shipped_lines_view (rule
-- `revenue_hours_match_shipments`). The hour is UTC: every whole day of a company time zone with a
-- whole-hour offset (all of Russia's) is a whole number of hours, so a change of the company's time
-- zone leaves it exact. Orders' clients, managers and prices change only in draft, before any shipment.

CREATE TABLE sales_revenue_hours (
    hour timestamptz NOT NULL,
    client_id bigint NOT NULL CONSTRAINT sales_revenue_hours_client_id_fkey REFERENCES parties (id),
    product_id bigint NOT NULL CONSTRAINT sales_revenue_hours_product_id_fkey REFERENCES products (id),
    manager_id bigint NULL CONSTRAINT sales_revenue_hours_manager_id_fkey REFERENCES users (id),
    qty bigint NOT NULL,
    revenue_minor bigint NOT NULL,
    cost_minor bigint NOT NULL,
    CONSTRAINT sales_revenue_hours_key UNIQUE NULLS NOT DISTINCT (hour, client_id, product_id, manager_id)
);
-- The report filters' lookups: a client's or a manager's hours (the key leads with the hour).
CREATE INDEX sales_revenue_hours_client_idx ON sales_revenue_hours (client_id, hour);
CREATE INDEX sales_revenue_hours_manager_idx ON sales_revenue_hours (manager_id, hour);

-- The shipped lines so far, summed the way RevenueHours.add sums each new shipment.
INSERT INTO sales_revenue_hours (hour, client_id, product_id, manager_id, qty, revenue_minor, cost_minor)
SELECT date_trunc('hour', shipped_at), client_id, product_id, manager_id, sum(qty), sum(revenue_minor), sum(cost_minor)
FROM sales_shipped_lines_view
GROUP BY 1, 2, 3, 4;

-- Sales: revenue, cost and quantity shipped per UTC hour, client, product and manager.
CREATE VIEW sales_revenue_hours_view AS
SELECT hour, client_id, product_id, manager_id, qty, revenue_minor, cost_minor FROM sales_revenue_hours;

-- Billing: the receivables (the dashboard's ageing) read every live delivery and credit note by
-- client; the documents' rows are wide (their contents), so an index holds what ageing needs.
CREATE INDEX closing_documents_receivables_idx ON closing_documents (client_id, doc_date, id) INCLUDE (type, gross_minor)
    WHERE status = 'issued' AND type IN ('upd', 'act', 'credit_note');

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('sales_revenue_hours', '{SELECT,INSERT,UPDATE}'),
    ('sales_revenue_hours_view', '{SELECT}');
