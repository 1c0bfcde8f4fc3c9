-- Exchange: outgoing statement lines become payments to suppliers (recorded through Purchasing),
-- and receipts from suppliers are exported to 1C as purchases.
-- A matched or resolved line now holds exactly one payment: a client's (money in, payment_id) or
-- one to a supplier (money out, supplier_payment_id). party_id is the client or the supplier.

ALTER TABLE bank_statement_lines ADD COLUMN supplier_payment_id bigint NULL;

ALTER TABLE bank_statement_lines DROP CONSTRAINT bank_statement_lines_paid_has_payment;
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_paid_has_payment
    CHECK ((status IN ('matched', 'resolved')) = (num_nonnulls(payment_id, supplier_payment_id) = 1));

-- Exchange: purchases (receipts from suppliers) go to 1C as Документ.ПоступлениеТоваровУслуг and a
-- VAT payer's UPDs as Документ.СчетФактураВыданный too, with GUIDs of their own.
ALTER TABLE exchange_guids DROP CONSTRAINT exchange_guids_kind_known;
ALTER TABLE exchange_guids ADD CONSTRAINT exchange_guids_kind_known
    CHECK (kind IN ('upd_file', 'party', 'product', 'sale', 'purchase', 'vat_invoice'));
