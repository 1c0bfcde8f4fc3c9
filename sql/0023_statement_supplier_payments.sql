-- Exchange: outgoing statement lines become payments to suppliers (recorded through Purchasing).
-- A matched or resolved line now holds exactly one payment: a client's (money in, payment_id) or
-- one to a supplier (money out, supplier_payment_id). party_id is the client or the supplier.

ALTER TABLE bank_statement_lines ADD COLUMN supplier_payment_id bigint NULL;

ALTER TABLE bank_statement_lines DROP CONSTRAINT bank_statement_lines_paid_has_payment;
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_paid_has_payment
    CHECK ((status IN ('matched', 'resolved')) = (num_nonnulls(payment_id, supplier_payment_id) = 1));
