-- 0026: where imported goods come from. A receipt line may record the country of origin (its ОКСМ
-- numeric code, which is the ISO 3166-1 numeric code) and the customs declaration's registration
-- number (`10702070/011226/0012345`) or the batch's РНПТ (the same with `/001`, the goods' line in
-- the declaration). The UPD of a shipment copies them into columns 10, 10а and 11 (Tax Code
-- art. 169 §5.13–14); Warehouse checks the code against its country list before writing, the
-- constraints keep the shapes even for a row written by hand.

ALTER TABLE stock_document_lines
    ADD COLUMN origin_country text NULL
        CONSTRAINT stock_document_lines_origin_country_shape CHECK (origin_country ~ '^[0-9]{3}$'),
    ADD COLUMN customs_declaration text NULL
        CONSTRAINT stock_document_lines_customs_declaration_shape
        CHECK (customs_declaration ~ '^[0-9]{8}/[0-9]{6}/[0-9]{7}(/[0-9]{3})?$'),
    ADD CONSTRAINT stock_document_lines_declaration_has_country
        CHECK (customs_declaration IS NULL OR origin_country IS NOT NULL);

-- The UPD's question: the latest receipt of a product at a warehouse before the shipment.
CREATE INDEX stock_document_lines_product_idx ON stock_document_lines (product_id, document_id);
