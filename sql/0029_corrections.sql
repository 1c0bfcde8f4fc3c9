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
