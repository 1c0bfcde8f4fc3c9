-- 0018: price types and client prices (issue #18). The owner names the price types (розничная,
-- мелкооптовая, оптовая); a product has a price per type with history (each row is valid from a
-- day until the next row of the same product and type), a floor below which a line needs a
-- permission, and a client has a price type and a personal discount. Money is integer kopecks,
-- percentages basis points, as everywhere.

-- Price types: a short code for files and the API (`retail`, `opt`), a name for people.
CREATE TABLE price_types (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT price_types_pkey PRIMARY KEY,
    code text NOT NULL CONSTRAINT price_types_code_format CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name text NOT NULL CONSTRAINT price_types_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT price_types_code_key UNIQUE (code)
);

-- A product's price of a type from a day on: the price on day D is the row with the latest
-- `valid_from` ≤ D (the latest row written wins among rows of the same day). Never changed:
-- a new price is a new row, so the history stays as it was.
CREATE TABLE product_type_prices (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT product_type_prices_pkey PRIMARY KEY,
    product_id bigint NOT NULL CONSTRAINT product_type_prices_product_id_fkey REFERENCES products (id),
    price_type_id bigint NOT NULL CONSTRAINT product_type_prices_price_type_id_fkey REFERENCES price_types (id),
    price_minor bigint NOT NULL CONSTRAINT product_type_prices_price_not_negative CHECK (price_minor >= 0),
    valid_from date NOT NULL,
    changed_at timestamptz NOT NULL,
    changed_by bigint NULL CONSTRAINT product_type_prices_changed_by_fkey REFERENCES users (id),
    changed_by_login text NOT NULL
);
CREATE INDEX product_type_prices_lookup_idx ON product_type_prices (product_id, price_type_id, valid_from, id);

-- The minimum price of a product: a fixed floor, or "not below average cost", or both (the higher
-- wins). No row: no floor.
CREATE TABLE product_price_floors (
    product_id bigint CONSTRAINT product_price_floors_pkey PRIMARY KEY
        CONSTRAINT product_price_floors_product_id_fkey REFERENCES products (id),
    floor_minor bigint NULL CONSTRAINT product_price_floors_floor_not_negative CHECK (floor_minor >= 0),
    at_cost boolean NOT NULL DEFAULT false
);

-- Quantity breaks: from `min_qty` units on, a line of the product is priced at `price_minor`
-- (for clients of `price_type_id`, or of no type when NULL). The product's list is replaced whole.
CREATE TABLE product_quantity_breaks (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT product_quantity_breaks_pkey PRIMARY KEY,
    product_id bigint NOT NULL CONSTRAINT product_quantity_breaks_product_id_fkey REFERENCES products (id),
    price_type_id bigint NULL CONSTRAINT product_quantity_breaks_price_type_id_fkey REFERENCES price_types (id),
    min_qty bigint NOT NULL CONSTRAINT product_quantity_breaks_min_qty_positive CHECK (min_qty > 0),
    price_minor bigint NOT NULL CONSTRAINT product_quantity_breaks_price_not_negative CHECK (price_minor >= 0),
    CONSTRAINT product_quantity_breaks_once UNIQUE NULLS NOT DISTINCT (product_id, price_type_id, min_qty)
);

-- A client's price type (none: the products' base price) and personal discount.
ALTER TABLE parties
    ADD COLUMN price_type_id bigint NULL CONSTRAINT parties_price_type_id_fkey REFERENCES price_types (id),
    ADD COLUMN discount_bp integer NOT NULL DEFAULT 0
        CONSTRAINT parties_discount_range CHECK (discount_bp BETWEEN 0 AND 10000);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('price_types', '{SELECT,INSERT}'),
    ('product_type_prices', '{SELECT,INSERT}'),
    ('product_price_floors', '{SELECT,INSERT,UPDATE,DELETE}'),
    ('product_quantity_breaks', '{SELECT,INSERT,DELETE}');
