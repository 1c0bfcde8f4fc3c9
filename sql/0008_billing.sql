-- 0008: our own company's settings (ERPCore's CompanySettings), closing documents issued from
-- sales orders, incoming payments with their allocations to invoices. A document freezes its
-- content (seller, buyer, lines, totals) as JSON at issue time and is never edited: annulling it
-- keeps its number and marks it annulled. Money is integer minor units.

-- One row (id 1): the JSON of CompanySettings, changed only by the owner, at its version.
CREATE TABLE company_settings (
    id integer CONSTRAINT company_settings_pkey PRIMARY KEY CONSTRAINT company_settings_single_row CHECK (id = 1),
    body jsonb NOT NULL,
    version bigint NOT NULL CONSTRAINT company_settings_version_positive CHECK (version > 0),
    updated_at timestamptz NOT NULL
);

CREATE TABLE closing_documents (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT closing_documents_pkey PRIMARY KEY,
    type text NOT NULL CONSTRAINT closing_documents_type_known CHECK (type IN ('invoice', 'upd', 'act', 'credit_note')),
    -- Gapless per type and year: INV-2026-000001, УПД-2026-000001, ACT-…, CRN-….
    number text NOT NULL CONSTRAINT closing_documents_number_key UNIQUE,
    status text NOT NULL CONSTRAINT closing_documents_status_known CHECK (status IN ('issued', 'annulled')),
    order_id bigint NOT NULL CONSTRAINT closing_documents_order_id_fkey REFERENCES sales_orders (id),
    client_id bigint NOT NULL CONSTRAINT closing_documents_client_id_fkey REFERENCES parties (id),
    doc_date date NOT NULL,
    -- What the client owes by this document (credit notes: what is owed back), VAT included.
    gross_minor bigint NOT NULL CONSTRAINT closing_documents_gross_not_negative CHECK (gross_minor >= 0),
    content jsonb NOT NULL,
    issued_at timestamptz NOT NULL,
    issued_by bigint NULL CONSTRAINT closing_documents_issued_by_fkey REFERENCES users (id),
    issued_by_login text NOT NULL,
    annulled_at timestamptz NULL,
    annulled_by_login text NULL,
    annul_reason text NULL CONSTRAINT closing_documents_annul_reason_length CHECK (char_length(annul_reason) <= 500),
    CONSTRAINT closing_documents_annulled_has_reason
        CHECK ((status = 'annulled') = (annulled_at IS NOT NULL AND annul_reason IS NOT NULL))
);
CREATE INDEX closing_documents_order_id_idx ON closing_documents (order_id);
CREATE INDEX closing_documents_client_id_idx ON closing_documents (client_id, doc_date);
-- One live invoice and one live act per order (annul one to issue another).
CREATE UNIQUE INDEX closing_documents_one_live_per_order ON closing_documents (order_id, type)
    WHERE status = 'issued' AND type IN ('invoice', 'act');

-- Which shipments a UPD documents and which returns a credit note covers: a shipment (a return)
-- is on at most one live document, so goods are never documented twice. `live` turns false when
-- the document is annulled — the link is kept for history.
CREATE TABLE closing_document_sources (
    document_id bigint NOT NULL CONSTRAINT closing_document_sources_document_id_fkey REFERENCES closing_documents (id),
    shipment_id bigint NULL CONSTRAINT closing_document_sources_shipment_id_fkey REFERENCES shipments (id),
    return_id bigint NULL CONSTRAINT closing_document_sources_return_id_fkey REFERENCES sales_returns (id),
    -- Who made the shipment: storekeepers see the UPDs of their own shipments.
    shipped_by_login text NULL,
    live boolean NOT NULL DEFAULT true,
    CONSTRAINT closing_document_sources_one_source CHECK ((shipment_id IS NULL) <> (return_id IS NULL))
);
CREATE INDEX closing_document_sources_document_id_idx ON closing_document_sources (document_id);
CREATE UNIQUE INDEX closing_document_sources_shipment_once ON closing_document_sources (shipment_id)
    WHERE live AND shipment_id IS NOT NULL;
CREATE UNIQUE INDEX closing_document_sources_return_once ON closing_document_sources (return_id)
    WHERE live AND return_id IS NOT NULL;

-- Incoming payments. A payment is never deleted: a mistaken one is reversed (status, who, why),
-- and a reversed payment's allocations no longer count.
CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT payments_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT payments_number_key UNIQUE,
    client_id bigint NOT NULL CONSTRAINT payments_client_id_fkey REFERENCES parties (id),
    amount_minor bigint NOT NULL CONSTRAINT payments_amount_positive CHECK (amount_minor > 0),
    paid_on date NOT NULL,
    bank_ref text NULL CONSTRAINT payments_bank_ref_length CHECK (char_length(bank_ref) <= 100),
    note text NULL CONSTRAINT payments_note_length CHECK (char_length(note) <= 2000),
    status text NOT NULL CONSTRAINT payments_status_known CHECK (status IN ('posted', 'reversed')),
    created_at timestamptz NOT NULL,
    created_by bigint NULL CONSTRAINT payments_created_by_fkey REFERENCES users (id),
    created_by_login text NOT NULL,
    reversed_at timestamptz NULL,
    reversed_by_login text NULL,
    reversal_reason text NULL CONSTRAINT payments_reversal_reason_length CHECK (char_length(reversal_reason) <= 500),
    CONSTRAINT payments_reversed_has_reason CHECK ((status = 'reversed') = (reversed_at IS NOT NULL AND reversal_reason IS NOT NULL))
);
CREATE INDEX payments_client_id_idx ON payments (client_id, paid_on);

CREATE TABLE payment_allocations (
    payment_id bigint NOT NULL CONSTRAINT payment_allocations_payment_id_fkey REFERENCES payments (id),
    document_id bigint NOT NULL CONSTRAINT payment_allocations_document_id_fkey REFERENCES closing_documents (id),
    amount_minor bigint NOT NULL CONSTRAINT payment_allocations_amount_positive CHECK (amount_minor > 0),
    CONSTRAINT payment_allocations_pkey PRIMARY KEY (payment_id, document_id)
);
CREATE INDEX payment_allocations_document_id_idx ON payment_allocations (document_id);
