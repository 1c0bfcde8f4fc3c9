/// Everything a role may or may not do. Every service call checks one, and every HTTP route
/// declares one (or is explicitly public), so the role × route matrix is complete by construction.
package enum Permission: String, Sendable, CaseIterable, Equatable {
    /// See one's own user record.
    case readSelf = "self.read"
    /// Issue, list and revoke one's own API tokens, and change one's own password.
    case manageOwnAccess = "self.access"
    /// Create, list and disable users; issue and revoke tokens for others; set their passwords.
    case manageUsers = "users.manage"
    /// Read the audit log.
    case readAudit = "audit.read"
    /// See products, categories, units and prices.
    case readCatalog = "catalog.read"
    /// Create, change, archive and import products and categories.
    case editCatalog = "catalog.edit"
    /// See counterparties (managers without `all_clients`: only their own).
    case readParties = "parties.read"
    /// See a counterparty's requisites and channels: INN/KPP/OGRN, bank details, every phone and
    /// e-mail, contacts, tags, owner. Without it (storekeepers) a party shows only what shipping
    /// needs: name, kind, delivery address and one delivery phone (and the first contact's name and phones).
    case readPartyDetails = "parties.details"
    /// Create, change, archive and import counterparties (managers: only their own).
    case editParties = "parties.edit"
    /// Export counterparties in bulk (audited).
    case exportParties = "parties.export"
    /// See warehouses, stock levels, the ledger and stock documents (storekeepers with a
    /// warehouse scope: only in their warehouses).
    case readStock = "stock.read"
    /// Post and cancel receipts, transfers, write-offs and stock counts.
    case postStock = "stock.post"
    /// See what stock is worth: average costs, stock value, the cost of each move.
    case readStockCosts = "stock.costs"
    /// Create and change warehouses.
    case manageWarehouses = "warehouses.manage"
    /// See sales orders (managers without `all_clients`: only their clients').
    case readOrders = "orders.read"
    /// Create, change, confirm and cancel sales orders (managers: for clients they see).
    case sellOrders = "orders.sell"
    /// Save or confirm an order line below the product's minimum price.
    case sellBelowMinimumPrice = "sales.below_min_price"
    /// Ship confirmed orders and take returns.
    case shipOrders = "orders.ship"
    /// Cancel stale confirmed orders in bulk, releasing their stock.
    case releaseStaleOrders = "orders.release_stale"
    /// Change our own company's requisites and tax settings.
    case manageCompany = "company.manage"
    /// See closing documents (managers: their clients'; storekeepers: UPDs of their shipments).
    case readDocuments = "documents.read"
    /// Issue closing documents from orders (managers: invoices for their clients' orders only).
    case issueDocuments = "documents.issue"
    /// Annul an issued closing document (it keeps its number).
    case annulDocuments = "documents.annul"
    /// See payments and who owes what (managers: their clients').
    case readPayments = "payments.read"
    /// Record and reverse incoming payments.
    case recordPayments = "payments.record"
    /// See activities, tasks, deals and client cards (managers: their clients').
    case readCRM = "crm.read"
    /// Log activities, manage tasks and deals.
    case editCRM = "crm.edit"
    /// The owner's reports: stock value, revenue and margin, write-offs, pipeline, overdue tasks.
    case readReports = "reports.read"
    /// See supplier orders, what was received against them and returned to suppliers.
    case readPurchasing = "purchasing.read"
    /// See what we pay suppliers: the prices and totals of supplier orders.
    case readPurchasePrices = "purchasing.prices"
    /// Create, change, place and cancel supplier orders.
    case editPurchasing = "purchasing.edit"
    /// See supplier bills, payments to suppliers and what we owe them.
    case readPayables = "payables.read"
    /// Record supplier bills.
    case recordSupplierBills = "payables.bills"
    /// Record and reverse payments to suppliers.
    case paySuppliers = "payables.pay"
    /// Subscribe webhooks, remove them and read their delivery log.
    case manageWebhooks = "webhooks.manage"

    /// The single permission table: which roles hold each permission.
    package var roles: Set<Role> {
        switch self {
        case .readSelf: Set(Role.allCases)
        case .manageOwnAccess: Set(Role.allCases)
        case .manageUsers: [.owner]
        case .readAudit: [.owner]
        case .readCatalog: Set(Role.allCases)
        case .editCatalog: [.owner, .accountant]
        // Storekeepers read suppliers for receipts and clients for shipping (without details);
        // managers see only their own clients.
        case .readParties: Set(Role.allCases)
        // Storekeepers ship: they need where and whom to call, not the client base (issue #13).
        case .readPartyDetails: [.owner, .accountant, .manager, .purchaser]
        // Purchasers keep their suppliers' cards.
        case .editParties: [.owner, .accountant, .manager, .purchaser]
        case .exportParties: [.owner, .accountant, .manager]
        // Managers sell only what is in stock, so everyone sees levels; valuation is for the
        // people who answer for money (docs/decisions.md, "Who sees costs").
        case .readStock: Set(Role.allCases)
        case .postStock: [.owner, .storekeeper]
        case .readStockCosts: [.owner, .accountant]
        case .manageWarehouses: [.owner]
        case .readOrders: Set(Role.allCases)
        case .sellOrders: [.owner, .manager]
        // The floor protects the margin from managers; the owner decides exceptions.
        case .sellBelowMinimumPrice: [.owner]
        case .shipOrders: [.owner, .storekeeper]
        case .releaseStaleOrders: [.owner]
        case .manageCompany: [.owner]
        // A webhook sends every change of the business to a URL: the owner decides where.
        case .manageWebhooks: [.owner]
        // Closing documents are the clients' business, not the purchaser's.
        case .readDocuments: [.owner, .accountant, .manager, .storekeeper]
        case .issueDocuments: [.owner, .accountant, .manager]
        case .annulDocuments: [.owner, .accountant]
        case .readPayments: [.owner, .accountant, .manager]
        case .recordPayments: [.owner, .accountant]
        case .readCRM: [.owner, .accountant, .manager]
        case .editCRM: [.owner, .accountant, .manager]
        case .readReports: [.owner, .accountant]
        // Storekeepers receive against supplier orders: they see quantities, not prices (issue #17).
        case .readPurchasing: [.owner, .accountant, .purchaser, .storekeeper]
        case .readPurchasePrices: [.owner, .accountant, .purchaser]
        case .editPurchasing: [.owner, .purchaser]
        case .readPayables: [.owner, .accountant, .purchaser]
        case .recordSupplierBills: [.owner, .accountant, .purchaser]
        case .paySuppliers: [.owner, .accountant]
        }
    }

    /// What the permission allows, as a phrase that reads after "not allowed to"
    /// (`ERPError.forbidden(action:)`): "You are not allowed to manage users."
    package var phrase: String {
        switch self {
        case .readSelf: "see your own user record"
        case .manageOwnAccess: "manage your own tokens and password"
        case .manageUsers: "manage users"
        case .readAudit: "read the audit log"
        case .readCatalog: "see the catalog"
        case .editCatalog: "change the catalog"
        case .readParties: "see counterparties"
        case .readPartyDetails: "see counterparties' requisites and contacts"
        case .editParties: "change counterparties"
        case .exportParties: "export counterparties"
        case .readStock: "see stock"
        case .postStock: "post stock documents"
        case .readStockCosts: "see stock costs"
        case .manageWarehouses: "manage warehouses"
        case .readOrders: "see sales orders"
        case .sellOrders: "sell: create, confirm or cancel sales orders"
        case .sellBelowMinimumPrice: "sell below the minimum price"
        case .shipOrders: "ship orders or take returns"
        case .releaseStaleOrders: "release stale orders"
        case .manageCompany: "change the company settings"
        case .manageWebhooks: "manage webhooks"
        case .readDocuments: "see closing documents"
        case .issueDocuments: "issue closing documents"
        case .annulDocuments: "annul closing documents"
        case .readPayments: "see payments and receivables"
        case .recordPayments: "record payments"
        case .readCRM: "see activities, tasks, deals and client cards"
        case .editCRM: "log activities or manage tasks and deals"
        case .readReports: "read the owner's reports"
        case .readPurchasing: "see supplier orders"
        case .readPurchasePrices: "see purchase prices"
        case .editPurchasing: "create, place or cancel supplier orders"
        case .readPayables: "see what we owe suppliers"
        case .recordSupplierBills: "record supplier bills"
        case .paySuppliers: "pay suppliers"
        }
    }
}

extension Principal {
    /// Whether this user's role holds `permission`.
    package func may(_ permission: Permission) -> Bool {
        permission.roles.contains(role)
    }

    /// Refuses unless this user's role holds `permission`.
    /// - Throws: `ERPError.forbidden` with the permission's phrase as the action.
    package func require(_ permission: Permission) throws(ERPError) {
        guard may(permission) else {
            throw .forbidden(action: permission.phrase)
        }
    }
}
