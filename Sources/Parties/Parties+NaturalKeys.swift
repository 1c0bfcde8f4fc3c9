// A party named the way a person names it: by INN, and by KPP when the INN belongs to several
// parties (a company's branches share the INN and differ in KPP). The API takes `client_inn`
// (+ `client_kpp`) and `supplier_inn` (+ `supplier_kpp`) wherever it takes a party id.

import ERPCore
import Postgres

extension Parties {
    /// The one party `principal` sees with this INN (and KPP, when given). Failures name the
    /// fields `<field>_inn` / `<field>_kpp`, so an API client or a CLI user knows what to fix.
    /// - Throws: `ERPError.validationFailed` when no visible party has the INN (or INN and KPP),
    ///   or several do and no KPP tells them apart; `.forbidden` without `readParties`; `PostgresError`.
    package static func party(inn: String, kpp: String?, field: String, by principal: Principal, in tx: Transaction) throws -> PartyID {
        try principal.require(.readParties)
        let restricted = Visibility.restrictedOwner(for: principal)
        // Read KPPs from the rows themselves: `Visibility.shown` hides them from some roles, yet
        // a KPP the user typed may still select among the parties they see.
        let rows = try tx.query("""
            SELECT id, kpp FROM parties
             WHERE inn = \(inn) AND (\(restricted)::bigint IS NULL OR owner_id = \(restricted))
               AND (\(kpp)::text IS NULL OR kpp = \(kpp)) ORDER BY id
            """)
        let ids = try rows.map { (row) throws(PostgresError) in try row.decode(0, as: PartyID.self) }
        guard let only = ids.first else {
            if let kpp { throw ERPError.validationFailed(fields: ["\(field)_kpp": "no \(field) has INN \(inn) and KPP \(kpp)"]) }
            throw ERPError.validationFailed(fields: ["\(field)_inn": "no \(field) has INN \(inn)"])
        }
        guard ids.count == 1 else {
            throw ERPError.validationFailed(fields: [
                "\(field)_kpp": "\(ids.count) parties have INN \(inn): give \(field)_kpp to say which one",
            ])
        }
        return only
    }
}

extension Parties {
    /// Whether a reference a person typed is shaped like an INN (10 digits for a company, 12 for
    /// a person) rather than an id.
    static func looksLikeINN(_ reference: String) -> Bool {
        reference.utf8.allSatisfy { (48...57).contains($0) } && (reference.utf8.count == 10 || reference.utf8.count == 12)
    }
}

extension PartiesService {
    /// The party a person typed: an INN (with `kpp` when several parties share it) or an id (not
    /// checked here: the use case that receives it checks that it exists and is visible).
    /// - Throws: `ERPError.validationFailed` naming `<field>_inn`/`<field>_kpp`; `.notFound` for
    ///   text that is neither; `.forbidden`, or a translated database failure.
    package func party(_ reference: String, kpp: String?, field: String, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> PartyID {
        if Parties.looksLikeINN(reference) { return try party(inn: reference, kpp: kpp, field: field, by: principal, on: connection) }
        guard let id = try? PartyID(parsing: reference) else { throw ERPError.notFound(entity: field, id: reference) }
        return id
    }

    /// The party an INN (and KPP) names; see `Parties.party(inn:kpp:field:by:in:)`.
    /// - Throws: `ERPError.validationFailed` naming `<field>_inn` or `<field>_kpp`, `.forbidden`,
    ///   or a translated database failure.
    package func party(inn: String, kpp: String?, field: String, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> PartyID {
        try connection.serviceTransaction { tx in try party(inn: inn, kpp: kpp, field: field, by: principal, in: tx) }
    }

    /// `party(inn:kpp:field:by:on:)` inside a caller's transaction.
    package func party(inn: String, kpp: String?, field: String, by principal: Principal, in tx: Transaction) throws -> PartyID {
        try Parties.party(inn: inn, kpp: kpp, field: field, by: principal, in: tx)
    }
}
