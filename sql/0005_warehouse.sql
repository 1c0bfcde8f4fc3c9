-- 0005: gapless document numbers (every module's documents) and the warehouse (DESIGN.md, "Stock
-- ledger"): warehouses, stock documents with their lines, the append-only ledger of stock moves
-- and the stock levels kept beside it. Quantities are integer thousandths, money integer minor
-- units. Only the Warehouse service's StockLedger writes stock_moves and stock_levels.

-- Gapless numbering (ERPCore's DocumentNumbers): one counter row per series and year, locked by
-- the transaction that takes a number, so a rolled-back document returns its number.
CREATE TABLE document_counters (
    series text NOT NULL CONSTRAINT document_counters_series_format CHECK (series ~ '^[a-z_]{1,32}$'),
    year integer NOT NULL CONSTRAINT document_counters_year_range CHECK (year BETWEEN 2000 AND 9999),
    last_number bigint NOT NULL CONSTRAINT document_counters_last_number_positive CHECK (last_number > 0),
    CONSTRAINT document_counters_pkey PRIMARY KEY (series, year)
);

CREATE TABLE warehouses (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT warehouses_pkey PRIMARY KEY,
    code text NOT NULL CONSTRAINT warehouses_code_format CHECK (code ~ '^[A-Za-z0-9._-]{1,32}$'),
    name text NOT NULL CONSTRAINT warehouses_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    address text NULL CONSTRAINT warehouses_address_length CHECK (char_length(address) <= 500),
    active boolean NOT NULL DEFAULT true,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT warehouses_version_positive CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX warehouses_code_key ON warehouses (lower(code));

-- Stock documents: receipts, transfers, write-offs and stock counts. A count may be `open`
-- (book quantities recorded, being filled in); every other document is born `posted`. A posted
-- document is never edited: cancelling it appends reversing moves and marks it `cancelled`.
CREATE TABLE stock_documents (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT stock_documents_pkey PRIMARY KEY,
    type text NOT NULL
        CONSTRAINT stock_documents_type_known CHECK (type IN ('receipt', 'transfer', 'write_off', 'stock_count')),
    -- Given at posting: `RCP-2026-000001`; NULL while a count is open.
    number text NULL CONSTRAINT stock_documents_number_key UNIQUE,
    status text NOT NULL
        CONSTRAINT stock_documents_status_known CHECK (status IN ('open', 'posted', 'cancelled')),
    warehouse_id bigint NOT NULL CONSTRAINT stock_documents_warehouse_id_fkey REFERENCES warehouses (id),
    to_warehouse_id bigint NULL CONSTRAINT stock_documents_to_warehouse_id_fkey REFERENCES warehouses (id),
    supplier_id bigint NULL CONSTRAINT stock_documents_supplier_id_fkey REFERENCES parties (id),
    supplier_ref text NULL CONSTRAINT stock_documents_supplier_ref_length CHECK (char_length(supplier_ref) <= 100),
    reason text NULL CONSTRAINT stock_documents_reason_known
        CHECK (reason IN ('damaged', 'expired', 'lost', 'shrinkage', 'other')),
    note text NULL CONSTRAINT stock_documents_note_length CHECK (char_length(note) <= 2000),
    created_at timestamptz NOT NULL,
    created_by bigint NULL CONSTRAINT stock_documents_created_by_fkey REFERENCES users (id),
    created_by_login text NOT NULL,
    posted_at timestamptz NULL,
    posted_by bigint NULL CONSTRAINT stock_documents_posted_by_fkey REFERENCES users (id),
    posted_by_login text NULL,
    cancelled_at timestamptz NULL,
    cancelled_by bigint NULL CONSTRAINT stock_documents_cancelled_by_fkey REFERENCES users (id),
    cancelled_by_login text NULL,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT stock_documents_version_positive CHECK (version > 0),
    CONSTRAINT stock_documents_transfer_between_two
        CHECK ((type = 'transfer') = (to_warehouse_id IS NOT NULL) AND to_warehouse_id IS DISTINCT FROM warehouse_id),
    CONSTRAINT stock_documents_reason_only_write_offs CHECK ((type = 'write_off') = (reason IS NOT NULL)),
    CONSTRAINT stock_documents_supplier_only_receipts CHECK (type = 'receipt' OR supplier_id IS NULL),
    CONSTRAINT stock_documents_only_counts_open CHECK (status <> 'open' OR type = 'stock_count'),
    -- Numbered exactly when posted; an open count abandoned (cancelled) never got a number.
    CONSTRAINT stock_documents_posted_has_number CHECK ((number IS NULL) = (posted_at IS NULL)
        AND (status <> 'open' OR number IS NULL) AND (status <> 'posted' OR number IS NOT NULL)),
    CONSTRAINT stock_documents_cancelled_has_time CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX stock_documents_warehouse_id_idx ON stock_documents (warehouse_id, id);
CREATE INDEX stock_documents_to_warehouse_id_idx ON stock_documents (to_warehouse_id, id)
    WHERE to_warehouse_id IS NOT NULL;

-- Lines: one per product (the service refuses a product twice). Receipts carry `unit_cost`;
-- counts carry `book_qty` (recorded when counting started) and `counted_qty` (NULL = not counted
-- yet; an uncounted line is not adjusted).
CREATE TABLE stock_document_lines (
    document_id bigint NOT NULL CONSTRAINT stock_document_lines_document_id_fkey REFERENCES stock_documents (id),
    line_no integer NOT NULL CONSTRAINT stock_document_lines_line_no_positive CHECK (line_no > 0),
    product_id bigint NOT NULL CONSTRAINT stock_document_lines_product_id_fkey REFERENCES products (id),
    qty bigint NULL CONSTRAINT stock_document_lines_qty_positive CHECK (qty > 0),
    unit_cost_minor bigint NULL CONSTRAINT stock_document_lines_unit_cost_not_negative CHECK (unit_cost_minor >= 0),
    book_qty bigint NULL CONSTRAINT stock_document_lines_book_qty_not_negative CHECK (book_qty >= 0),
    counted_qty bigint NULL CONSTRAINT stock_document_lines_counted_qty_not_negative CHECK (counted_qty >= 0),
    CONSTRAINT stock_document_lines_pkey PRIMARY KEY (document_id, line_no),
    CONSTRAINT stock_document_lines_product_once UNIQUE (document_id, product_id)
);

-- The ledger. One row per product × warehouse × signed quantity; `cost_minor` is the signed value
-- the move brought in or took out (receipts: qty × unit cost; outgoing: at the average cost;
-- arriving transfers and returns: at the cost they left at). Reversals point at the move they undo.
-- `document_type`/`document_id` name the document of any module (a sales shipment is not a
-- stock document), so there is no foreign key on them.
CREATE TABLE stock_moves (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT stock_moves_pkey PRIMARY KEY,
    at timestamptz NOT NULL,
    product_id bigint NOT NULL CONSTRAINT stock_moves_product_id_fkey REFERENCES products (id),
    warehouse_id bigint NOT NULL CONSTRAINT stock_moves_warehouse_id_fkey REFERENCES warehouses (id),
    qty bigint NOT NULL CONSTRAINT stock_moves_qty_not_zero CHECK (qty <> 0),
    cost_minor bigint NOT NULL,
    kind text NOT NULL CONSTRAINT stock_moves_kind_known CHECK (kind IN
        ('receipt', 'transfer_out', 'transfer_in', 'write_off', 'count_adjustment', 'shipment', 'return')),
    document_type text NOT NULL CONSTRAINT stock_moves_document_type_format CHECK (document_type ~ '^[a-z_]+$'),
    document_id bigint NOT NULL,
    reverses_move_id bigint NULL CONSTRAINT stock_moves_reverses_move_id_fkey REFERENCES stock_moves (id),
    actor_id bigint NULL CONSTRAINT stock_moves_actor_id_fkey REFERENCES users (id),
    actor_login text NOT NULL,
    CONSTRAINT stock_moves_cost_follows_qty CHECK (cost_minor = 0 OR (cost_minor > 0) = (qty > 0))
);
CREATE INDEX stock_moves_product_warehouse_idx ON stock_moves (product_id, warehouse_id, id);
CREATE INDEX stock_moves_warehouse_idx ON stock_moves (warehouse_id, id);
CREATE INDEX stock_moves_document_idx ON stock_moves (document_type, document_id);
CREATE INDEX stock_moves_at_idx ON stock_moves (at);
CREATE UNIQUE INDEX stock_moves_reversed_once ON stock_moves (reverses_move_id) WHERE reverses_move_id IS NOT NULL;
CREATE TRIGGER stock_moves_no_update_or_delete
    BEFORE UPDATE OR DELETE ON stock_moves FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER stock_moves_no_truncate
    BEFORE TRUNCATE ON stock_moves FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Levels: what the ledger sums to, kept in the same transaction. `value_minor` is the stock's
-- value at moving average cost (avg_cost = value / on_hand), exact in kopecks; it is zero
-- whenever nothing is on hand. `last_unit_cost_minor` prices a count surplus found in an empty bin.
CREATE TABLE stock_levels (
    product_id bigint NOT NULL CONSTRAINT stock_levels_product_id_fkey REFERENCES products (id),
    warehouse_id bigint NOT NULL CONSTRAINT stock_levels_warehouse_id_fkey REFERENCES warehouses (id),
    on_hand bigint NOT NULL DEFAULT 0 CONSTRAINT stock_levels_on_hand_not_negative CHECK (on_hand >= 0),
    reserved bigint NOT NULL DEFAULT 0 CONSTRAINT stock_levels_reserved_not_negative CHECK (reserved >= 0),
    value_minor bigint NOT NULL DEFAULT 0 CONSTRAINT stock_levels_value_not_negative CHECK (value_minor >= 0),
    last_unit_cost_minor bigint NOT NULL DEFAULT 0
        CONSTRAINT stock_levels_last_unit_cost_not_negative CHECK (last_unit_cost_minor >= 0),
    CONSTRAINT stock_levels_pkey PRIMARY KEY (product_id, warehouse_id),
    CONSTRAINT stock_levels_reserved_le_on_hand CHECK (reserved <= on_hand),
    CONSTRAINT stock_levels_value_zero_when_empty CHECK (on_hand > 0 OR value_minor = 0)
);
CREATE INDEX stock_levels_warehouse_idx ON stock_levels (warehouse_id, product_id);
