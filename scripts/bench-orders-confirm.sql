-- pgbench custom script (-f, with -M extended) for scripts/bench-orders.sh: the SQL statements one
-- `POST /api/v1/orders/{id}/confirm` of a 3-line draft (with an Idempotency-Key) runs, in the
-- same order, in one transaction, straight against the same database — the physical limit the
-- HTTP figures are printed beside.
--
-- How it was derived (and how to re-derive it after the service changes), as
-- bench-stock-receipt.sql was: the server was run against a cluster with
-- `ALTER DATABASE erp SET log_statement = 'all'` and `log_parameter_max_length = -1` (the server
-- restarted so its pool connections pick them up), one draft of 3 lines was confirmed over HTTP
-- by an owner, and every statement of the request was copied from the server log. They come
-- from ERPServer's token authentication, Connection.transaction (BEGIN, sent with the first
-- statement in one pipeline), ERPCore Idempotency.run (key), Sales OrderLifecycle.confirm →
-- Orders.get(lock: true) → SalesOrder.read (header FOR UPDATE, lines, Products.facts; an owner
-- sees every client, so Parties.visibleIDs runs no query, and may sell below the minimum price,
-- so MinimumPrice runs none), StockLedger.reserve (the levels locked, one UPDATE of all lines,
-- the availability change event), OrderLifecycle.move (status and the lines' `reserved` in one
-- statement), Orders.named (the client's name, the warehouse's code), Orders.audit (audit
-- record, change event), and Idempotency.run (the stored response). (Last re-derived for issue #20's
-- tail writes, from the code: the change events, the audit record and the stored response wait on
-- the connection and go out in one pipeline with the next statement or COMMIT, so they are sent
-- here inside \startpipeline … \endpipeline where the service sends them.) The text is kept as
-- the service sends it (also through the extended protocol, unnamed statements, parsed each
-- time); what differs, only because pgbench can neither build strings nor read several rows:
--   * the lines' SELECT is wrapped in an aggregate that hands the three product ids and
--     quantities to \gset (the service reads them from the rows; the rows read are the same);
--   * the request's timestamps are now() (one value per transaction, as the service uses one),
--     `now() - interval …` where the service sends a computed instant;
--   * the status texts the service binds ('confirmed', '{draft}') are literals;
--   * array parameters ('{5,105,205}') are written ARRAY[:p1,:p2,:p3]::bigint[];
--   * the idempotency key and path are built in SQL from the order id; the empty request body's
--     digest is of '\x';
--   * constant texts (response body, audit change) come from -D variables taken from a real
--     confirmation of such an order (bench-orders-load.py sample);
--   * the levels' locking SELECT is joined with the wanted quantities and counted, so pgbench
--     can stop if a line were short (the service decides on the same locked rows in Swift);
--   * the change events' data are constant texts of the same shape;
--   * \gset after the reservations only makes pgbench fail loudly if a line was short: it adds
--     no work in the server (pgbench allows no \gset inside a pipeline, so the status change,
--     which rides with the queued availability event, is not checked that way).
-- The per-connection set_config() of a fresh pool connection is not per request and is left out.
--
-- Which draft: the drafts are one id range [first, last] made over HTTP before the run; client c
-- of `clients` confirms first + c, first + c + clients, … (the per-client counter n starts at 0
-- from -D and lives across transactions), so no two transactions confirm the same order.
-- bench-orders.sh runs it with -t and makes enough drafts for that first; should a client still
-- get past `last`, the script stops it with an error rather than confirm anything else.
--
-- Variables (-D): token, user_id, login, wh, first, last, clients, n (0), resp (hex bytea), change.

\set o :first + :client_id + :n * :clients
\set n :n + 1
\if :o > :last
SELECT 'pgbench ran out of draft orders'::int;
\endif

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

