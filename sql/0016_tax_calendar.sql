-- 0016: VAT by date and the company's calendar.
--
-- A product carries a VAT category; the percentage of each category comes from a dated table, so
-- the next change of rate is a row here, not code. A rate holds from `valid_from` until the next
-- row of the same category. NULL means "without VAT" (exempt).
CREATE TABLE vat_rates (
    category text NOT NULL
        CONSTRAINT vat_rates_category_known
        CHECK (category IN ('standard', 'reduced', 'zero', 'exempt', 'simplified_7', 'simplified_5')),
    valid_from date NOT NULL,
    rate_bp integer CONSTRAINT vat_rates_rate_in_range CHECK (rate_bp BETWEEN 0 AND 10000),
    CONSTRAINT vat_rates_pkey PRIMARY KEY (category, valid_from)
);

INSERT INTO vat_rates (category, valid_from, rate_bp) VALUES
    ('standard', '2000-01-01', 2000),
    ('standard', '2026-01-01', 2200),   -- Federal Law 425-FZ of 28.11.2025
    ('reduced', '2000-01-01', 1000),
    ('zero', '2000-01-01', 0),
    ('exempt', '2000-01-01', NULL),
    ('simplified_7', '2025-01-01', 700),
    ('simplified_5', '2025-01-01', 500);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES ('vat_rates', '{SELECT}');

-- The category of a stored rate: products keep the rate they were given (20 and 22 are both the
-- standard category). Mirrors VATRate.category in Swift; a test keeps the two equal.
CREATE FUNCTION vat_category_of(rate_bp integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE rate_bp WHEN 2200 THEN 'standard' WHEN 2000 THEN 'standard' WHEN 1000 THEN 'reduced'
                        WHEN 700 THEN 'simplified_7' WHEN 500 THEN 'simplified_5' WHEN 0 THEN 'zero'
                        ELSE CASE WHEN rate_bp IS NULL THEN 'exempt' END END
$$;

-- The rate of the category of `given_bp` in force on `day` (the earliest row before the table starts).
-- Parameters are written $1 and $2: in a SQL function a column name would win over a parameter's.
CREATE FUNCTION vat_rate_in_force(given_bp integer, day date) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT r.rate_bp FROM vat_rates r
    WHERE r.category = vat_category_of($1)
    ORDER BY (r.valid_from <= $2) DESC, CASE WHEN r.valid_from <= $2 THEN r.valid_from END DESC, r.valid_from
    LIMIT 1
$$;

-- The company's time zone (company settings, default Europe/Moscow) and the local day of an
-- instant there: document, payment and report dates are the company's days, not UTC days.
CREATE FUNCTION company_time_zone() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT body->>'time_zone' FROM company_settings WHERE id = 1), 'Europe/Moscow')
$$;

CREATE FUNCTION company_day(instant timestamptz) RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (instant AT TIME ZONE company_time_zone())::date
$$;
