-- 0002: users, tokens, login failures, the audit log and idempotency keys (DESIGN.md, "Users and
-- access", "Audit log", "Idempotency"). Every constraint is named so ERPError can be precise.

-- Any table that must never change after INSERT uses this trigger function (audit_log here,
-- stock_moves later): once written, a row is history.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Users. Logins are unique case-insensitively (the unique index is on lower(login)) and keep the
-- spelling they were created with. Principal.system (id 1 in Swift) is not a row; the login
-- "system" is reserved by the service so the audit log can never confuse the two.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT users_pkey PRIMARY KEY,
    login text NOT NULL
        CONSTRAINT users_login_format CHECK (login ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
    display_name text NOT NULL DEFAULT ''
        CONSTRAINT users_display_name_length CHECK (char_length(display_name) <= 200),
    role text NOT NULL
        CONSTRAINT users_role_known CHECK (role IN ('owner', 'accountant', 'manager', 'storekeeper')),
    all_clients boolean NOT NULL DEFAULT false,
    warehouse_scope bigint[] NULL,
    active boolean NOT NULL DEFAULT true,
    -- bcrypt via pgcrypto: crypt(password, gen_salt('bf', 10)); NULL = token-only user.
    password_hash text NULL
        CONSTRAINT users_password_hash_bcrypt CHECK (password_hash IS NULL OR password_hash LIKE '$2_$%'),
    created_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL DEFAULT 1 CONSTRAINT users_version_positive CHECK (version > 0),
    CONSTRAINT users_all_clients_only_managers CHECK (NOT all_clients OR role = 'manager'),
    CONSTRAINT users_warehouse_scope_only_storekeepers
        CHECK (warehouse_scope IS NULL OR role = 'storekeeper')
);
CREATE UNIQUE INDEX users_login_key ON users (lower(login));

-- API tokens. Only the SHA-256 digest of a token is stored; `prefix` is the short visible part
-- (`erp_` + prefix + …) that `erp token revoke PREFIX` names.
CREATE TABLE tokens (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT tokens_pkey PRIMARY KEY,
    user_id bigint NOT NULL CONSTRAINT tokens_user_id_fkey REFERENCES users (id),
    prefix text NOT NULL CONSTRAINT tokens_prefix_format CHECK (prefix ~ '^[A-Za-z0-9_-]{8}$'),
    digest bytea NOT NULL
        CONSTRAINT tokens_digest_key UNIQUE
        CONSTRAINT tokens_digest_sha256 CHECK (octet_length(digest) = 32),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NULL,
    revoked_at timestamptz NULL,
    last_used_at timestamptz NULL,
    CONSTRAINT tokens_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE UNIQUE INDEX tokens_prefix_key ON tokens (prefix);
CREATE INDEX tokens_user_id_idx ON tokens (user_id);

-- Failed password logins, for the rate limit (more than 5 per login per minute → 429). Kept in
-- the database, not in process memory, because several server processes share it. `login_key`
-- is lower(login) as typed, whether or not such a user exists.
CREATE TABLE login_failures (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT login_failures_pkey PRIMARY KEY,
    login_key text NOT NULL CONSTRAINT login_failures_login_key_length CHECK (char_length(login_key) <= 64),
    at timestamptz NOT NULL
);
CREATE INDEX login_failures_login_key_at_idx ON login_failures (login_key, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- The audit log: who (actor_id NULL for the system itself), when, through which channel, what
-- (action like `user.create`), on which entity, and the change. Append-only: UPDATE and DELETE
-- are refused per row, TRUNCATE per statement (a row trigger alone lets TRUNCATE through).
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT audit_log_pkey PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor_id bigint NULL CONSTRAINT audit_log_actor_id_fkey REFERENCES users (id),
    actor_login text NOT NULL,
    channel text NOT NULL
        CONSTRAINT audit_log_channel_known CHECK (channel IN ('api', 'cli', 'import', 'demo', 'system')),
    action text NOT NULL CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    entity_type text NOT NULL CONSTRAINT audit_log_entity_type_format CHECK (entity_type ~ '^[a-z_]+$'),
    entity_id bigint NULL,
    change jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Idempotency keys: one row per (user, method, path, key), inserted in the same transaction as
-- the effect it guards, holding the response to replay. `status` NULL means "in progress" (only
-- ever visible inside that transaction). Rows older than 24 hours are expired.
CREATE TABLE idempotency_keys (
    user_id bigint NOT NULL CONSTRAINT idempotency_keys_user_id_fkey REFERENCES users (id),
    method text NOT NULL,
    path text NOT NULL,
    key text NOT NULL CONSTRAINT idempotency_keys_key_format CHECK (key ~ '^[!-~]{1,255}$'),
    request_hash bytea NOT NULL CONSTRAINT idempotency_keys_request_hash_sha256 CHECK (octet_length(request_hash) = 32),
    status integer NULL CONSTRAINT idempotency_keys_status_range CHECK (status BETWEEN 100 AND 599),
    content_type text NULL,
    response_body bytea NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, method, path, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
