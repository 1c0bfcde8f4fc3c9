// Who sees which CRM records: exactly those of the parties they see (a manager without
// `all_clients`: their own clients), so a card, a deal or a task of another manager's client is
// `404`, never `403`.

import ERPCore
import Parties
import Postgres

enum CRMAccess {
    /// The party `id` as `principal` may work with it.
    /// - Throws: `ERPError.notFound` when it is not theirs to see; `PostgresError`.
    static func party(_ id: PartyID, by principal: Principal, in tx: Transaction) throws -> Party {
        try Parties.get(id, by: principal, in: tx)
    }

    /// The party ids `principal` is restricted to, or nil for everyone.
    static func visibleParties(for principal: Principal, in tx: Transaction) throws -> [Int64]? {
        try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
    }

    /// Whether `principal` sees party `id`.
    static func sees(_ id: PartyID?, _ principal: Principal, in tx: Transaction) throws -> Bool {
        guard let id, let visible = try visibleParties(for: principal, in: tx) else { return true }
        return visible.contains(id.rawValue)
    }
}
