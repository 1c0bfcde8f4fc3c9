// The named constraints no request can break: values the services compute (numbers, versions,
// totals, ledger balances, statuses) or that never come from a client (tokens, audit rows). One
// firing means a bug, so the translator does not pretend it names a field the client sent.

extension ConstraintFields {
    /// Named CHECK and UNIQUE constraints that cannot be hit through the services.
    package static let invariants: Set<String> = [
        // Access: hashes, versions, tokens, throttling, audit and idempotency rows are server-made.
        "users_password_hash_bcrypt", "users_version_positive", "users_login_folded_matches",
        "tokens_prefix_format", "tokens_digest_key", "tokens_digest_sha256", "tokens_expiry_after_creation",
        "tokens_prefix_key", "login_failures_login_key_length", "audit_log_channel_known", "audit_log_action_format",
        "audit_log_entity_type_format", "idempotency_keys_key_format", "idempotency_keys_request_hash_sha256",
        "idempotency_keys_status_range", "erp_table_privileges_dml_only",
        // The change feed and webhook state are written by the server (the service checks the input first).
        "change_events_type_format", "webhooks_events_not_empty", "webhooks_status_known",
        // Web sessions: ids, secrets and expiry are drawn and computed by the server.
        "web_sessions_digest_key", "web_sessions_digest_sha256", "web_sessions_csrf_secret_format",
        "web_sessions_expiry_after_creation",
        // Catalog: units are seeded; versions are the service's.
        "units_code_format", "units_name_length", "categories_version_positive", "products_version_positive",
        // Parties and warehouses.
        "parties_version_positive", "warehouses_version_positive",
        // Stock documents, the ledger and levels: numbers, statuses and balances are computed.
        "document_counters_series_format", "document_counters_year_range", "document_counters_last_number_positive",
        "stock_documents_type_known", "stock_documents_number_key", "stock_documents_status_known",
        "stock_documents_version_positive", "stock_documents_reason_only_write_offs",
        "stock_documents_supplier_only_receipts", "stock_documents_only_counts_open", "stock_documents_posted_has_number",
        "stock_documents_cancelled_has_time", "stock_document_lines_line_no_positive",
        "stock_document_lines_book_qty_not_negative", "stock_moves_qty_not_zero", "stock_moves_kind_known",
        "stock_moves_document_type_format", "stock_moves_cost_follows_qty", "stock_moves_reversed_once",
        "stock_levels_on_hand_not_negative", "stock_levels_reserved_not_negative", "stock_levels_value_not_negative",
        "stock_levels_last_unit_cost_not_negative", "stock_levels_reserved_le_on_hand", "stock_levels_value_zero_when_empty",
        "stock_move_days_key", "stock_move_months_key",
        // Sales: numbers, totals, reservation and shipment counters.
        "sales_orders_number_key", "sales_orders_status_known", "sales_orders_version_positive", "sales_orders_totals_add_up",
        "sales_order_lines_line_no_positive", "sales_order_lines_vat_rate_known", "sales_order_lines_reserved_not_negative",
        "sales_order_lines_shipped_not_negative", "sales_order_lines_returned_not_negative", "sales_order_lines_within_qty",
        "sales_order_lines_returned_le_shipped", "sales_order_lines_services_never_reserve",
        "sales_order_lines_amounts_add_up", "shipments_number_key", "shipment_lines_qty_positive",
        "shipment_lines_cost_not_negative", "sales_returns_number_key", "sales_return_lines_cost_not_negative",
        "sales_revenue_hours_key", "sales_revenue_client_hours_key", "sales_revenue_product_months_key",
        "sales_revenue_product_days_key",
        // Purchasing: numbers, statuses, totals and received quantities are the service's.
        "purchase_orders_number_key", "purchase_orders_status_known", "purchase_orders_version_positive",
        "purchase_orders_totals_add_up", "purchase_order_lines_line_no_positive", "purchase_order_lines_vat_rate_known",
        "purchase_order_lines_received_not_negative", "purchase_order_lines_amounts_add_up", "supplier_returns_number_key",
        "supplier_return_lines_cost_not_negative", "supplier_payments_number_key", "supplier_payments_status_known",
        "supplier_payments_reversed_has_reason",
        // Billing: numbers, statuses and sources are the service's.
        "company_settings_single_row", "company_settings_version_positive", "closing_documents_type_known",
        "closing_documents_number_key", "closing_documents_status_known", "closing_documents_gross_not_negative",
        "closing_documents_annulled_has_reason", "closing_documents_one_live_per_order",
        "closing_documents_ukd_corrects_a_document", "advance_invoices_number_key", "advance_invoices_one_per_payment",
        "advance_invoices_amount_positive", "advance_invoices_vat_within_amount", "advance_offsets_amount_positive",
        "advance_offsets_vat_not_negative",
        "closing_document_sources_one_source", "closing_document_sources_shipment_once",
        "closing_document_sources_return_once", "payments_number_key", "payments_status_known",
        "payments_reversed_has_reason",
        // CRM: versions and closing times are the service's.
        "deals_version_positive", "deals_closed_when_won_or_lost", "tasks_status_known", "tasks_version_positive",
        "tasks_completed_when_closed",
        // Exchange: GUIDs and statement lines' amounts and statuses are the service's.
        "exchange_guids_kind_known", "exchange_guids_guid_key", "bank_statement_lines_amount_not_zero",
        "bank_statement_lines_status_known", "bank_statement_lines_paid_has_payment", "bank_statement_lines_dismissed_has_reason",
        // VAT rates: reference data the migrations write; the application only reads it.
        "vat_rates_category_known", "vat_rates_rate_in_range",
    ]
}
