/// A user's id.
package struct UserID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// What a user is for; the permission table says what each role may do.
package enum Role: String, Sendable, Codable, CaseIterable, Equatable {
    /// Everything.
    case owner
    /// Billing, payments, reports; reads stock.
    case accountant
    /// Clients and orders (only their own clients unless `all_clients`).
    case manager
    /// Stock documents and shipments; reads the catalog.
    case storekeeper
    /// Supplier orders and reorder suggestions; reads stock.
    case purchaser
}

/// Which door a request came through; the audit log records it.
package enum Channel: String, Sendable, Codable, CaseIterable, Equatable {
    case api
    case cli
    case `import`
    case demo
    case system
    /// The pages for people (`Web`), signed in by a session cookie.
    case web
}

/// The acting user of a service call: who, with which rights, through which channel.
///
/// Built by the HTTP layer from a token and by the CLI from `--as`; every service takes one and
/// checks it, so both doors enforce the same rules.
package struct Principal: Sendable, Equatable {
    package var userID: UserID
    package var login: String
    package var role: Role
    /// Managers with this flag see every client, not only their own.
    package var allClients: Bool
    /// For storekeepers: the warehouse ids they work in; `nil` means all warehouses.
    package var warehouseScope: Set<Int64>?
    package var channel: Channel

    package init(
        userID: UserID, login: String, role: Role, allClients: Bool = false,
        warehouseScope: Set<Int64>? = nil, channel: Channel
    ) {
        self.userID = userID
        self.login = login
        self.role = role
        self.allClients = allClients
        self.warehouseScope = warehouseScope
        self.channel = channel
    }

    /// The system itself (migrations, maintenance): used only where no user acts.
    package static func system(channel: Channel = .system) -> Principal {
        // Id 0 belongs to no user row (identity columns start at 1), so it is never mistaken for one.
        Principal(userID: UserID(rawValue: 0), login: "system", role: .owner, channel: channel)
    }
}
