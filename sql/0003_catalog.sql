-- 0003: the catalog (DESIGN.md, "Catalog"): units of measure, the category tree, products with
-- their barcodes and price history. Every constraint is named so ERPError can be precise.
-- Money is integer minor units, quantities integer thousandths, VAT basis points (NULL = without
-- VAT); never floating point.

-- Units of measure. `fractions_allowed` says whether quantities in the unit may have decimals
-- (kg: yes, pcs: no); the service checks quantities against it.
CREATE TABLE units (
    code text CONSTRAINT units_pkey PRIMARY KEY
        CONSTRAINT units_code_format CHECK (code ~ '^[a-z0-9]{1,16}$'),
    name text NOT NULL CONSTRAINT units_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    fractions_allowed boolean NOT NULL
);
INSERT INTO units (code, name, fractions_allowed) VALUES
    ('pcs', 'piece', false),
    ('kg', 'kilogram', true),
    ('g', 'gram', true),
    ('l', 'litre', true),
    ('m', 'metre', true),
    ('m2', 'square metre', true),
    ('set', 'set', false),
    ('pack', 'pack', false);

-- The product tree. Names are unique among siblings, case-insensitively (roots share parent 0 in
-- the index). Cycles are refused by the service, which checks the ancestors of the new parent
-- with a recursive query while holding the tree's advisory lock.
CREATE TABLE categories (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT categories_pkey PRIMARY KEY,
    name text NOT NULL CONSTRAINT categories_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    parent_id bigint NULL CONSTRAINT categories_parent_id_fkey REFERENCES categories (id),
    version bigint NOT NULL DEFAULT 1 CONSTRAINT categories_version_positive CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX categories_name_key ON categories (COALESCE(parent_id, 0), lower(name));

-- Products. SKUs are unique case-insensitively and keep the spelling they were created with.
-- A product used in a document is archived, never deleted.
CREATE TABLE products (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT products_pkey PRIMARY KEY,
    sku text NOT NULL CONSTRAINT products_sku_format CHECK (sku ~ '^[^[:space:]]{1,64}$'),
    name text NOT NULL CONSTRAINT products_name_length CHECK (char_length(name) BETWEEN 1 AND 300),
    unit text NOT NULL CONSTRAINT products_unit_fkey REFERENCES units (code),
    kind text NOT NULL CONSTRAINT products_kind_known CHECK (kind IN ('goods', 'service')),
    category_id bigint NULL CONSTRAINT products_category_id_fkey REFERENCES categories (id),
    price_minor bigint NOT NULL CONSTRAINT products_price_not_negative CHECK (price_minor >= 0),
    -- Basis points: 22 %, 20 %, 10 %, 7 %, 5 %, 0 %; NULL = without VAT (ERPCore's VATRate).
    vat_rate integer NULL
        CONSTRAINT products_vat_rate_known CHECK (vat_rate IS NULL OR vat_rate IN (2200, 2000, 1000, 700, 500, 0)),
    min_stock bigint NOT NULL DEFAULT 0 CONSTRAINT products_min_stock_not_negative CHECK (min_stock >= 0),
    archived boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT products_version_positive CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_sku_key ON products (lower(sku));
CREATE INDEX products_sku_prefix_idx ON products (lower(sku) text_pattern_ops);
CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops);
CREATE INDEX products_category_id_idx ON products (category_id);

-- Barcodes: any number per product, each belonging to one product only.
CREATE TABLE product_barcodes (
    barcode text CONSTRAINT product_barcodes_pkey PRIMARY KEY
        CONSTRAINT product_barcodes_format CHECK (barcode ~ '^[A-Za-z0-9._-]{1,64}$'),
    product_id bigint NOT NULL CONSTRAINT product_barcodes_product_id_fkey REFERENCES products (id)
);
CREATE INDEX product_barcodes_product_id_idx ON product_barcodes (product_id);

-- Price history: one row when a product is created and one per change of price or VAT, with who
-- and when (changed_by NULL for the system itself, as in audit_log).
CREATE TABLE product_prices (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT product_prices_pkey PRIMARY KEY,
    product_id bigint NOT NULL CONSTRAINT product_prices_product_id_fkey REFERENCES products (id),
    price_minor bigint NOT NULL CONSTRAINT product_prices_price_not_negative CHECK (price_minor >= 0),
    vat_rate integer NULL
        CONSTRAINT product_prices_vat_rate_known CHECK (vat_rate IS NULL OR vat_rate IN (2200, 2000, 1000, 700, 500, 0)),
    changed_at timestamptz NOT NULL,
    changed_by bigint NULL CONSTRAINT product_prices_changed_by_fkey REFERENCES users (id),
    changed_by_login text NOT NULL
);
CREATE INDEX product_prices_product_id_idx ON product_prices (product_id, changed_at);
