-- pgbench custom script (-f, with -M extended or prepared) for scripts/bench-stock.sh: the SQL statements one
-- `POST /api/v1/receipts` of 3 lines (with an Idempotency-Key) runs, in the same order, in one
-- transaction, straight against the same database — the physical limit the HTTP figures are
-- printed beside.
--
-- How it was derived (and how to re-derive it after the service changes): the server was run
-- against a cluster with `ALTER DATABASE erp SET log_statement = 'all'` and
-- `log_parameter_max_length = -1`, one receipt was posted over HTTP, and every statement of the
-- request was copied from the server log (they come from ERPServer's token authentication,
-- ERPCore Idempotency.run, Warehouse Receipts.post → Warehouses.requireUsable, Parties.get,
-- StockLines.check → Products.facts, StockDocuments.insert (DocumentNumbers.next, header, lines),
-- StockLedger.post (lock_stock_levels, then moves and levels in one statement), StockDocuments.audit,
-- and the idempotency key's stored response; the answer is built from what was written). The text
-- is kept as the service sends it (also through the extended protocol, unnamed statements,
-- parsed each time); what differs, only because pgbench can neither build strings nor array
-- literals nor read several rows:
--   * array parameters ('{5,9,14}') are written ARRAY[:p1,:p2,:p3]::bigint[];
--   * the request's timestamps are now() (one value per transaction, as the service uses one);
--   * the document number is formatted in SQL from the counter's RETURNING value;
--   * the level lock is wrapped in a CTE that aggregates its RETURNING rows into the new
--     on_hand/reserved/value arrays (what StockLedger computes in Swift), fetched by \gset and
--     passed to the same moves-and-levels statement the service runs;
--   * constant texts (token, request body, response body, audit change) come from -D variables
--     taken from a real request of the same shape.
-- The per-connection set_config() of a fresh pool connection is not per request and is left out.
--
-- Variables (-D): token, user_id, login, wh, supplier, year, numprefix ('RCP-2026-'), plo, phi
-- (the product id range; each receipt takes one product from each third, so the three lines are
-- distinct and ascending, as the HTTP load generator picks them), req, resp (hex bytea), change.

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
       archived, version, created_at, updated_at
FROM parties WHERE id = :supplier;
SELECT p.id, p.sku, p.name, p.unit, u.fractions_allowed, p.kind, p.archived, p.min_stock,
       p.category_id, p.price_minor, p.vat_rate::bigint
FROM products p JOIN units u ON u.code = p.unit
WHERE p.id = ANY(ARRAY[:p1, :p2, :p3]::bigint[]);

-- StockDocuments.insert: the gapless number, the header, the lines.
INSERT INTO document_counters (series, year, last_number) VALUES ('receipt', :year, 1)
ON CONFLICT (series, year) DO UPDATE SET last_number = document_counters.last_number + 1
RETURNING last_number
\gset
INSERT INTO stock_documents (type, number, status, warehouse_id, to_warehouse_id, supplier_id, supplier_ref,
                             reason, note, created_at, created_by, created_by_login,
                             posted_at, posted_by, posted_by_login)
VALUES ('receipt', :numprefix::text || lpad(:last_number::text, 6, '0'), 'posted', :wh,
        NULL, :supplier, 'W-1', NULL,
        NULL, now(), :user_id, :login,
        now(), :user_id, :login)
RETURNING id AS doc_id, created_at, version
\gset
INSERT INTO stock_document_lines (document_id, line_no, product_id, qty, unit_cost_minor, book_qty, counted_qty)
SELECT :doc_id, 1 - 1 + l.n, l.p, l.q, l.c, l.b, l.k
FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[],
            ARRAY[:c1, :c2, :c3]::bigint[], ARRAY[NULL, NULL, NULL]::bigint[],
            ARRAY[NULL, NULL, NULL]::bigint[]) WITH ORDINALITY AS l(p, q, c, b, k, n);

-- StockLedger.post: create-and-lock the levels (lock_stock_levels, migration 0034; the new values
-- computed from what it returns), then append the moves and write the levels in one statement.
WITH locked AS (
    SELECT product_id, warehouse_id, on_hand, reserved, value_minor, last_unit_cost_minor
    FROM lock_stock_levels(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[])
)
SELECT array_agg(locked.on_hand + d.q ORDER BY locked.product_id)::text AS new_on_hand,
       array_agg(locked.reserved ORDER BY locked.product_id)::text AS new_reserved,
       array_agg(locked.value_minor + d.v ORDER BY locked.product_id)::text AS new_value
FROM locked JOIN unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[],
                        ARRAY[:v1, :v2, :v3]::bigint[]) AS d(p, q, v) ON d.p = locked.product_id
\gset
WITH levels AS (
    UPDATE stock_levels l
    SET on_hand = v.o, reserved = v.r, value_minor = v.v, last_unit_cost_minor = v.c
    FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[],
                :new_on_hand::bigint[], :new_reserved::bigint[],
                :new_value::bigint[], ARRAY[:c1, :c2, :c3]::bigint[]) AS v(p, w, o, r, v, c)
    WHERE l.product_id = v.p AND l.warehouse_id = v.w
)
INSERT INTO stock_moves (at, product_id, warehouse_id, qty, cost_minor, kind, document_type, document_id,
                         reverses_move_id, actor_id, actor_login)
SELECT now(), m.p, m.w, m.q, m.c, m.k, m.dt, m.d, m.r, :user_id, :login
FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:wh, :wh, :wh]::bigint[],
            ARRAY[:q1, :q2, :q3]::bigint[], ARRAY[:v1, :v2, :v3]::bigint[], '{receipt,receipt,receipt}'::text[],
            '{receipt,receipt,receipt}'::text[], ARRAY[:doc_id, :doc_id, :doc_id]::bigint[],
            ARRAY[NULL, NULL, NULL]::bigint[]) WITH ORDINALITY AS m(p, w, q, c, k, dt, d, r, n)
ORDER BY m.n
RETURNING id;

-- (No read-back: the answer is built from what was written.)

-- StockDocuments.audit.
INSERT INTO audit_log (actor_id, actor_login, channel, action, entity_type, entity_id, change)
VALUES (:user_id, :login, 'api', 'receipt.post',
        'stock_document', :doc_id, :change)
RETURNING id;

-- Idempotency.run: the response stored for replays.
UPDATE idempotency_keys
SET outcome_code = 201, response_body = :resp::bytea
WHERE user_id = :user_id AND method = 'POST' AND path = '/api/v1/receipts' AND key = 'pgbench-' || :key;

COMMIT;
