-- Exchange: a queued statement line the accountant decides is no one's payment to record (the
-- bank's fee, a tax, a transfer between our own accounts, or something else she explains) is
-- dismissed with that reason; a dismissal records no money, so it can be undone: the line goes
-- back to the queue (both steps audited). resolved_at / resolved_by_login say who took the line
-- off the queue and when, whether by a payment or by a dismissal.

ALTER TABLE bank_statement_lines ADD COLUMN dismissal text NULL;
ALTER TABLE bank_statement_lines ADD COLUMN dismissal_comment text NULL;

ALTER TABLE bank_statement_lines DROP CONSTRAINT bank_statement_lines_status_known;
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_status_known
    CHECK (status IN ('matched', 'queued', 'resolved', 'outgoing', 'dismissed'));
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_dismissal_known
    CHECK (dismissal IN ('bank_fee', 'tax', 'own_transfer', 'other'));
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_dismissed_has_reason
    CHECK ((status = 'dismissed') = (dismissal IS NOT NULL));
ALTER TABLE bank_statement_lines ADD CONSTRAINT bank_statement_lines_dismissal_comment_length
    CHECK (char_length(dismissal_comment) BETWEEN 1 AND 500);
