-- 0038: the receivables' documents read from a small index instead of the closing documents' heap.
-- The ageing (the receivables page, the dashboard, `erp report receivables`) reads every issued UPD,
-- act, credit note and УКД up to a day: a year of the large demo is 19,000 of them, whose rows carry
-- their whole contents (JSON). This partial index holds just what the ageing reads, so the scan is
-- index-only: 32 ms → 4 ms for that step, 114 ms → 48 ms for the whole ageing (EXPLAIN ANALYZE on
-- the large demo).

CREATE INDEX closing_documents_receivable_idx ON closing_documents (doc_date) INCLUDE (client_id, id, type, gross_minor)
    WHERE status = 'issued' AND type IN ('upd', 'act', 'credit_note', 'ukd');
