// The parties facade: one method per use case, each in a transaction of its own, failures as
// ERPError. Routes and CLI commands call these (or the `in tx:` functions when they must share
// a transaction, like an idempotent POST).

import ERPCore
import Postgres

/// What `/api/v1/parties…` and `erp party …` call.
package struct PartiesService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    /// The parties facade reading time from `time`.
    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// Creates a party; see `Parties.create(_:by:time:in:)`.
    /// - Throws: `ERPError.forbidden`, `.validationFailed`, `.duplicate`, or a translated database failure.
    package func create(
        _ command: NewParty, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Party {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// `create(_:by:on:)` inside a caller's transaction (the API's idempotent POST).
    package func create(_ command: NewParty, by principal: Principal, in tx: Transaction) throws -> Party {
        try Parties.create(command, by: principal, time: time, in: tx)
    }

    /// The party with this id.
    /// - Throws: `ERPError.forbidden`, `.notFound` (also another manager's party).
    package func party(_ id: PartyID, by principal: Principal, on connection: Connection) throws(ERPError) -> Party {
        try connection.serviceTransaction { tx in try Parties.get(id, by: principal, in: tx) }
    }

    /// The names of the visible parties among `ids`, in one query (a list page's client column).
    /// - Throws: `ERPError.forbidden`, or a translated database failure.
    package func names(of ids: [PartyID], by principal: Principal, on connection: Connection) throws(ERPError) -> [PartyID: String] {
        try connection.serviceTransaction { tx in try Parties.names(of: ids, by: principal, in: tx) }
    }

    /// The visible parties with this INN (one per KPP).
    /// - Throws: `ERPError.forbidden`, or a translated database failure.
    package func parties(inn: String, by principal: Principal, on connection: Connection) throws(ERPError) -> [Party] {
        try connection.serviceTransaction { tx in try Parties.find(inn: inn, by: principal, in: tx) }
    }

    /// The supplier an INN (its only supplier) or a party id names; see `Parties.supplier`.
    /// - Throws: `ERPError.notFound`, `.validationFailed`, `.forbidden`, or a translated database failure.
    package func supplier(_ reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> PartyID {
        try connection.serviceTransaction { tx in try Parties.supplier(reference, by: principal, in: tx) }
    }

    /// One page of the visible parties matching `filter`.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor).
    package func parties(
        matching filter: PartyFilter, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<Party> {
        try connection.serviceTransaction { tx in try Parties.list(filter, by: principal, in: tx) }
    }

    /// Changes a party at `changes.version`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.versionConflict`, `.validationFailed`, `.duplicate`.
    package func update(
        _ id: PartyID, with changes: PartyChanges, by principal: Principal,
        on connection: Connection
    ) throws(ERPError) -> Party {
        try connection.serviceTransaction { tx in try Parties.update(id, with: changes, by: principal, time: time, in: tx) }
    }

    /// Archives a party at `version` (audited as `party.archive`).
    /// - Throws: as `update(_:with:by:on:)`.
    package func archive(
        _ id: PartyID, version: Int64, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Party {
        var changes = PartyChanges(version: version)
        changes.archived = true
        return try update(id, with: changes, by: principal, on: connection)
    }

    /// Adds a contact person to a party.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`.
    package func addContact(
        _ command: NewContact, to party: PartyID, by principal: Principal,
        on connection: Connection
    ) throws(ERPError) -> Contact {
        try connection.serviceTransaction { tx in try addContact(command, to: party, by: principal, in: tx) }
    }

    /// `addContact(_:to:by:on:)` inside a caller's transaction (the API's idempotent POST).
    package func addContact(_ command: NewContact, to party: PartyID, by principal: Principal, in tx: Transaction) throws -> Contact {
        try Contacts.add(command, to: party, by: principal, time: time, in: tx)
    }

    /// A party's contact people, in the order they were added.
    /// - Throws: `ERPError.forbidden`, `.notFound`.
    package func contacts(of party: PartyID, by principal: Principal, on connection: Connection) throws(ERPError) -> [Contact] {
        try connection.serviceTransaction { tx in try Contacts.list(of: party, by: principal, in: tx) }
    }
}
