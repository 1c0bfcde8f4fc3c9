-- 0022: what reorder suggestions need. Catalog: a product's target stock (`max_stock`, 0 for
-- none), its preferred supplier and the supplier's pack size (0 for none; orders are rounded up
-- to whole packs). Sales: the shipped quantities by day and warehouse, the read model Purchasing
-- averages daily sales from (it never reads Sales' tables).

ALTER TABLE products
    ADD COLUMN max_stock bigint NOT NULL DEFAULT 0
        CONSTRAINT products_max_stock_not_negative CHECK (max_stock >= 0),
    ADD COLUMN preferred_supplier_id bigint
        CONSTRAINT products_preferred_supplier_id_fkey REFERENCES parties (id),
    ADD COLUMN pack_size bigint NOT NULL DEFAULT 0
        CONSTRAINT products_pack_size_not_negative CHECK (pack_size >= 0);

-- Sales: every shipped line's quantity with the day it left and the warehouse it left from.
CREATE VIEW sales_shipped_quantities_view AS
SELECT s.shipped_at, o.warehouse_id, sl.product_id, sl.qty
FROM shipment_lines sl
JOIN shipments s ON s.id = sl.shipment_id
JOIN sales_orders o ON o.id = s.order_id;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('sales_shipped_quantities_view', '{SELECT}');
