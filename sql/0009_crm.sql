-- 0009: the CRM layer — activities logged against a party, tasks with due and reminder times, and
-- deals moving through the sales pipeline with every stage change kept (for conversion and cycle
-- time). Money is integer minor units.

CREATE TABLE deals (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT deals_pkey PRIMARY KEY,
    party_id bigint NOT NULL CONSTRAINT deals_party_id_fkey REFERENCES parties (id),
    title text NOT NULL CONSTRAINT deals_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
    amount_minor bigint NOT NULL DEFAULT 0 CONSTRAINT deals_amount_not_negative CHECK (amount_minor >= 0),
    stage text NOT NULL CONSTRAINT deals_stage_known
        CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
    lost_reason text NULL CONSTRAINT deals_lost_reason_length CHECK (char_length(lost_reason) <= 500),
    expected_close date NULL,
    owner_id bigint NULL CONSTRAINT deals_owner_id_fkey REFERENCES users (id),
    -- The draft order a won deal became.
    order_id bigint NULL CONSTRAINT deals_order_id_fkey REFERENCES sales_orders (id),
    created_at timestamptz NOT NULL,
    closed_at timestamptz NULL,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT deals_version_positive CHECK (version > 0),
    CONSTRAINT deals_lost_has_reason CHECK ((stage = 'lost') = (lost_reason IS NOT NULL)),
    CONSTRAINT deals_closed_when_won_or_lost CHECK ((stage IN ('won', 'lost')) = (closed_at IS NOT NULL))
);
CREATE INDEX deals_party_id_idx ON deals (party_id);
CREATE INDEX deals_stage_idx ON deals (stage);

-- Every stage a deal entered, with when and who (the first row is its creation).
CREATE TABLE deal_stage_changes (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT deal_stage_changes_pkey PRIMARY KEY,
    deal_id bigint NOT NULL CONSTRAINT deal_stage_changes_deal_id_fkey REFERENCES deals (id),
    from_stage text NULL,
    to_stage text NOT NULL,
    at timestamptz NOT NULL,
    by_login text NOT NULL
);
CREATE INDEX deal_stage_changes_deal_id_idx ON deal_stage_changes (deal_id, at);
CREATE TRIGGER deal_stage_changes_no_update_or_delete
    BEFORE UPDATE OR DELETE ON deal_stage_changes FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

-- What happened with a client: a call, a meeting, an e-mail, a note. Logged once, never edited.
CREATE TABLE activities (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT activities_pkey PRIMARY KEY,
    type text NOT NULL CONSTRAINT activities_type_known CHECK (type IN ('call', 'meeting', 'email', 'note')),
    party_id bigint NOT NULL CONSTRAINT activities_party_id_fkey REFERENCES parties (id),
    order_id bigint NULL CONSTRAINT activities_order_id_fkey REFERENCES sales_orders (id),
    deal_id bigint NULL CONSTRAINT activities_deal_id_fkey REFERENCES deals (id),
    at timestamptz NOT NULL,
    author_id bigint NULL CONSTRAINT activities_author_id_fkey REFERENCES users (id),
    author_login text NOT NULL,
    text text NOT NULL CONSTRAINT activities_text_length CHECK (char_length(text) BETWEEN 1 AND 5000),
    outcome text NULL CONSTRAINT activities_outcome_length CHECK (char_length(outcome) <= 500)
);
CREATE INDEX activities_party_id_idx ON activities (party_id, at);
CREATE TRIGGER activities_no_update_or_delete
    BEFORE UPDATE OR DELETE ON activities FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

CREATE TABLE tasks (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT tasks_pkey PRIMARY KEY,
    title text NOT NULL CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
    party_id bigint NULL CONSTRAINT tasks_party_id_fkey REFERENCES parties (id),
    order_id bigint NULL CONSTRAINT tasks_order_id_fkey REFERENCES sales_orders (id),
    deal_id bigint NULL CONSTRAINT tasks_deal_id_fkey REFERENCES deals (id),
    assignee_id bigint NOT NULL CONSTRAINT tasks_assignee_id_fkey REFERENCES users (id),
    due_at timestamptz NOT NULL,
    remind_at timestamptz NULL,
    priority text NOT NULL DEFAULT 'normal' CONSTRAINT tasks_priority_known CHECK (priority IN ('low', 'normal', 'high')),
    status text NOT NULL DEFAULT 'open' CONSTRAINT tasks_status_known CHECK (status IN ('open', 'done', 'cancelled')),
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL,
    completed_at timestamptz NULL,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT tasks_version_positive CHECK (version > 0),
    CONSTRAINT tasks_reminder_before_due CHECK (remind_at IS NULL OR remind_at <= due_at),
    CONSTRAINT tasks_completed_when_closed CHECK ((status = 'open') = (completed_at IS NULL))
);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, status, due_at);
CREATE INDEX tasks_party_id_idx ON tasks (party_id);
