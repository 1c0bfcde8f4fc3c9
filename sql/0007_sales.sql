-- 0007: sales orders (DESIGN.md, "Reservation"), their lines, shipments and returns. Money is
-- integer minor units, quantities integer thousandths, discounts and VAT basis points. Stock
-- itself moves only through the Warehouse's ledger (stock_moves with document_type 'shipment' or
-- 'return'); these tables say what each order promised, shipped and took back.

CREATE TABLE sales_orders (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT sales_orders_pkey PRIMARY KEY,
    -- Gapless per year, given at creation (a draft is cancelled, never deleted): SO-2026-000001.
    number text NOT NULL CONSTRAINT sales_orders_number_key UNIQUE,
    status text NOT NULL CONSTRAINT sales_orders_status_known
        CHECK (status IN ('draft', 'confirmed', 'partially_shipped', 'shipped', 'cancelled')),
    client_id bigint NOT NULL CONSTRAINT sales_orders_client_id_fkey REFERENCES parties (id),
    warehouse_id bigint NOT NULL CONSTRAINT sales_orders_warehouse_id_fkey REFERENCES warehouses (id),
    manager_id bigint NULL CONSTRAINT sales_orders_manager_id_fkey REFERENCES users (id),
    comment text NULL CONSTRAINT sales_orders_comment_length CHECK (char_length(comment) <= 2000),
    prices_include_vat boolean NOT NULL,
    net_minor bigint NOT NULL,
    vat_minor bigint NOT NULL,
    gross_minor bigint NOT NULL,
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL,
    confirmed_at timestamptz NULL,
    cancelled_at timestamptz NULL,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT sales_orders_version_positive CHECK (version > 0),
    CONSTRAINT sales_orders_totals_add_up CHECK (net_minor + vat_minor = gross_minor)
);
CREATE INDEX sales_orders_client_id_idx ON sales_orders (client_id, id);
CREATE INDEX sales_orders_status_idx ON sales_orders (status, confirmed_at);
CREATE INDEX sales_orders_created_at_idx ON sales_orders (created_at);

-- One line per product. `reserved` is what the line holds in stock now; shipping moves it to
-- `shipped`, a return counts into `returned` (never more than shipped).
CREATE TABLE sales_order_lines (
    order_id bigint NOT NULL CONSTRAINT sales_order_lines_order_id_fkey REFERENCES sales_orders (id),
    line_no integer NOT NULL CONSTRAINT sales_order_lines_line_no_positive CHECK (line_no > 0),
    product_id bigint NOT NULL CONSTRAINT sales_order_lines_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL CONSTRAINT sales_order_lines_qty_positive CHECK (qty > 0),
    price_minor bigint NOT NULL CONSTRAINT sales_order_lines_price_not_negative CHECK (price_minor >= 0),
    discount_bp integer NOT NULL DEFAULT 0 CONSTRAINT sales_order_lines_discount_range CHECK (discount_bp BETWEEN 0 AND 10000),
    vat_rate integer NULL
        CONSTRAINT sales_order_lines_vat_rate_known CHECK (vat_rate IS NULL OR vat_rate IN (2200, 2000, 1000, 700, 500, 0)),
    net_minor bigint NOT NULL,
    vat_minor bigint NOT NULL,
    gross_minor bigint NOT NULL,
    stocked boolean NOT NULL,
    reserved bigint NOT NULL DEFAULT 0 CONSTRAINT sales_order_lines_reserved_not_negative CHECK (reserved >= 0),
    shipped bigint NOT NULL DEFAULT 0 CONSTRAINT sales_order_lines_shipped_not_negative CHECK (shipped >= 0),
    returned bigint NOT NULL DEFAULT 0 CONSTRAINT sales_order_lines_returned_not_negative CHECK (returned >= 0),
    -- What the shipped goods cost (the sum of their moves): returns come back at this average.
    shipped_cost_minor bigint NOT NULL DEFAULT 0,
    CONSTRAINT sales_order_lines_pkey PRIMARY KEY (order_id, line_no),
    CONSTRAINT sales_order_lines_product_once UNIQUE (order_id, product_id),
    CONSTRAINT sales_order_lines_within_qty CHECK (reserved + shipped <= qty),
    CONSTRAINT sales_order_lines_returned_le_shipped CHECK (returned <= shipped),
    CONSTRAINT sales_order_lines_services_never_reserve CHECK (stocked OR (reserved = 0 AND shipped = 0)),
    CONSTRAINT sales_order_lines_amounts_add_up CHECK (net_minor + vat_minor = gross_minor)
);
CREATE INDEX sales_order_lines_product_id_idx ON sales_order_lines (product_id);

-- Shipments: goods leaving for the client, each a numbered document with its lines and the cost
-- they left at (the cost of goods sold).
CREATE TABLE shipments (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT shipments_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT shipments_number_key UNIQUE,
    order_id bigint NOT NULL CONSTRAINT shipments_order_id_fkey REFERENCES sales_orders (id),
    shipped_at timestamptz NOT NULL,
    shipped_by bigint NULL CONSTRAINT shipments_shipped_by_fkey REFERENCES users (id),
    shipped_by_login text NOT NULL
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
CREATE INDEX shipments_shipped_at_idx ON shipments (shipped_at);

CREATE TABLE shipment_lines (
    shipment_id bigint NOT NULL CONSTRAINT shipment_lines_shipment_id_fkey REFERENCES shipments (id),
    product_id bigint NOT NULL CONSTRAINT shipment_lines_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL CONSTRAINT shipment_lines_qty_positive CHECK (qty > 0),
    cost_minor bigint NOT NULL CONSTRAINT shipment_lines_cost_not_negative CHECK (cost_minor >= 0),
    CONSTRAINT shipment_lines_pkey PRIMARY KEY (shipment_id, product_id)
);

-- Returns: goods coming back from the client into the order's warehouse, at the cost they left at.
CREATE TABLE sales_returns (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT sales_returns_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT sales_returns_number_key UNIQUE,
    order_id bigint NOT NULL CONSTRAINT sales_returns_order_id_fkey REFERENCES sales_orders (id),
    reason text NOT NULL CONSTRAINT sales_returns_reason_known
        CHECK (reason IN ('defective', 'wrong_item', 'not_needed', 'damaged_in_transit', 'other')),
    note text NULL CONSTRAINT sales_returns_note_length CHECK (char_length(note) <= 2000),
    returned_at timestamptz NOT NULL,
    returned_by bigint NULL CONSTRAINT sales_returns_returned_by_fkey REFERENCES users (id),
    returned_by_login text NOT NULL
);
CREATE INDEX sales_returns_order_id_idx ON sales_returns (order_id);

CREATE TABLE sales_return_lines (
    return_id bigint NOT NULL CONSTRAINT sales_return_lines_return_id_fkey REFERENCES sales_returns (id),
    product_id bigint NOT NULL CONSTRAINT sales_return_lines_product_id_fkey REFERENCES products (id),
    qty bigint NOT NULL CONSTRAINT sales_return_lines_qty_positive CHECK (qty > 0),
    cost_minor bigint NOT NULL CONSTRAINT sales_return_lines_cost_not_negative CHECK (cost_minor >= 0),
    CONSTRAINT sales_return_lines_pkey PRIMARY KEY (return_id, product_id)
);
