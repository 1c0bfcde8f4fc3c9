-- 0011: what the application role may do, table by table. Migrations run as the owning role; the
-- server and the CLI run as a role that owns nothing and holds only the DML below, so no bug and no
-- injected statement can switch off a trigger, truncate a table or rewrite history.
--
-- `erp migrate` grants exactly these privileges to the application role after every run (and
-- revokes anything else), and refuses to finish while a table has no row here or an append-only
-- table (one guarded by refuse_append_only_change) is declared with UPDATE or DELETE. A migration
-- that creates a table adds its row in the same file. TRUNCATE is never granted.
CREATE TABLE erp_table_privileges (
    table_name text CONSTRAINT erp_table_privileges_pkey PRIMARY KEY,
    privileges text[] NOT NULL
        CONSTRAINT erp_table_privileges_dml_only
        CHECK (privileges <@ ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[])
);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    -- Bookkeeping of the owner: the application neither reads nor writes it.
    ('erp_migrations', '{}'),
    ('erp_table_privileges', '{}'),
    -- Access (0002). audit_log is append-only.
    ('users', '{SELECT,INSERT,UPDATE}'),
    ('tokens', '{SELECT,INSERT,UPDATE}'),
    ('login_failures', '{SELECT,INSERT,DELETE}'),
    ('audit_log', '{SELECT,INSERT}'),
    ('idempotency_keys', '{SELECT,INSERT,UPDATE,DELETE}'),
    -- Catalog (0003). Units are reference data of the migrations; prices are a history.
    ('units', '{SELECT}'),
    ('categories', '{SELECT,INSERT,UPDATE}'),
    ('products', '{SELECT,INSERT,UPDATE}'),
    ('product_barcodes', '{SELECT,INSERT,DELETE}'),
    ('product_prices', '{SELECT,INSERT}'),
    -- Parties (0004).
    ('parties', '{SELECT,INSERT,UPDATE}'),
    ('party_contacts', '{SELECT,INSERT}'),
    -- Warehouse (0005). stock_moves is append-only; documents change only their status.
    ('document_counters', '{SELECT,INSERT,UPDATE}'),
    ('warehouses', '{SELECT,INSERT,UPDATE}'),
    ('stock_documents', '{SELECT,INSERT,UPDATE}'),
    ('stock_document_lines', '{SELECT,INSERT,UPDATE}'),
    ('stock_moves', '{SELECT,INSERT}'),
    ('stock_levels', '{SELECT,INSERT,UPDATE}'),
    -- Sales (0007). Shipments and returns are documents of record: written once.
    ('sales_orders', '{SELECT,INSERT,UPDATE}'),
    ('sales_order_lines', '{SELECT,INSERT,UPDATE,DELETE}'),
    ('shipments', '{SELECT,INSERT}'),
    ('shipment_lines', '{SELECT,INSERT}'),
    ('sales_returns', '{SELECT,INSERT}'),
    ('sales_return_lines', '{SELECT,INSERT}'),
    -- Billing (0008).
    ('company_settings', '{SELECT,INSERT,UPDATE}'),
    ('closing_documents', '{SELECT,INSERT,UPDATE}'),
    ('closing_document_sources', '{SELECT,INSERT,UPDATE}'),
    ('payments', '{SELECT,INSERT,UPDATE}'),
    ('payment_allocations', '{SELECT,INSERT}'),
    -- CRM (0009). deal_stage_changes and activities are append-only.
    ('deals', '{SELECT,INSERT,UPDATE}'),
    ('deal_stage_changes', '{SELECT,INSERT}'),
    ('activities', '{SELECT,INSERT}'),
    ('tasks', '{SELECT,INSERT,UPDATE}');

-- 0009 guarded these two ledgers per row only; a row trigger alone lets TRUNCATE through.
CREATE TRIGGER deal_stage_changes_no_truncate
    BEFORE TRUNCATE ON deal_stage_changes FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER activities_no_truncate
    BEFORE TRUNCATE ON activities FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- ANALYZE and merging a GIN index's pending list are the owner's to do. After a large product
-- import the application asks for both through this function, which runs as its owner and can do
-- nothing else (Products.settleAfterBulkWrite).
CREATE FUNCTION settle_products_after_import() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    ANALYZE public.products, public.product_barcodes;
    PERFORM gin_clean_pending_list('public.products_name_trgm_idx'::regclass);
END
$$;
