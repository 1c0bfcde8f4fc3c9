-- 0035: a document's number taken inside the statement that writes the document (issue #20), so
-- numbering costs no round trip of its own. It takes the counter row of the series and year
-- exactly as DocumentNumbers.next does (INSERT … ON CONFLICT DO UPDATE: the row stays locked until
-- the transaction ends, a rollback gives the number back, two commits never share one — gapless),
-- and formats it as DocumentNumbers.format does: `prefix-YYYY-NNNNNN`, six digits at least.
-- Runs as the caller (erp_app already writes document_counters).
CREATE FUNCTION take_document_number(p_prefix text, p_series text, p_year integer) RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, public AS $$
    WITH taken AS (
        INSERT INTO document_counters (series, year, last_number) VALUES (p_series, p_year, 1)
        ON CONFLICT (series, year) DO UPDATE SET last_number = document_counters.last_number + 1
        RETURNING last_number
    )
    SELECT p_prefix || '-' || lpad(p_year::text, 4, '0') || '-'
           || CASE WHEN length(last_number::text) >= 6 THEN last_number::text
                   ELSE lpad(last_number::text, 6, '0') END
    FROM taken
$$;
