-- pgbench custom script (-f, with -M extended or prepared) for scripts/bench-stock.sh: the SQL statements one
-- `POST /api/v1/receipts` of 3 lines (with an Idempotency-Key) runs, in the same order, in one
-- transaction, straight against the same database — the physical limit the HTTP figures are
-- printed beside. `erp check` must be clean after it: it writes everything the service writes
-- (the movements report's totals and the change events included).
--
-- How it was derived (and how to re-derive it after the service changes): the server was run
-- against its embedded cluster with `log_statement = 'all'` and `log_parameter_max_length = -1`
-- added to the cluster's postgresql.conf (then `pg_ctl reload`), one receipt was posted over
-- HTTP, and every statement of the request was copied from the server log (they come from
-- ERPServer's token authentication, ERPCore Idempotency.run, Warehouse Receipts.post →
-- Warehouses.requireUsable, Parties.get, StockLines.check → Products.facts, StockDocuments.post
-- (the id reserved; StockLedger.post: lock_stock_levels, then one statement writing the header —
-- numbered there by take_document_number —, the lines, the levels, the moves and the movements
-- totals), StockLedger.recordAvailable's change events, StockDocuments.audit, and the idempotency
-- key's stored response; the answer is built from what was written). The text is kept as the
-- service sends it; what differs, only because pgbench can neither build strings nor array
-- literals nor read several rows:
--   * array parameters ('{5,9,14}') are written ARRAY[:p1,:p2,:p3]::bigint[];
--   * the request's timestamps are now() (one value per transaction, as the service uses one);
--   * the level lock is wrapped in a CTE that aggregates its RETURNING rows into the new
--     on_hand/reserved/value arrays (what StockLedger computes in Swift) and the change events'
--     data, fetched by \gset and passed to the statements the service runs;
--   * constant texts (token, request body, response body, audit change) come from -D variables
--     taken from a real request of the same shape.
-- The service sends the waiting BEGIN with its first statement and the change events, the audit
-- row and the stored response with COMMIT, in pipelines (one round trip each); pgbench sends every
-- statement on its own. The per-connection set_config() of a fresh pool connection is not per
-- request and is left out.
--
-- Variables (-D): token, user_id, login, wh, supplier, plo, phi (the product id range; each
-- receipt takes one product from each third, so the three lines are distinct and ascending, as
-- the HTTP load generator picks them), req, resp (hex bytea), change.

\set third (:phi - :plo + 1) / 3
\set p1 random(:plo, :plo + :third - 1)
\set p2 random(:plo + :third, :plo + 2 * :third - 1)
\set p3 random(:plo + 2 * :third, :phi)
\set q1 1000 * random(1, 20)
\set q2 1000 * random(1, 20)
\set q3 1000 * random(1, 20)
\set c1 random(100, 100000)
\set c2 random(100, 100000)
\set c3 random(100, 100000)
\set v1 (:q1 / 1000) * :c1
\set v2 (:q2 / 1000) * :c2
\set v3 (:q3 / 1000) * :c3
\set key random(1, 1000000000000000)

-- ERPServer: the bearer token (outside the transaction, as the server does it).
WITH found AS (
    SELECT t.id AS token_id, u.id, u.login, u.role, u.all_clients,
           array_to_string(u.warehouse_scope, ',') AS scope
    FROM tokens t JOIN users u ON u.id = t.user_id
    WHERE t.digest = digest(:token::text, 'sha256')
      AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now())
      AND u.active
), touched AS (
    UPDATE tokens SET last_used_at = now()
    WHERE id = (SELECT token_id FROM found)
      AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
)
SELECT id, login, role, all_clients, scope FROM found;

BEGIN ISOLATION LEVEL READ COMMITTED;

-- Idempotency.run: the key, stored in the posting's transaction.
INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, created_at)
VALUES (:user_id, 'POST', '/api/v1/receipts', 'pgbench-' || :key, digest(:req::bytea, 'sha256'), now())
ON CONFLICT (user_id, method, path, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
        outcome_code = NULL, response_body = NULL
    WHERE idempotency_keys.created_at <= now() - interval '1 day'
RETURNING 1;

-- Receipts.post: validation.
SELECT id, code, name, address, active, version, created_at FROM warehouses WHERE id = :wh;
SELECT id, kind, name, is_client, is_supplier, inn, kpp, ogrn, address,
       bank_bic, bank_account, bank_name, bank_corr_account,
       array_to_json(phones)::text, array_to_json(emails)::text, owner_id, array_to_json(tags)::text,
       archived, version, created_at, updated_at, price_type_id, discount_bp::bigint
FROM parties WHERE id = :supplier;
SELECT p.id, p.sku, p.name, p.unit, u.fractions_allowed, p.kind, p.archived, p.min_stock,
       p.category_id, p.price_minor, p.vat_rate::bigint, p.max_stock, p.preferred_supplier_id, p.pack_size
FROM products p JOIN units u ON u.code = p.unit
WHERE p.id = ANY(ARRAY[:p1, :p2, :p3]::bigint[]);

-- StockDocuments.post: the document's id, reserved.
SELECT nextval(pg_get_serial_sequence('stock_documents', 'id')) AS doc_id
\gset

-- StockLedger.post: create-and-lock the levels (lock_stock_levels, migration 0034; the new values
-- and the change events' data computed from what it returns).
WITH locked AS (
    SELECT product_id, warehouse_id, on_hand, reserved, value_minor, last_unit_cost_minor
    FROM lock_stock_levels(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[])
)
SELECT array_agg(locked.on_hand + d.q ORDER BY locked.product_id)::text AS new_on_hand,
       array_agg(locked.reserved ORDER BY locked.product_id)::text AS new_reserved,
       array_agg(locked.value_minor + d.v ORDER BY locked.product_id)::text AS new_value,
       array_agg(json_build_object('available', ((locked.on_hand + d.q - locked.reserved) / 1000.0)::numeric(20, 3)::text,
                                   'product_id', locked.product_id, 'warehouse_id', locked.warehouse_id)::text
                 ORDER BY locked.product_id)::text AS events
FROM locked JOIN unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[],
                        ARRAY[:v1, :v2, :v3]::bigint[]) AS d(p, q, v) ON d.p = locked.product_id
\gset

-- StockDocuments.post → StockLedger.post: the header (numbered here, in the last statement
-- before COMMIT), the lines, the moves, the levels and the movements report's totals.
WITH doc AS (INSERT INTO stock_documents (id, type, number, status, warehouse_id, to_warehouse_id, supplier_id, supplier_ref,
reason, note, created_at, created_by, created_by_login, posted_at, posted_by, posted_by_login)
OVERRIDING SYSTEM VALUE VALUES (:doc_id, 'receipt', take_document_number('RCP', 'receipt', EXTRACT(YEAR FROM company_day(now()))::integer), 'posted', :wh, NULL, :supplier,
    'W-1', NULL, NULL, now(), :user_id, :login,
    now(), :user_id, :login) RETURNING number, created_at, version), document_lines AS (INSERT INTO stock_document_lines (document_id, line_no, product_id, qty, unit_cost_minor, book_qty, counted_qty,
                                  origin_country, customs_declaration)
SELECT :doc_id, 1 - 1 + l.n, l.p, l.q, l.c, l.b, l.k, l.o, l.d
FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[],
            ARRAY[:c1, :c2, :c3]::bigint[], ARRAY[NULL, NULL, NULL]::bigint[],
            ARRAY[NULL, NULL, NULL]::bigint[], ARRAY[NULL, NULL, NULL]::text[],
            ARRAY[NULL, NULL, NULL]::text[]) WITH ORDINALITY AS l(p, q, c, b, k, o, d, n)), m(p, w, q, c, k, dt, d, r, n) AS (
    SELECT * FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[],
                         ARRAY[:q1, :q2, :q3]::bigint[], ARRAY[:v1, :v2, :v3]::bigint[], '{receipt,receipt,receipt}'::text[],
                         '{receipt,receipt,receipt}'::text[], ARRAY[:doc_id, :doc_id, :doc_id]::bigint[],
                         ARRAY[NULL, NULL, NULL]::bigint[]) WITH ORDINALITY),
