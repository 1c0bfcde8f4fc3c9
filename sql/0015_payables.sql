-- 0015: what we owe suppliers (issue #17) — their bills, our payments to them and how each payment
-- settles bills. Money is integer minor units. Bills and payments are never deleted: a payment
-- made by mistake is reversed (kept, counting for nothing), as incoming payments are.

CREATE TABLE supplier_bills (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT supplier_bills_pkey PRIMARY KEY,
    supplier_id bigint NOT NULL CONSTRAINT supplier_bills_supplier_id_fkey REFERENCES parties (id),
    -- The supplier's own number and date (счёт поставщика / УПД), as printed on their paper.
    number text NOT NULL CONSTRAINT supplier_bills_number_length CHECK (char_length(number) BETWEEN 1 AND 100),
    bill_date date NOT NULL,
    amount_minor bigint NOT NULL CONSTRAINT supplier_bills_amount_positive CHECK (amount_minor > 0),
    vat_minor bigint NOT NULL CONSTRAINT supplier_bills_vat_within_amount CHECK (vat_minor >= 0 AND vat_minor <= amount_minor),
    note text NULL CONSTRAINT supplier_bills_note_length CHECK (char_length(note) <= 2000),
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL,
    CONSTRAINT supplier_bills_number_key UNIQUE (supplier_id, number)
);
CREATE INDEX supplier_bills_bill_date_idx ON supplier_bills (supplier_id, bill_date, id);

-- Which receipts a bill is for.
CREATE TABLE supplier_bill_receipts (
    bill_id bigint NOT NULL CONSTRAINT supplier_bill_receipts_bill_id_fkey REFERENCES supplier_bills (id),
    receipt_id bigint NOT NULL CONSTRAINT supplier_bill_receipts_receipt_id_fkey REFERENCES stock_documents (id),
    CONSTRAINT supplier_bill_receipts_pkey PRIMARY KEY (bill_id, receipt_id)
);

-- Money out to a supplier, numbered OUT-2026-000001.
CREATE TABLE supplier_payments (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT supplier_payments_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT supplier_payments_number_key UNIQUE,
    supplier_id bigint NOT NULL CONSTRAINT supplier_payments_supplier_id_fkey REFERENCES parties (id),
    amount_minor bigint NOT NULL CONSTRAINT supplier_payments_amount_positive CHECK (amount_minor > 0),
    paid_on date NOT NULL,
    bank_ref text NULL CONSTRAINT supplier_payments_bank_ref_length CHECK (char_length(bank_ref) <= 100),
    note text NULL CONSTRAINT supplier_payments_note_length CHECK (char_length(note) <= 2000),
    status text NOT NULL CONSTRAINT supplier_payments_status_known CHECK (status IN ('posted', 'reversed')),
    created_at timestamptz NOT NULL,
    created_by_login text NOT NULL,
    reversed_at timestamptz NULL,
    reversed_by_login text NULL,
    reversal_reason text NULL,
    CONSTRAINT supplier_payments_reversed_has_reason CHECK ((status = 'reversed') = (reversal_reason IS NOT NULL))
);
CREATE INDEX supplier_payments_supplier_id_idx ON supplier_payments (supplier_id, id);

CREATE TABLE supplier_payment_allocations (
    payment_id bigint NOT NULL CONSTRAINT supplier_payment_allocations_payment_id_fkey REFERENCES supplier_payments (id),
    bill_id bigint NOT NULL CONSTRAINT supplier_payment_allocations_bill_id_fkey REFERENCES supplier_bills (id),
    amount_minor bigint NOT NULL CONSTRAINT supplier_payment_allocations_amount_positive CHECK (amount_minor > 0),
    CONSTRAINT supplier_payment_allocations_pkey PRIMARY KEY (payment_id, bill_id)
);
CREATE INDEX supplier_payment_allocations_bill_id_idx ON supplier_payment_allocations (bill_id);

INSERT INTO erp_table_privileges (table_name, privileges) VALUES
    ('supplier_bills', '{SELECT,INSERT}'),
    ('supplier_bill_receipts', '{SELECT,INSERT}'),
    ('supplier_payments', '{SELECT,INSERT,UPDATE}'),
    ('supplier_payment_allocations', '{SELECT,INSERT}');
