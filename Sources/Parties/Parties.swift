// Creating and changing parties, inside a transaction the caller gives (the facade or an
// idempotent route). Every mutation is audited in that same transaction. One card per INN+KPP:
// concurrent creates of the same INN are serialised by an advisory lock on the INN, so the
// loser sees the winner's row and gets `409 duplicate` naming it (the unique index
// `parties_inn_kpp_key` stays the last line of defence).

import ERPCore
import Foundation
import Postgres

/// The party use cases that run inside a given transaction; `PartiesService` wraps them.
package enum Parties {
    /// Creates a party and audits `party.create`.
    /// - Throws: `ERPError.forbidden` (no `editParties`, or a manager naming another owner),
    ///   `.validationFailed` (every bad field at once; an unknown `owner_id`), `.duplicate`
    ///   (INN+KPP taken); `PostgresError`.
    package static func create(
        _ command: NewParty, by principal: Principal, time: TimeSource = .system, in tx: Transaction
    ) throws -> Party {
        try principal.require(.editParties)
        var new = try command.validated()
        new.ownerID = try Visibility.owner(of: new, createdBy: principal)
        try ensureUnique(inn: new.inn, kpp: new.kpp, excluding: nil, by: principal, in: tx)
        let now = time.now
        let rows = try tx.query("""
            INSERT INTO parties (kind, name, is_client, is_supplier, inn, kpp, ogrn, address,
                                 bank_bic, bank_account, bank_name, bank_corr_account,
                                 phones, emails, tags, owner_id, created_at, updated_at, price_type_id, discount_bp)
            VALUES (\(new.kind.rawValue), \(new.name), \(new.isClient ?? false), \(new.isSupplier ?? false),
                    \(new.inn), \(new.kpp), \(new.ogrn), \(new.address),
                    \(new.bank?.bic), \(new.bank?.account), \(new.bank?.name), \(new.bank?.corrAccount),
                    \(new.phones ?? []), \(new.emails ?? []), \(new.tags ?? []), \(new.ownerID), \(now), \(now),
                    \(new.priceTypeID), \((new.discountPct ?? .zero).basisPoints)::integer)
            RETURNING id
            """)
        let party = try fetch(try rows.single().decode(0, as: PartyID.self), in: tx)
        try Audit.record(in: tx, by: principal, action: "party.create", entityType: "party", entityID: party.id,
                         change: try json(party))
        try recordChanged(party, in: tx)
        return party
    }

    /// Applies `changes` to the party `id` if its version is still `changes.version`, and audits
    /// `party.update` with the changed fields (before and after).
    /// - Throws: `ERPError.forbidden` (no `editParties`, or reassigning without the right),
    ///   `.notFound` (also another manager's party), `.versionConflict`, `.validationFailed`,
    ///   `.duplicate`; `PostgresError`.
    package static func update(
        _ id: PartyID, with changes: PartyChanges, by principal: Principal, time: TimeSource = .system,
        in tx: Transaction
    ) throws -> Party {
        try principal.require(.editParties)
        let current = try Visibility.visible(try fetch(id, lock: true, in: tx), to: principal)
        guard current.version == changes.version else { throw ERPError.versionConflict(current: current.version) }
        let new = try changes.applied(to: current).validated()
        if new.ownerID != current.ownerID && !Visibility.mayReassign(principal) {
            throw ERPError.forbidden(action: "assign a party to another manager")
        }
        if new.inn != current.inn || new.kpp != current.kpp {
            try ensureUnique(inn: new.inn, kpp: new.kpp, excluding: id, by: principal, in: tx)
        }
        let archived = changes.archived ?? current.archived
        let rows = try tx.query("""
            UPDATE parties SET kind = \(new.kind.rawValue), name = \(new.name), is_client = \(new.isClient ?? false),
                   is_supplier = \(new.isSupplier ?? false), inn = \(new.inn), kpp = \(new.kpp), ogrn = \(new.ogrn),
                   address = \(new.address), bank_bic = \(new.bank?.bic), bank_account = \(new.bank?.account),
                   bank_name = \(new.bank?.name), bank_corr_account = \(new.bank?.corrAccount),
                   phones = \(new.phones ?? []), emails = \(new.emails ?? []), tags = \(new.tags ?? []),
                   owner_id = \(new.ownerID), archived = \(archived), version = version + 1, updated_at = \(time.now),
                   price_type_id = \(new.priceTypeID), discount_bp = \((new.discountPct ?? .zero).basisPoints)::integer
             WHERE id = \(id) AND version = \(current.version)
            RETURNING id
            """)
        // The row is locked, so the version cannot have moved; zero rows would be a concurrent change.
        guard rows.count == 1 else { throw ERPError.versionConflict(current: current.version + 1) }
        let updated = try fetch(id, in: tx)
        let action = changes.archived == true && !current.archived ? "party.archive" : "party.update"
        try Audit.record(in: tx, by: principal, action: action, entityType: "party", entityID: id,
                         change: try difference(from: current, to: updated))
        try recordChanged(updated, in: tx)
        return updated
    }

    /// Records `party.changed` (the change feed) with what every reader of parties may see; the rest
    /// is read through the API, which applies `Visibility.shown`.
    /// - Throws: `PostgresError`.
    static func recordChanged(_ party: Party, in tx: Transaction) throws(PostgresError) {
        try ChangeEvents.record(NewChangeEvent(.partyChanged, entity: "party", id: party.id, client: party.id.rawValue, data: .object([
            "party_id": .number(party.id.rawValue), "name": .string(party.name), "is_client": .bool(party.isClient),
            "is_supplier": .bool(party.isSupplier), "archived": .bool(party.archived),
        ])), in: tx)
    }

    /// Refuses an INN+KPP pair another party holds, naming that party when the principal sees it.
    /// Takes a transaction-scoped advisory lock on the INN first, so two concurrent creates of the
    /// same INN run one after the other and the second sees the first's committed row.
    /// - Throws: `ERPError.duplicate`; `PostgresError`.
    static func ensureUnique(inn: String?, kpp: String?, excluding id: PartyID?, by principal: Principal,
                             in tx: Transaction) throws {
        guard let inn else { return }
        try tx.query("SELECT pg_advisory_xact_lock(hashtextextended('parties.inn:' || \(inn), 0))")
        let rows = try tx.query(Party.columns + """
             WHERE inn = \(inn) AND coalesce(kpp, '') = coalesce(\(kpp)::text, '')
               AND (\(id)::bigint IS NULL OR id <> \(id))
            """)
        guard let row = rows.firstRow else { return }
        let existing = try Party(row: row)
        let field = kpp == nil ? "inn" : "inn, kpp"
        throw ERPError.duplicate(entity: "party", field: field,
                                 existingID: Visibility.sees(existing, principal) ? existing.id.rawValue : nil)
    }

    /// The party as the JSON the API returns, for the audit log.
    /// - Throws: `ERPError` when it cannot be encoded (a bug).
    static func json(_ party: Party) throws -> JSONValue {
        try ERPJSON.decode(JSONValue.self, from: try ERPJSON.encode(party))
    }

    /// `{"field": {"from": …, "to": …}}` for every field that differs (bookkeeping fields left out).
    /// - Throws: `ERPError` when a party cannot be encoded (a bug).
    static func difference(from before: Party, to after: Party) throws -> JSONValue {
        guard case .object(let old) = try json(before), case .object(let new) = try json(after) else { return .null }
        var changed: [String: JSONValue] = [:]
        for (key, value) in new where !["version", "updated_at", "created_at"].contains(key) && old[key] != value {
            changed[key] = .object(["from": old[key] ?? .null, "to": value])
        }
        return .object(changed)
    }
}
