-- 0014: purchasing (issue #17) — supplier orders, receipts against them, returns to suppliers.
-- Money is integer minor units, quantities integer thousandths, VAT basis points, as in sales.
-- Stock itself moves only through the Warehouse's ledger: a receipt against an order is a
-- Warehouse receipt (stock_documents) that purchase_receipts ties to its order; a return to a
-- supplier posts 'supplier_return' moves with document_type 'supplier_return'.

-- The purchaser: supplier orders; reads stock (docs/decisions.md, Purchasing).
ALTER TABLE users DROP CONSTRAINT users_role_known,
    ADD CONSTRAINT users_role_known CHECK (role IN ('owner', 'accountant', 'manager', 'storekeeper', 'purchaser'));

-- Goods going back to a supplier leave at the cost they came in at.
ALTER TABLE stock_moves DROP CONSTRAINT stock_moves_kind_known,
    ADD CONSTRAINT stock_moves_kind_known CHECK (kind IN
        ('receipt', 'transfer_out', 'transfer_in', 'write_off', 'count_adjustment', 'shipment', 'return', 'supplier_return'));

CREATE TABLE purchase_orders (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT purchase_orders_pkey PRIMARY KEY,
    -- Gapless per year, given at creation (a draft is cancelled, never deleted): PO-2026-000001.
    number text NOT NULL CONSTRAINT purchase_orders_number_key UNIQUE,
    status text NOT NULL CONSTRAINT purchase_orders_status_known
        CHECK (status IN ('draft', 'ordered', 'partially_received', 'received', 'cancelled')),
    supplier_id bigint NOT NULL CONSTRAINT purchase_orders_supplier_id_fkey REFERENCES parties (id),
    warehouse_id bigint NOT NULL CONSTRAINT purchase_orders_warehouse_id_fkey REFERENCES warehouses (id),
    expected_date date NULL,
    comment text NULL CONSTRAINT purchase_orders_comment_length CHECK (char_length(comment) <= 2000),
    net_minor bigint NOT NULL,
    vat_minor bigint NOT NULL,
    gross_minor bigint NOT NULL,
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL,
    ordered_at timestamptz NULL,
    cancelled_at timestamptz NULL,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT purchase_orders_version_positive CHECK (version > 0),
    CONSTRAINT purchase_orders_totals_add_up CHECK (net_minor + vat_minor = gross_minor)
);
CREATE INDEX purchase_orders_supplier_id_idx ON purchase_orders (supplier_id, id);
CREATE INDEX purchase_orders_status_idx ON purchase_orders (status, warehouse_id);

-- One line per product; prices are without VAT (stock is valued net). `received` counts what the
-- order's receipts brought in: more than `qty` only through an explicit over-receipt.
CREATE TABLE purchase_order_lines (
    order_id bigint NOT NULL CONSTRAINT purchase_order_lines_order_id_fkey REFERENCES purchase_orders (id),
    line_no integer NOT NULL CONSTRAINT purchase_order_lines_line_no_positive CHECK (line_no > 0),
    product_id bigint NOT NULL CONSTRAINT purchase_order_lines_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL CONSTRAINT purchase_order_lines_qty_positive CHECK (qty > 0),
    price_minor bigint NOT NULL CONSTRAINT purchase_order_lines_price_not_negative CHECK (price_minor >= 0),
    vat_rate integer NULL
        CONSTRAINT purchase_order_lines_vat_rate_known CHECK (vat_rate IS NULL OR vat_rate IN (2200, 2000, 1000, 700, 500, 0)),
    net_minor bigint NOT NULL,
    vat_minor bigint NOT NULL,
    gross_minor bigint NOT NULL,
    received bigint NOT NULL DEFAULT 0 CONSTRAINT purchase_order_lines_received_not_negative CHECK (received >= 0),
    CONSTRAINT purchase_order_lines_pkey PRIMARY KEY (order_id, line_no),
    CONSTRAINT purchase_order_lines_product_once UNIQUE (order_id, product_id),
    CONSTRAINT purchase_order_lines_amounts_add_up CHECK (net_minor + vat_minor = gross_minor)
);
CREATE INDEX purchase_order_lines_product_id_idx ON purchase_order_lines (product_id);

-- Which Warehouse receipts were received against which order, and whether they went beyond it.
CREATE TABLE purchase_receipts (
    receipt_id bigint CONSTRAINT purchase_receipts_pkey PRIMARY KEY
        CONSTRAINT purchase_receipts_receipt_id_fkey REFERENCES stock_documents (id),
    order_id bigint NOT NULL CONSTRAINT purchase_receipts_order_id_fkey REFERENCES purchase_orders (id),
    over_receipt boolean NOT NULL
);
CREATE INDEX purchase_receipts_order_id_idx ON purchase_receipts (order_id);

-- Returns to a supplier: part of a receipt going back, numbered (SRT-2026-000001), written once.
CREATE TABLE supplier_returns (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT supplier_returns_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT supplier_returns_number_key UNIQUE,
    receipt_id bigint NOT NULL CONSTRAINT supplier_returns_receipt_id_fkey REFERENCES stock_documents (id),
    supplier_id bigint NULL CONSTRAINT supplier_returns_supplier_id_fkey REFERENCES parties (id),
    warehouse_id bigint NOT NULL CONSTRAINT supplier_returns_warehouse_id_fkey REFERENCES warehouses (id),
    reason text NOT NULL CONSTRAINT supplier_returns_reason_known
        CHECK (reason IN ('defective', 'wrong_item', 'surplus', 'damaged_in_transit', 'other')),
    note text NULL CONSTRAINT supplier_returns_note_length CHECK (char_length(note) <= 2000),
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL
);
CREATE INDEX supplier_returns_receipt_id_idx ON supplier_returns (receipt_id);

CREATE TABLE supplier_return_lines (
    return_id bigint NOT NULL CONSTRAINT supplier_return_lines_return_id_fkey REFERENCES supplier_returns (id),
    product_id bigint NOT NULL CONSTRAINT supplier_return_lines_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL CONSTRAINT supplier_return_lines_qty_positive CHECK (qty > 0),
    -- What the goods left stock at: their receipt cost (never more than the level's value).
    cost_minor bigint NOT NULL CONSTRAINT supplier_return_lines_cost_not_negative CHECK (cost_minor >= 0),
    CONSTRAINT supplier_return_lines_pkey PRIMARY KEY (return_id, product_id)
);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('purchase_orders', '{SELECT,INSERT,UPDATE}'),
    ('purchase_order_lines', '{SELECT,INSERT,UPDATE,DELETE}'),
    ('purchase_receipts', '{SELECT,INSERT}'),
    ('supplier_returns', '{SELECT,INSERT}'),
    ('supplier_return_lines', '{SELECT,INSERT}');
