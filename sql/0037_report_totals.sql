-- 0037: the totals a year of the owner's reports reads instead of every row: the stock moves summed
-- for the movements report (the large demo has about 1,000,000 moves a year), and the revenue by UTC
-- month, product and manager for the revenue report by product and category (the hourly rows with
-- products are almost one per shipped line, about 600,000 a year).
--
-- Warehouse keeps both in the transaction that posts the moves (StockLedger.post → MoveTotals.add),
-- so they are never behind; `erp check` sums the moves again and compares (rules
-- `move_postings_match_moves`, `move_days_match_moves`).
--
-- One row per posting, warehouse and kind, at the posting's exact time: a 60-line shipment is one
-- row. Append-only: no row is shared by two postings, so keeping it locks nothing. The movements
-- report by kind, warehouse and day reads it for any period and any time zone.
CREATE TABLE stock_move_postings (
    at timestamptz NOT NULL,
    warehouse_id bigint NOT NULL CONSTRAINT stock_move_postings_warehouse_id_fkey REFERENCES warehouses (id),
    kind text NOT NULL,
    moves bigint NOT NULL,
    value_in_minor bigint NOT NULL,
    value_out_minor bigint NOT NULL
);
CREATE INDEX stock_move_postings_at_idx ON stock_move_postings (at);
CREATE TRIGGER stock_move_postings_no_update_or_delete
    BEFORE UPDATE OR DELETE ON stock_move_postings FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER stock_move_postings_no_truncate
    BEFORE TRUNCATE ON stock_move_postings FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- The moves per UTC day, product and warehouse, for the report by product: its whole UTC days come
-- from here, the hours of a company day outside them from the moves. A row is changed only by a
-- posting that holds its stock level's lock, so keeping it adds no lock and no wait.
CREATE TABLE stock_move_days (
    day timestamptz NOT NULL,
    product_id bigint NOT NULL CONSTRAINT stock_move_days_product_id_fkey REFERENCES products (id),
    warehouse_id bigint NOT NULL CONSTRAINT stock_move_days_warehouse_id_fkey REFERENCES warehouses (id),
    moves bigint NOT NULL,
    qty bigint NOT NULL,
    value_in_minor bigint NOT NULL,
    value_out_minor bigint NOT NULL,
    CONSTRAINT stock_move_days_key UNIQUE (day, product_id, warehouse_id)
);

-- The same per UTC month, product and warehouse: a year by product reads its whole months here
-- (about 2,000 rows a month), the whole days around them from stock_move_days (a day is about as
-- many rows as a month, so days alone would be 360,000 rows a year) and the hours before and after
-- from the moves. Kept under the stock level's lock like the days.
CREATE TABLE stock_move_months (
    month timestamptz NOT NULL,
    product_id bigint NOT NULL CONSTRAINT stock_move_months_product_id_fkey REFERENCES products (id),
    warehouse_id bigint NOT NULL CONSTRAINT stock_move_months_warehouse_id_fkey REFERENCES warehouses (id),
    moves bigint NOT NULL,
    qty bigint NOT NULL,
    value_in_minor bigint NOT NULL,
    value_out_minor bigint NOT NULL,
    CONSTRAINT stock_move_months_key UNIQUE (month, product_id, warehouse_id)
);

INSERT INTO stock_move_postings (at, warehouse_id, kind, moves, value_in_minor, value_out_minor)
SELECT at, warehouse_id, kind, count(*), COALESCE(sum(cost_minor) FILTER (WHERE cost_minor > 0), 0),
       COALESCE(-sum(cost_minor) FILTER (WHERE cost_minor < 0), 0)
FROM stock_moves GROUP BY 1, 2, 3;

INSERT INTO stock_move_days (day, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
SELECT date_trunc('day', at, 'UTC'), product_id, warehouse_id, count(*), sum(qty), COALESCE(sum(cost_minor) FILTER (WHERE cost_minor > 0), 0),
       COALESCE(-sum(cost_minor) FILTER (WHERE cost_minor < 0), 0)
FROM stock_moves GROUP BY 1, 2, 3;

INSERT INTO stock_move_months (month, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
SELECT date_trunc('month', day, 'UTC'), product_id, warehouse_id, sum(moves), sum(qty), sum(value_in_minor), sum(value_out_minor)
FROM stock_move_days GROUP BY 1, 2, 3;

-- Warehouse: the moves of each posting by warehouse and kind (count, value in, value out).
CREATE VIEW warehouse_move_postings_view AS
SELECT at, warehouse_id, kind, moves, value_in_minor, value_out_minor FROM stock_move_postings;

-- Warehouse: the moves of each UTC day by product and warehouse (count, net quantity, value in, value out).
CREATE VIEW warehouse_move_days_view AS
SELECT day, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor FROM stock_move_days;

-- Sales keeps it beside sales_revenue_hours, in the transaction that ships (RevenueHours.add →
-- RevenueMonths.add, rows in product order after the hourly ones), and `erp check` compares it with
-- the shipped lines (rule `revenue_product_months_match_shipments`). A year by product reads eleven
-- or twelve whole UTC months of it (about 5,000 rows a month at 1,000 products and five managers)
-- and the hours around them from sales_revenue_hours; a client's filter reads the hours.
CREATE TABLE sales_revenue_product_months (
    month timestamptz NOT NULL,
    product_id bigint NOT NULL CONSTRAINT sales_revenue_product_months_product_id_fkey REFERENCES products (id),
    manager_id bigint NULL CONSTRAINT sales_revenue_product_months_manager_id_fkey REFERENCES users (id),
    qty bigint NOT NULL,
    revenue_minor bigint NOT NULL,
    cost_minor bigint NOT NULL,
    CONSTRAINT sales_revenue_product_months_key UNIQUE NULLS NOT DISTINCT (month, product_id, manager_id)
);

INSERT INTO sales_revenue_product_months (month, product_id, manager_id, qty, revenue_minor, cost_minor)
SELECT date_trunc('month', hour, 'UTC'), product_id, manager_id, sum(qty), sum(revenue_minor), sum(cost_minor)
FROM sales_revenue_hours GROUP BY 1, 2, 3;

-- Sales: revenue, cost and quantity shipped per UTC month, product and manager.
CREATE VIEW sales_revenue_product_months_view AS
SELECT month, product_id, manager_id, qty, revenue_minor, cost_minor FROM sales_revenue_product_months;

-- Warehouse: the moves of each UTC month by product and warehouse.
CREATE VIEW warehouse_move_months_view AS
SELECT month, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor FROM stock_move_months;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('sales_revenue_product_months', '{SELECT,INSERT,UPDATE}'),
    ('sales_revenue_product_months_view', '{SELECT}'),
    ('stock_move_postings', '{SELECT,INSERT}'),
    ('stock_move_days', '{SELECT,INSERT,UPDATE}'),
    ('stock_move_months', '{SELECT,INSERT,UPDATE}'),
    ('warehouse_move_months_view', '{SELECT}'),
    ('warehouse_move_postings_view', '{SELECT}'),
    ('warehouse_move_days_view', '{SELECT}');
