-- 0013: sessions of the web pages. A person signs in with login and password (the same users,
-- bcrypt and rate limit as the API) and the browser keeps a random session id in an HttpOnly
-- cookie. Only the SHA-256 digest of the id is stored, like tokens, so a copy of this table lets
-- nobody in. A session ends when it is idle for 12 hours, 7 days after sign-in, at sign-out, or
-- when its user is disabled. `csrf_secret` is the per-session token every form carries.
CREATE TABLE web_sessions (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT web_sessions_pkey PRIMARY KEY,
    user_id bigint NOT NULL CONSTRAINT web_sessions_user_id_fkey REFERENCES users (id),
    digest bytea NOT NULL
        CONSTRAINT web_sessions_digest_key UNIQUE
        CONSTRAINT web_sessions_digest_sha256 CHECK (octet_length(digest) = 32),
    csrf_secret text NOT NULL CONSTRAINT web_sessions_csrf_secret_format CHECK (csrf_secret ~ '^[A-Za-z0-9_-]{43}$'),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    idle_expires_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NULL,
    CONSTRAINT web_sessions_expiry_after_creation CHECK (expires_at > created_at AND idle_expires_at > created_at)
);
CREATE INDEX web_sessions_user_id_idx ON web_sessions (user_id) WHERE revoked_at IS NULL;

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('web_sessions', '{SELECT,INSERT,UPDATE,DELETE}');

-- Changes made through the pages are audited with their own channel.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_channel_known;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_channel_known
    CHECK (channel IN ('api', 'cli', 'import', 'demo', 'system', 'web'));
