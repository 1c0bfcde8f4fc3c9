/// Summaries of the command groups (`erp db`, `erp stock`, …), shown in help listings.
enum CommandGroups {
    static let summaries: [String: String] = [
        "db": "Manage the embedded PostgreSQL cluster in $ERP_HOME",
        "user": "Manage users",
        "token": "Issue and revoke API tokens",
        "audit": "Read the audit log",
        "product": "Manage the catalog: products, categories, prices",
        "party": "Manage counterparties: clients and suppliers",
        "price-type": "The owner's price types (retail, wholesale, …)",
        "warehouse": "Manage warehouses",
        "webhook": "Webhooks: subscribe URLs to the change feed's events, see their deliveries",
        "doc": "Closing documents: issue, list, show, print, annul, xml",
        "export": "Export a period for the accountant's 1C (EnterpriseData)",
        "bank": "Bank statements: import, the queue of unmatched lines, resolve",
        "payment": "Record, list and reverse incoming payments",
        "report": "Owner reports: receivables, payables, stock, revenue, write-offs",
        "settings": "Our company's requisites and tax settings",
        "client": "The client card",
        "task": "Tasks: add, list (--mine --overdue), done",
        "activity": "Log calls, meetings, e-mails and notes",
        "orders": "Bulk order maintenance (release-stale)",
        "order": "Sell: create, confirm, ship, cancel and take back sales orders",
        "purchase": "Buy: supplier orders, receipts against them, returns to suppliers",
        "bill": "Supplier bills: what suppliers say we owe",
        "supplier-payment": "Record, list and reverse payments to suppliers",
        "stock": "Receive, transfer, write off and count stock; see levels and the ledger",
    ]
}
