-- 0029: the УКД (универсальный корректировочный документ), type 'ukd', replaces the credit note
-- for new corrections (old credit notes stay readable). A УКД corrects one UPD (`corrects_id`) and
-- its gross_minor is the signed change of what the client owes: negative for a decrease (goods
-- returned, a price lowered), positive for an increase. Other types stay non-negative.

ALTER TABLE closing_documents DROP CONSTRAINT closing_documents_type_known;
ALTER TABLE closing_documents ADD CONSTRAINT closing_documents_type_known
    CHECK (type IN ('invoice', 'upd', 'act', 'credit_note', 'ukd'));
ALTER TABLE closing_documents DROP CONSTRAINT closing_documents_gross_not_negative;
ALTER TABLE closing_documents ADD CONSTRAINT closing_documents_gross_not_negative
    CHECK (gross_minor >= 0 OR type = 'ukd');
ALTER TABLE closing_documents ADD COLUMN corrects_id bigint NULL
    CONSTRAINT closing_documents_corrects_id_fkey REFERENCES closing_documents (id);
ALTER TABLE closing_documents ADD CONSTRAINT closing_documents_ukd_corrects_a_document
    CHECK ((type = 'ukd') = (corrects_id IS NOT NULL));
CREATE INDEX closing_documents_corrects_id_idx ON closing_documents (corrects_id) WHERE corrects_id IS NOT NULL;

-- Advance invoices (счёт-фактура на аванс, НК РФ ст. 168 п. 3: within five days of a prepayment):
-- one per payment, for the part of it that no shipped document covered on its day, VAT at the
-- estimated rate (22/122 in 2026) of the payment date. Frozen like closing documents.
CREATE TABLE advance_invoices (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT advance_invoices_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT advance_invoices_number_key UNIQUE,
    payment_id bigint NOT NULL CONSTRAINT advance_invoices_payment_id_fkey REFERENCES payments (id)
        CONSTRAINT advance_invoices_one_per_payment UNIQUE,
    client_id bigint NOT NULL CONSTRAINT advance_invoices_client_id_fkey REFERENCES parties (id),
    doc_date date NOT NULL,
    amount_minor bigint NOT NULL CONSTRAINT advance_invoices_amount_positive CHECK (amount_minor > 0),
    vat_minor bigint NOT NULL CONSTRAINT advance_invoices_vat_within_amount CHECK (vat_minor >= 0 AND vat_minor < amount_minor),
    content jsonb NOT NULL,
    issued_at timestamptz NOT NULL,
    issued_by_login text NOT NULL
);
CREATE INDEX advance_invoices_client_id_idx ON advance_invoices (client_id, id);

-- Зачёт аванса: what of an advance a UPD took (its VAT share too), append-only; an offset counts
-- while its UPD is live.
CREATE TABLE advance_offsets (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT advance_offsets_pkey PRIMARY KEY,
    advance_invoice_id bigint NOT NULL CONSTRAINT advance_offsets_advance_invoice_id_fkey REFERENCES advance_invoices (id),
    document_id bigint NOT NULL CONSTRAINT advance_offsets_document_id_fkey REFERENCES closing_documents (id),
    amount_minor bigint NOT NULL CONSTRAINT advance_offsets_amount_positive CHECK (amount_minor > 0),
    vat_minor bigint NOT NULL CONSTRAINT advance_offsets_vat_not_negative CHECK (vat_minor >= 0)
);
CREATE INDEX advance_offsets_advance_invoice_id_idx ON advance_offsets (advance_invoice_id);
CREATE INDEX advance_offsets_document_id_idx ON advance_offsets (document_id);

CREATE TRIGGER advance_invoices_append_only
    BEFORE UPDATE OR DELETE ON advance_invoices FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER advance_invoices_no_truncate
    BEFORE TRUNCATE ON advance_invoices FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER advance_offsets_append_only
    BEFORE UPDATE OR DELETE ON advance_offsets FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER advance_offsets_no_truncate
    BEFORE TRUNCATE ON advance_offsets FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('advance_invoices', '{SELECT,INSERT}'),
    ('advance_offsets', '{SELECT,INSERT}');
