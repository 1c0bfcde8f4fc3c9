// What other modules need to apply the managers' visibility to their own records: a sales order
// is visible exactly when its client is.

import ERPCore
import Postgres

extension Parties {
    /// The ids of the parties `principal` is restricted to, or nil when they see every party.
    /// - Throws: `PostgresError`.
    package static func visibleIDs(for principal: Principal, in tx: Transaction) throws -> [PartyID]? {
        guard let owner = Visibility.restrictedOwner(for: principal) else { return nil }
        return try tx.query("SELECT id FROM parties WHERE owner_id = \(owner) ORDER BY id")
            .map { (row) throws(PostgresError) in try row.decode(0, as: PartyID.self) }
    }
}

extension Parties {
    /// The names of the parties in `ids` (for reports listing many clients).
    /// - Throws: `PostgresError`.
    package static func names(of ids: [PartyID], in tx: Transaction) throws -> [PartyID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [PartyID: String] = [:]
        for row in try tx.query("SELECT id, name FROM parties WHERE id = ANY(\(ids.map(\.rawValue)))") {
            names[try row.decode(0, as: PartyID.self)] = try row.decode(1, as: String.self)
        }
        return names
    }
}
