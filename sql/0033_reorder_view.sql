-- 0033: the products reorder suggestions consider, as a Catalog read model, so Purchasing finds
-- what a warehouse should order in one set-based query (levels, sales, incoming and supplier
-- names joined in the database) instead of reading every product's facts and filtering in Swift.

-- Catalog: goods in use with a minimum stock, with what the reorder arithmetic needs.
CREATE VIEW catalog_reorder_view AS
SELECT p.id, p.sku, p.name, p.unit, u.fractions_allowed, p.min_stock, p.max_stock, p.preferred_supplier_id, p.pack_size
FROM products p JOIN units u ON u.code = p.unit
WHERE p.min_stock > 0 AND p.kind = 'goods' AND NOT p.archived;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('catalog_reorder_view', '{SELECT}');
