// Reading parties: one by id (404 when not visible) and filtered, keyset-paginated lists. The
// visibility rule is part of the SQL, so another manager's party can never reach a page.

import ERPCore
import Postgres

/// The filters of `GET /api/v1/parties` (query parameters named after the fields).
package struct PartyFilter: Sendable, Equatable {
    /// Fuzzy name (substring or trigram word similarity) or INN prefix.
    package var q: String?
    /// Only clients (true) or only non-clients (false).
    package var isClient: Bool?
    /// Only suppliers (true) or only non-suppliers (false).
    package var isSupplier: Bool?
    /// Only parties owned by this user.
    package var ownerID: UserID?
    /// Only parties with this tag.
    package var tag: String?
    /// Only parties with exactly this INN (every KPP).
    package var inn: String?
    /// Archived (true), active (false, the default) or both (nil).
    package var archived: Bool?
    /// Page size, 1…500.
    package var limit: Int
    /// The `next_cursor` of the previous page.
    package var cursor: String?

    /// A filter; by default the first 100 active parties.
    package init(
        q: String? = nil, isClient: Bool? = nil, isSupplier: Bool? = nil, ownerID: UserID? = nil, tag: String? = nil,
        archived: Bool? = false, inn: String? = nil, limit: Int = 100, cursor: String? = nil
    ) {
        self.inn = inn
        self.q = q
        self.isClient = isClient
        self.isSupplier = isSupplier
        self.ownerID = ownerID
        self.tag = tag
        self.archived = archived
        self.limit = limit
        self.cursor = cursor
    }
}