levels AS (
    UPDATE stock_levels l
    SET on_hand = v.o, reserved = v.r, value_minor = v.v, last_unit_cost_minor = v.c
    FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[],
                :new_on_hand::bigint[], :new_reserved::bigint[],
                :new_value::bigint[], ARRAY[:c1, :c2, :c3]::bigint[]) AS v(p, w, o, r, v, c)
    WHERE l.product_id = v.p AND l.warehouse_id = v.w),
postings AS (
    INSERT INTO stock_move_postings (at, warehouse_id, kind, moves, value_in_minor, value_out_minor)
    SELECT now(), m.w, m.k, count(*), COALESCE(sum(m.c) FILTER (WHERE m.c > 0), 0), COALESCE(-sum(m.c) FILTER (WHERE m.c < 0), 0)
    FROM m GROUP BY m.w, m.k),
day_totals AS (
    INSERT INTO stock_move_days AS t (day, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
    SELECT date_trunc('day', now()::timestamptz, 'UTC'), m.p, m.w, count(*), sum(m.q),
           COALESCE(sum(m.c) FILTER (WHERE m.c > 0), 0), COALESCE(-sum(m.c) FILTER (WHERE m.c < 0), 0)
    FROM m GROUP BY m.p, m.w ORDER BY m.p, m.w
    ON CONFLICT ON CONSTRAINT stock_move_days_key DO UPDATE
    SET moves = t.moves + EXCLUDED.moves, qty = t.qty + EXCLUDED.qty,
        value_in_minor = t.value_in_minor + EXCLUDED.value_in_minor, value_out_minor = t.value_out_minor + EXCLUDED.value_out_minor),
month_totals AS (
    INSERT INTO stock_move_months AS t (month, product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor)
    SELECT date_trunc('month', now()::timestamptz, 'UTC'), m.p, m.w, count(*), sum(m.q),
           COALESCE(sum(m.c) FILTER (WHERE m.c > 0), 0), COALESCE(-sum(m.c) FILTER (WHERE m.c < 0), 0)
    FROM m GROUP BY m.p, m.w ORDER BY m.p, m.w
    ON CONFLICT ON CONSTRAINT stock_move_months_key DO UPDATE
    SET moves = t.moves + EXCLUDED.moves, qty = t.qty + EXCLUDED.qty,
        value_in_minor = t.value_in_minor + EXCLUDED.value_in_minor, value_out_minor = t.value_out_minor + EXCLUDED.value_out_minor)
INSERT INTO stock_moves (at, product_id, warehouse_id, qty, cost_minor, kind, document_type, document_id,
                         reverses_move_id, actor_id, actor_login)
SELECT now(), m.p, m.w, m.q, m.c, m.k, m.dt, m.d, m.r, :user_id, :login
FROM m ORDER BY m.n
RETURNING id, (SELECT number FROM doc), (SELECT created_at FROM doc), (SELECT version FROM doc);

-- (No read-back: the answer is built from what was written.)

-- StockLedger.recordAvailable: the change events (ChangeEvents' shared advisory lock, "feed").
INSERT INTO change_events (type, entity_type, entity_id, client_id, data)
SELECT e.t, e.en, e.id, e.c, e.d::jsonb
FROM pg_advisory_xact_lock_shared(1717921124),
     unnest('{stock.available_changed,stock.available_changed,stock.available_changed}'::text[], '{stock_level,stock_level,stock_level}'::text[],
            ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[NULL, NULL, NULL]::bigint[],
            :events::text[]) WITH ORDINALITY AS e(t, en, id, c, d, n)
ORDER BY e.n;

-- StockDocuments.audit.
INSERT INTO audit_log (actor_id, actor_login, channel, action, entity_type, entity_id, change)
VALUES (:user_id, :login, 'api', 'receipt.post',
        'stock_document', :doc_id, :change);

-- Idempotency.run: the response stored for replays.
UPDATE idempotency_keys
SET outcome_code = 201, response_body = :resp::bytea
WHERE user_id = :user_id AND method = 'POST' AND path = '/api/v1/receipts' AND key = 'pgbench-' || :key;

COMMIT;
