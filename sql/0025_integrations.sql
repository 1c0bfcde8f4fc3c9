-- 0025: integrations. ERPCore's change feed (`change_events`): every module appends the events of
-- its changes in the same transaction as the change, so an event exists exactly when its change
-- committed. Append-only, read in id order by `GET /api/v1/changes` and by the webhook deliverer;
-- writers and readers coordinate through an advisory lock so no reader ever passes an id that a
-- transaction still in progress holds (docs/decisions.md, "Integrations").
-- Integrations' webhooks: subscriptions with their own position in the feed, and the log of every
-- delivery attempt.

CREATE TABLE change_events (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT change_events_pkey PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    type text NOT NULL CONSTRAINT change_events_type_format CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
    entity_type text NOT NULL,
    entity_id bigint NOT NULL,
    -- The client (party) the change concerns, for managers' visibility; null: no client's business.
    client_id bigint,
    data jsonb NOT NULL
);
CREATE INDEX change_events_client_id ON change_events (client_id, id) WHERE client_id IS NOT NULL;
CREATE TRIGGER change_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON change_events FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER change_events_no_truncate
    BEFORE TRUNCATE ON change_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

CREATE TABLE webhooks (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT webhooks_pkey PRIMARY KEY,
    url text NOT NULL,
    events text[] NOT NULL CONSTRAINT webhooks_events_not_empty CHECK (cardinality(events) > 0),
    secret text NOT NULL,
    created_by bigint NOT NULL CONSTRAINT webhooks_created_by_fkey REFERENCES users (id),
    created_at timestamptz NOT NULL,
    -- The last change event handled (delivered, or skipped as not subscribed).
    position bigint NOT NULL,
    -- The earliest time the next attempt may run, and how many attempts the head event has had.
    next_attempt_at timestamptz NOT NULL,
    failures integer NOT NULL DEFAULT 0,
    -- When the head event first failed; a subscription failing for 24 h is disabled.
    failing_since timestamptz,
    status text NOT NULL DEFAULT 'active'
        CONSTRAINT webhooks_status_known CHECK (status IN ('active', 'disabled', 'removed'))
);

CREATE TABLE webhook_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT webhook_deliveries_pkey PRIMARY KEY,
    webhook_id bigint NOT NULL CONSTRAINT webhook_deliveries_webhook_id_fkey REFERENCES webhooks (id),
    event_id bigint NOT NULL CONSTRAINT webhook_deliveries_event_id_fkey REFERENCES change_events (id),
    at timestamptz NOT NULL,
    attempt integer NOT NULL,
    status_code integer,
    ok boolean NOT NULL,
    error text
);
CREATE INDEX webhook_deliveries_webhook_id ON webhook_deliveries (webhook_id, id);
CREATE TRIGGER webhook_deliveries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER webhook_deliveries_no_truncate
    BEFORE TRUNCATE ON webhook_deliveries FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('change_events', '{SELECT,INSERT}'),
    ('webhooks', '{SELECT,INSERT,UPDATE}'),
    ('webhook_deliveries', '{SELECT,INSERT}');