-- Connection.transaction: BEGIN goes out with the first statement, in one pipeline.
-- Idempotency.run: the key, stored in the confirmation's transaction.
\startpipeline
BEGIN ISOLATION LEVEL READ COMMITTED;
INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, created_at)
VALUES (:user_id, 'POST', '/api/v1/orders/' || :o || '/confirm', 'pgbench-' || :o, digest('\x'::bytea, 'sha256'), now())
ON CONFLICT (user_id, method, path, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
        outcome_code = NULL, response_body = NULL
    WHERE idempotency_keys.created_at <= now() - interval '1 day'
RETURNING 1;
\endpipeline

-- OrderLifecycle.confirm → Orders.get(lock: true): the order locked, its lines, their products.
SELECT id, number, status, client_id, warehouse_id, manager_id, comment, prices_include_vat,
       created_at, created_by_login, confirmed_at, cancelled_at, version
FROM sales_orders WHERE id = :o FOR UPDATE
\gset ord_
SELECT (array_agg(l.product_id ORDER BY l.product_id))[1] AS p1, (array_agg(l.qty ORDER BY l.product_id))[1] AS q1,
       (array_agg(l.product_id ORDER BY l.product_id))[2] AS p2, (array_agg(l.qty ORDER BY l.product_id))[2] AS q2,
       (array_agg(l.product_id ORDER BY l.product_id))[3] AS p3, (array_agg(l.qty ORDER BY l.product_id))[3] AS q3
FROM (
    SELECT line_no, product_id, qty, price_minor, discount_bp, vat_rate::bigint, net_minor, vat_minor, gross_minor,
           stocked, reserved, shipped, returned
    FROM sales_order_lines WHERE order_id = :o ORDER BY line_no
) l
\gset
SELECT p.id, p.sku, p.name, p.unit, u.fractions_allowed, p.kind, p.archived, p.min_stock,
       p.category_id, p.price_minor, p.vat_rate::bigint, p.max_stock, p.preferred_supplier_id, p.pack_size
FROM products p JOIN units u ON u.code = p.unit
WHERE p.id = ANY(ARRAY[:p1, :p2, :p3]::bigint[]);

-- StockLedger.reserve: the levels locked in ascending product order, decided on (every line
-- has enough: checked by the count), all reserved in one UPDATE; the availability change event
-- (a tail write: it goes out with the next statement).
SELECT count(*) FILTER (WHERE free >= q) AS enough
FROM (
    SELECT product_id, on_hand - reserved AS free FROM stock_levels
    WHERE warehouse_id = :wh AND product_id = ANY(ARRAY[:p1, :p2, :p3]::bigint[])
    ORDER BY product_id FOR UPDATE
) l JOIN unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[]) AS w(p, q) ON w.p = l.product_id
\gset
\if :enough != 3
SELECT 'pgbench found a line short of stock'::int;
\endif
UPDATE stock_levels l SET reserved = l.reserved + r.q
FROM unnest(ARRAY[:p1, :p2, :p3]::bigint[], ARRAY[:q1, :q2, :q3]::bigint[]) AS r(p, q)
WHERE l.warehouse_id = :wh AND l.product_id = r.p;
\startpipeline
INSERT INTO change_events (type, entity_type, entity_id, client_id, data)
SELECT e.t, e.en, e.id, e.c, e.d::jsonb
FROM pg_advisory_xact_lock_shared(1717921124),
     unnest(ARRAY['stock.available_changed', 'stock.available_changed', 'stock.available_changed']::text[],
            ARRAY['stock_level', 'stock_level', 'stock_level']::text[], ARRAY[:p1, :p2, :p3]::bigint[],
            ARRAY[NULL, NULL, NULL]::bigint[],
            ARRAY['{"available": "1"}', '{"available": "1"}', '{"available": "1"}']::text[]) WITH ORDINALITY AS e(t, en, id, c, d, n)
ORDER BY e.n;

-- OrderLifecycle.move: draft → confirmed, the lines' reservations in the same statement (the
-- answer is built from the order read above and what this returns: nothing is read back).
WITH lines AS (UPDATE sales_order_lines SET reserved = qty WHERE order_id = :o AND stocked)
UPDATE sales_orders SET status = 'confirmed', version = version + 1,
       confirmed_at = CASE WHEN 'confirmed' = 'confirmed' THEN now() ELSE confirmed_at END,
       cancelled_at = CASE WHEN 'confirmed' = 'cancelled' THEN now() ELSE cancelled_at END
WHERE id = :o AND status = ANY('{draft}')
RETURNING version, confirmed_at, cancelled_at;
\endpipeline
-- The answer names its client and warehouse (Parties.names, Warehouses.codes).
SELECT id, name FROM parties WHERE id = ANY(ARRAY[:ord_client_id]::bigint[]);
SELECT id, code FROM warehouses WHERE id = ANY(ARRAY[:ord_warehouse_id]::bigint[]);

-- Orders.audit: the audit record and the order's change event; Idempotency.run: the response
-- stored for replays — tail writes, all sent with COMMIT in one pipeline.
\startpipeline
INSERT INTO audit_log (actor_id, actor_login, channel, action, entity_type, entity_id, change)
VALUES (:user_id, :login, 'api', 'order.confirm',
        'sales_order', :o, :change);
INSERT INTO change_events (type, entity_type, entity_id, client_id, data)
SELECT e.t, e.en, e.id, e.c, e.d::jsonb
FROM pg_advisory_xact_lock_shared(1717921124),
     unnest(ARRAY['order.confirmed']::text[], ARRAY['order']::text[], ARRAY[:o]::bigint[], ARRAY[NULL]::bigint[],
            ARRAY[:change]::text[]) WITH ORDINALITY AS e(t, en, id, c, d, n)
ORDER BY e.n;

UPDATE idempotency_keys
SET outcome_code = 200, response_body = :resp::bytea
WHERE user_id = :user_id AND method = 'POST' AND path = '/api/v1/orders/' || :o || '/confirm' AND key = 'pgbench-' || :o;
COMMIT;
\endpipeline