extension Parties {
    /// Reads one party by id, whoever owns it.
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: PartyID, lock: Bool = false, in tx: Transaction) throws -> Party {
        let query = lock ? Party.columns + " WHERE id = \(id) FOR UPDATE" : Party.columns + " WHERE id = \(id)"
        guard let row = try tx.query(query).firstRow else { throw ERPError.notFound(entity: "party", id: String(id.rawValue)) }
        return try Party(row: row)
    }

    /// The party with this id, as `principal` may see it.
    /// - Throws: `ERPError.forbidden` without `readParties`; `.notFound` (also for another
    ///   manager's party); `PostgresError`.
    package static func get(_ id: PartyID, by principal: Principal, in tx: Transaction) throws -> Party {
        try principal.require(.readParties)
        return Visibility.shown(try Visibility.visible(try fetch(id, in: tx), to: principal), to: principal)
    }

    /// The parties `ids` lists, each as `get` shows it to `principal`, read in one query.
    /// - Throws: `ERPError.forbidden` without `readParties`; `.notFound` for the first id (in the
    ///   order given) with no party or one `principal` may not see; `PostgresError`.
    package static func get(_ ids: [PartyID], by principal: Principal, in tx: Transaction) throws -> [PartyID: Party] {
        try principal.require(.readParties)
        guard !ids.isEmpty else { return [:] }
        var parties: [PartyID: Party] = [:]
        for row in try tx.query(Party.columns + " WHERE id = ANY(\(Array(Set(ids.map(\.rawValue))))::bigint[])") {
            let party = try Party(row: row)
            parties[party.id] = party
        }
        for id in ids {
            guard let party = parties[id] else { throw ERPError.notFound(entity: "party", id: String(id.rawValue)) }
            parties[id] = Visibility.shown(try Visibility.visible(party, to: principal), to: principal)
        }
        return parties
    }

    /// The names of the parties `ids` lists that `principal` may see (one query; a party one may
    /// not see, or none with that id, is left out) — for a list's column of clients.
    /// - Throws: `ERPError.forbidden`; `PostgresError`.
    package static func names(of ids: [PartyID], by principal: Principal, in tx: Transaction) throws -> [PartyID: String] {
        try principal.require(.readParties)
        let wanted = Array(Set(ids.map(\.rawValue)))
        guard !wanted.isEmpty else { return [:] }
        var names: [PartyID: String] = [:]
        for row in try tx.query(Party.columns + " WHERE id = ANY(\(wanted)::bigint[])") {
            let party = try Party(row: row)
            if Visibility.sees(party, principal) { names[party.id] = party.name }
        }
        return names
    }

    /// The supplier `reference` names: an INN (10 or 12 digits) of exactly one visible supplier, or
    /// a party id — how a storekeeper names the supplier on a receipt from the supplier's papers.
    /// - Throws: `ERPError.notFound` (no such supplier), `.validationFailed` (several suppliers share
    ///   the INN: the id decides), `.forbidden`; `PostgresError`.
    package static func supplier(_ reference: String, by principal: Principal, in tx: Transaction) throws -> PartyID {
        guard looksLikeINN(reference) else {
            guard let id = try? PartyID(parsing: reference) else { throw ERPError.notFound(entity: "supplier", id: reference) }
            return id
        }
        let suppliers = try find(inn: reference, by: principal, in: tx).filter(\.isSupplier)
        guard let only = suppliers.first else { throw ERPError.notFound(entity: "supplier", id: reference) }
        guard suppliers.count == 1 else {
            throw ERPError.validationFailed(fields: ["supplier": "\(suppliers.count) suppliers have INN \(reference): give the party id"])
        }
        return only.id
    }

    /// The parties with this INN (every KPP) that `principal` sees, in id order.
    /// - Throws: `ERPError.forbidden` without `readParties`; `PostgresError`.
    package static func find(inn: String, by principal: Principal, in tx: Transaction) throws -> [Party] {
        try principal.require(.readParties)
        let restricted = Visibility.restrictedOwner(for: principal)
        let rows = try tx.query(Party.columns + """
             WHERE inn = \(inn) AND (\(restricted)::bigint IS NULL OR owner_id = \(restricted)) ORDER BY id
            """)
        return try rows.map { (row) throws(PostgresError) in Visibility.shown(try Party(row: row), to: principal) }
    }

    /// One page of the parties `principal` sees that match `filter`, in id order.
    /// - Throws: `ERPError.forbidden` without `readParties`, or filtering by owner or tag without
    ///   `readPartyDetails` (what is hidden must not be found by filtering); `.validationFailed` for
    ///   `limit`, `cursor` or a `q` longer than `SearchText.maxLength`; `PostgresError`.
    package static func list(_ filter: PartyFilter, by principal: Principal, in tx: Transaction) throws -> Page<Party> {
        try principal.require(.readParties)
        if filter.ownerID != nil || filter.tag != nil { try principal.require(.readPartyDetails) }
        var problems = FieldErrors()
        SearchText.check(filter.q, into: &problems)
        try problems.throwIfAny()
        let after = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? 0
        let q = NewParty.present(filter.q)
        // LIKE metacharacters in the search text match themselves.
        let like = q.map(SearchText.likeEscaped)
        // A phone typed any way people type one finds the stored digits (a few hundred parties:
        // the scan of their phone arrays costs less than an index would; docs/decisions.md).
        let phone = q.flatMap(Requisites.phoneSearchDigits)
        let restricted = Visibility.restrictedOwner(for: principal)
        let tag = NewParty.present(filter.tag)?.lowercased()
        let rows = try tx.query(Party.columns + """
             WHERE id > \(after)
               AND (\(restricted)::bigint IS NULL OR owner_id = \(restricted))
               AND (\(q)::text IS NULL OR name ILIKE '%' || \(like)::text || '%' OR \(q)::text <% name
                    OR (\(principal.may(.readPartyDetails)) AND inn LIKE \(like)::text || '%')
                    OR (\(principal.may(.readPartyDetails)) AND \(phone)::text IS NOT NULL
                        AND EXISTS (SELECT 1 FROM unnest(phones) AS p WHERE strpos(p, \(phone)::text) > 0)))
               AND (\(filter.isClient)::boolean IS NULL OR is_client = \(filter.isClient))
               AND (\(filter.isSupplier)::boolean IS NULL OR is_supplier = \(filter.isSupplier))
               AND (\(filter.ownerID)::bigint IS NULL OR owner_id = \(filter.ownerID))
               AND (\(tag)::text IS NULL OR \(tag)::text = ANY(tags))
               AND (\(filter.inn)::text IS NULL OR inn = \(filter.inn))
               AND (\(filter.archived)::boolean IS NULL OR archived = \(filter.archived))
             ORDER BY id LIMIT \(filter.limit + 1)
            """)
        let parties = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in Visibility.shown(try Party(row: row), to: principal) }
        let next = rows.count > filter.limit ? parties.last.map { String($0.id.rawValue) } : nil
        return Page(items: parties, nextCursor: next)
    }
}
