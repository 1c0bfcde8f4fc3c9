-- 0012: read models, and idempotency keys without HTTP.
--
-- Read models. The owner's reports read no module's tables: each module publishes the
-- views below over its own tables (and only its own), and the `Reports` target joins those views.
-- A view is part of its module's contract like a package function: the module may change its
-- tables as long as the view keeps its columns and meaning. Views run with their owner's rights,
-- so the application role gets SELECT on the views alone (rows in erp_table_privileges, as 0011).

-- ERPCore: who a user is, by name.
CREATE VIEW access_users_view AS
SELECT id, login, display_name FROM users;

-- Catalog: a product with its category's name (NULL for none).
CREATE VIEW catalog_products_view AS
SELECT p.id, p.sku, p.name, p.category_id, c.name AS category_name
FROM products p LEFT JOIN categories c ON c.id = p.category_id;

-- Parties: a party's name.
CREATE VIEW parties_names_view AS
SELECT id, name FROM parties;

-- Warehouse: each stock level with its warehouse's code and name.
CREATE VIEW warehouse_levels_view AS
SELECT l.product_id, l.warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name, l.on_hand, l.reserved, l.value_minor
FROM stock_levels l JOIN warehouses w ON w.id = l.warehouse_id;

-- Warehouse: the ledger as it stands (every move, signed quantity and cost).
CREATE VIEW warehouse_moves_view AS
SELECT id, at, kind, product_id, warehouse_id, qty, cost_minor, document_type, document_id FROM stock_moves;

-- Warehouse: the moves of write-offs (and of their cancellations) with their document.
CREATE VIEW warehouse_write_off_moves_view AS
SELECT m.document_id, d.status AS document_status, d.posted_at, d.reason, d.posted_by_login,
       m.warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name, m.product_id, m.qty, m.cost_minor
FROM stock_moves m JOIN stock_documents d ON d.id = m.document_id JOIN warehouses w ON w.id = m.warehouse_id
WHERE m.document_type = 'write_off';

-- Sales: every shipped line with its revenue — the order line's net amount pro rata of the part
-- shipped (net × shipped / ordered, half-up) — and its cost of goods sold.
CREATE VIEW sales_shipped_lines_view AS
SELECT s.id AS shipment_id, s.shipped_at, o.id AS order_id, o.client_id, o.manager_id, sl.product_id, sl.qty,
       round(ol.net_minor::numeric * sl.qty / ol.qty)::bigint AS revenue_minor, sl.cost_minor
FROM shipment_lines sl
JOIN shipments s ON s.id = sl.shipment_id
JOIN sales_orders o ON o.id = s.order_id
JOIN sales_order_lines ol ON ol.order_id = o.id AND ol.product_id = sl.product_id;

-- CRM: deals by stage, and tasks by assignee.
CREATE VIEW crm_deals_view AS
SELECT id, stage, amount_minor, created_at, closed_at FROM deals;

CREATE VIEW crm_tasks_view AS
SELECT id, assignee_id, status, due_at FROM tasks;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('access_users_view', '{SELECT}'),
    ('catalog_products_view', '{SELECT}'),
    ('parties_names_view', '{SELECT}'),
    ('warehouse_levels_view', '{SELECT}'),
    ('warehouse_moves_view', '{SELECT}'),
    ('warehouse_write_off_moves_view', '{SELECT}'),
    ('sales_shipped_lines_view', '{SELECT}'),
    ('crm_deals_view', '{SELECT}'),
    ('crm_tasks_view', '{SELECT}');

-- Idempotency keys store an opaque outcome: a code the door defines (the API keeps its HTTP
-- status there) and the answer's bytes. The content type is the door's to render (the API's
-- stored answers are all JSON), and the kernel no longer checks an HTTP status range.
ALTER TABLE idempotency_keys RENAME COLUMN status TO outcome_code;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_status_range;
ALTER TABLE idempotency_keys DROP COLUMN content_type;
