-- 0032: the UPD's goods-origin question asked cheaply. A UPD of a wave asks, for every product it
-- ships, for the latest receipt at the shipping warehouse — which reads every receipt line of the
-- product; most goods were never imported, and for them the answer is known without reading any:
-- the lookup first probes this index of the (few) receipt lines that record an origin.

CREATE INDEX stock_document_lines_imported_idx ON stock_document_lines (product_id) WHERE origin_country IS NOT NULL;
