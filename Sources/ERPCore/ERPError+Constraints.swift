// The database's named constraints, as a client sees them. The services validate input before
// it reaches SQL, so a constraint refusing a row is the last line of defence (a race, a rule the
// service missed); when it fires, the client still gets the API field it sent, never the
// constraint's name. Every named CHECK and UNIQUE constraint in sql/*.sql is either mapped here
// or listed as an invariant no request can break (a test parses the migrations to keep it so).

/// What a named constraint guards, in API terms: the entity, the request field, and (for a CHECK)
/// the message that field gets.
package struct ConstraintField: Sendable, Equatable {
    /// The entity named in a `duplicate` error, e.g. `product`.
    package let entity: String
    /// The request field, as the API spells it (`sku`, `bank.bic`, `lines`).
    package let field: String
    /// The `validation_failed` message for the field (unused for unique constraints).
    package let message: String
}

/// The constraint-name → field table the error translator uses.
package enum ConstraintFields {
    /// The field a constraint guards, or nil for one no request can reach (see `invariants`).
    package static func field(of constraint: String) -> ConstraintField? { mapped[constraint] }

    private static func on(_ entity: String, _ pairs: KeyValuePairs<String, (String, String)>) -> [(String, ConstraintField)] {
        pairs.map { ($0.key, ConstraintField(entity: entity, field: $0.value.0, message: $0.value.1)) }
    }

    private static let taken = "is already taken"
    private static let positive = "must be greater than zero"
    private static let notNegative = "must not be negative"
    private static func length(_ limit: Int, atLeastOne: Bool = true) -> String {
        atLeastOne ? "must be 1 to \(limit) characters long" : "must be at most \(limit) characters long"
    }

    /// Constraints a request can run into, by name.
    package static let mapped: [String: ConstraintField] = Dictionary(uniqueKeysWithValues: [
        on("user", [
            "users_login_format": ("login", "may hold only letters, digits, '.', '_', '@' and '-' (at most 64)"),
            "users_display_name_length": ("name", length(200, atLeastOne: false)),
            "users_role_known": ("role", "is not a known role"),
            "users_all_clients_only_managers": ("all_clients", "is only for managers"),
            "users_warehouse_scope_only_storekeepers": ("warehouse_scope", "is only for storekeepers"),
            "users_login_key": ("login", taken), "users_login_folded_key": ("login", taken),
        ]),
        on("category", [
            "categories_name_length": ("name", length(200)), "categories_name_key": ("name", taken),
            "categories_not_own_parent": ("parent_id", "must not be the category itself"),
        ]),
        on("product", [
            "products_sku_format": ("sku", "must be 1 to 64 characters without spaces"),
            "products_name_length": ("name", length(300)), "products_kind_known": ("kind", "is not a known kind"),
            "products_price_not_negative": ("price", notNegative), "product_prices_price_not_negative": ("price", notNegative),
            "products_vat_rate_known": ("vat_rate", "is not a known VAT rate"),
            "product_prices_vat_rate_known": ("vat_rate", "is not a known VAT rate"),
            "products_min_stock_not_negative": ("min_stock", notNegative), "products_sku_key": ("sku", taken),
            "products_max_stock_not_negative": ("max_stock", notNegative), "products_pack_size_not_negative": ("pack_size", notNegative),
            "product_barcodes_format": ("barcodes", "may hold only letters, digits, '.', '_' and '-' (at most 64)"),
            "product_barcodes_pkey": ("barcodes", taken),
            "product_type_prices_price_not_negative": ("prices", "every price " + notNegative),
            "product_price_floors_floor_not_negative": ("min_price", notNegative),
            "product_quantity_breaks_min_qty_positive": ("quantity_breaks", "every min_qty " + positive),
            "product_quantity_breaks_price_not_negative": ("quantity_breaks", "every price " + notNegative),
            "product_quantity_breaks_once": ("quantity_breaks", "names a quantity twice for one price type"),
        ]),
        on("price type", [
            "price_types_code_format": ("code", "must be 1 to 32 lower-case latin letters, digits, '_' or '-'"),
            "price_types_name_length": ("name", length(100)), "price_types_code_key": ("code", taken),
        ]),
        on("party", [
            "parties_kind_known": ("kind", "is not a known kind"), "parties_name_length": ("name", length(300)),
            "parties_inn_format": ("inn", "must be 10 or 12 digits"),
            "parties_kpp_format": ("kpp", "must be 9 characters: 4 digits, 2 digits or capital letters, 3 digits"),
            "parties_ogrn_format": ("ogrn", "must be 13 or 15 digits"),
            "parties_bank_bic_format": ("bank.bic", "must be 9 digits starting with 04"),
            "parties_bank_account_format": ("bank.account", "must be 20 digits"),
            "parties_bank_corr_account_format": ("bank.corr_account", "must be 20 digits"),
            "parties_inn_kpp_key": ("inn, kpp", taken),
            "parties_discount_range": ("discount_pct", "must be between 0 and 100 percent"),
        ]),
        on("contact", ["party_contacts_name_length": ("name", length(200))]),
        on("warehouse", [
            "warehouses_code_format": ("code", "may hold only letters, digits, '.', '_' and '-' (at most 32)"),
            "warehouses_name_length": ("name", length(200)),
            "warehouses_address_length": ("address", length(500, atLeastOne: false)), "warehouses_code_key": ("code", taken),
        ]),
        on("stock document", [
            "stock_documents_supplier_ref_length": ("supplier_ref", length(100, atLeastOne: false)),
            "stock_documents_note_length": ("note", length(2000, atLeastOne: false)),
            "stock_documents_reason_known": ("reason", "is not a known write-off reason"),
            "stock_documents_transfer_between_two": ("to_warehouse_id", "must be another warehouse than the source"),
            "stock_document_lines_qty_positive": ("lines", "every qty " + positive),
            "stock_document_lines_unit_cost_not_negative": ("lines", "every unit_cost " + notNegative),
            "stock_document_lines_counted_qty_not_negative": ("lines", "every counted_qty " + notNegative),
            "stock_document_lines_product_once": ("lines", "names a product more than once"),
            "stock_document_lines_origin_country_shape": ("lines", "every country_code must be an ОКСМ code of 3 digits"),
            "stock_document_lines_customs_declaration_shape": ("lines", "every customs_declaration must look like 10702070/011226/0012345"),
            "stock_document_lines_declaration_has_country": ("lines", "a customs_declaration needs its country_code"),
        ]),
        on("order", [
            "sales_orders_comment_length": ("comment", length(2000, atLeastOne: false)),
            "sales_order_lines_qty_positive": ("lines", "every qty " + positive),
            "sales_order_lines_price_not_negative": ("lines", "every price " + notNegative),
            "sales_order_lines_discount_range": ("lines", "every discount must be between 0 and 100 percent"),
            "sales_order_lines_product_once": ("lines", "names a product more than once"),
        ]),
        on("purchase order", [
            "purchase_orders_comment_length": ("comment", length(2000, atLeastOne: false)),
            "purchase_order_lines_qty_positive": ("lines", "every qty " + positive),
            "purchase_order_lines_price_not_negative": ("lines", "every price " + notNegative),
            "purchase_order_lines_product_once": ("lines", "names a product more than once"),
        ]),
        on("supplier return", [
            "supplier_returns_reason_known": ("reason", "is not a known reason"),
            "supplier_returns_note_length": ("note", length(2000, atLeastOne: false)),
            "supplier_return_lines_qty_positive": ("lines", "every qty " + positive),
        ]),
        on("supplier bill", [
            "supplier_bills_number_length": ("number", length(100)), "supplier_bills_amount_positive": ("amount", positive),
            "supplier_bills_vat_within_amount": ("vat", "must be between zero and the amount"),
            "supplier_bills_note_length": ("note", length(2000, atLeastOne: false)), "supplier_bills_number_key": ("number", taken),
        ]),
        on("supplier payment", [
            "supplier_payments_amount_positive": ("amount", positive),
            "supplier_payments_bank_ref_length": ("bank_ref", length(100, atLeastOne: false)),
            "supplier_payments_note_length": ("note", length(2000, atLeastOne: false)),
            "supplier_payment_allocations_amount_positive": ("allocations", "every amount " + positive),
        ]),
        on("return", [
            "sales_returns_reason_known": ("reason", "is not a known return reason"),
            "sales_returns_note_length": ("note", length(2000, atLeastOne: false)),
            "sales_return_lines_qty_positive": ("lines", "every qty " + positive),
        ]),
        on("document", ["closing_documents_annul_reason_length": ("reason", length(500, atLeastOne: false))]),
        on("payment", [
            "payments_amount_positive": ("amount", positive),
            "payments_bank_ref_length": ("bank_ref", length(100, atLeastOne: false)),
            "payments_note_length": ("note", length(2000, atLeastOne: false)),
            "payments_reversal_reason_length": ("reason", length(500, atLeastOne: false)),
            "payment_allocations_amount_positive": ("allocations", "every amount " + positive),
        ]),
        on("deal", [
            "deals_title_length": ("title", length(300)), "deals_amount_not_negative": ("amount", notNegative),
            "deals_stage_known": ("stage", "is not a known stage"),
            "deals_lost_reason_length": ("lost_reason", length(500, atLeastOne: false)),
            "deals_lost_has_reason": ("lost_reason", "is required when, and only when, the deal is lost"),
        ]),
        on("activity", [
            "activities_type_known": ("type", "is not a known activity type"),
            "activities_text_length": ("text", length(5000)),
            "activities_outcome_length": ("outcome", length(500, atLeastOne: false)),
        ]),
        on("task", [
            "tasks_title_length": ("title", length(300)), "tasks_priority_known": ("priority", "is not a known priority"),
            "tasks_reminder_before_due": ("remind_at", "must not be after due_at"),
        ]),
        on("bank statement line", [
            "bank_statement_lines_natural_key": ("file", "holds a line imported at the same time by another import"),
            "bank_statement_lines_dismissal_known": ("reason", "is not a known reason to dismiss a line"),
            "bank_statement_lines_dismissal_comment_length": ("comment", length(500)),
        ]),
    ].joined())
}
