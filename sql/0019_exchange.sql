-- 0019: exchange with the bank and the accountant's 1C (the Exchange module).
--
-- exchange_guids: the stable GUID each exported object carries (the UPD file's ИдФайл, 1C's Ref),
-- so exporting again names the same object the same way and 1C updates instead of duplicating.
-- bank_statement_lines: every line of an imported bank statement, once: its natural key is the
-- bank document's number and date, our account and the signed amount, so overlapping statements
-- never double a payment. A line is matched (a payment was recorded for it), queued (waiting for
-- the accountant to choose the client and invoice), resolved by hand, or outgoing/ignored.

CREATE TABLE exchange_guids (
    kind text NOT NULL CONSTRAINT exchange_guids_kind_known
        CHECK (kind IN ('upd_file', 'party', 'product', 'sale')),
    object_id bigint NOT NULL,
    guid uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT exchange_guids_guid_key UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT exchange_guids_pkey PRIMARY KEY (kind, object_id)
);

CREATE TABLE bank_statement_lines (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT bank_statement_lines_pkey PRIMARY KEY,
    account text NOT NULL,
    doc_number text NOT NULL,
    doc_date date NOT NULL,
    -- Positive: money in; negative: money out.
    amount_minor bigint NOT NULL CONSTRAINT bank_statement_lines_amount_not_zero CHECK (amount_minor <> 0),
    doc_type text NOT NULL,
    payer_inn text NULL,
    payer_kpp text NULL,
    payer_name text NULL,
    payee_inn text NULL,
    payee_name text NULL,
    purpose text NULL,
    -- Every key of the document as the bank sent it, unknown ones included.
    fields jsonb NOT NULL,
    status text NOT NULL CONSTRAINT bank_statement_lines_status_known
        CHECK (status IN ('matched', 'queued', 'resolved', 'outgoing')),
    party_id bigint NULL,
    invoice_id bigint NULL,
    payment_id bigint NULL,
    matched_by text NULL,
    reason text NULL,
    imported_at timestamptz NOT NULL,
    imported_by_login text NOT NULL,
    resolved_at timestamptz NULL,
    resolved_by_login text NULL,
    CONSTRAINT bank_statement_lines_natural_key UNIQUE (account, doc_number, doc_date, amount_minor),
    CONSTRAINT bank_statement_lines_paid_has_payment
        CHECK ((status IN ('matched', 'resolved')) = (payment_id IS NOT NULL))
);
CREATE INDEX bank_statement_lines_status_idx ON bank_statement_lines (status, id);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('exchange_guids', '{SELECT,INSERT}'),
    ('bank_statement_lines', '{SELECT,INSERT,UPDATE}');
