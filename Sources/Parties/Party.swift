// The party record as `GET /api/v1/parties/{id}` returns it, its bank details, and how it is
// read from a row. JSON keys come from the house coder (ERPJSON): `isClient` ↔ `is_client`,
// `ownerID` ↔ `owner_id`, `corrAccount` ↔ `corr_account`; no CodingKeys renames.

import ERPCore
import Foundation
import Postgres

/// A client or supplier (or both): its requisites, contacts' channels, tags and owning manager.
package struct Party: Codable, Sendable, Equatable {
    /// The party's id.
    package var id: PartyID
    /// Company or person.
    package var kind: PartyKind
    /// The name as shown everywhere (e.g. `ООО «Ромашка»`).
    package var name: String
    /// Buys from us.
    package var isClient: Bool
    /// Sells to us.
    package var isSupplier: Bool
    /// Taxpayer number: 10 digits (company) or 12 (person).
    package var inn: String?
    /// Tax registration reason code (companies).
    package var kpp: String?
    /// State registration number: OGRN (13) or OGRNIP (15).
    package var ogrn: String?
    /// Legal or postal address.
    package var address: String?
    /// Bank details, or nil when none are known.
    package var bank: BankDetails?
    /// Phone numbers, normalised to digits.
    package var phones: [String]
    /// E-mail addresses.
    package var emails: [String]
    /// The manager who owns the party, if any.
    package var ownerID: UserID?
    /// Free-form labels, e.g. `wholesale`.
    package var tags: [String]
    /// Archived parties are kept (documents refer to them) but hidden from lists by default.
    package var archived: Bool
    /// Bumped on every change (for `PATCH` with `version`).
    package var version: Int64
    /// When the party was created.
    package var createdAt: Date
    /// When the party was last changed.
    package var updatedAt: Date
    /// The client's price type (an order line's default price); nil: the products' base price.
    package var priceTypeID: PriceTypeID?
    /// The client's personal discount, an order line's default `discount_pct`.
    package var discountPct: Percentage

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, isClient, isSupplier, inn, kpp, ogrn, address, bank, phones, emails, ownerID, tags
        case archived, version, createdAt, updatedAt, priceTypeID, discountPct
    }

    /// Encodes every field; absent ones as `null` (the API writes absent values as explicit nulls).
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(isClient, forKey: .isClient)
        try container.encode(isSupplier, forKey: .isSupplier)
        try container.encode(inn, forKey: .inn)
        try container.encode(kpp, forKey: .kpp)
        try container.encode(ogrn, forKey: .ogrn)
        try container.encode(address, forKey: .address)
        try container.encode(bank, forKey: .bank)
        try container.encode(phones, forKey: .phones)
        try container.encode(emails, forKey: .emails)
        try container.encode(ownerID, forKey: .ownerID)
        try container.encode(tags, forKey: .tags)
        try container.encode(archived, forKey: .archived)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(priceTypeID, forKey: .priceTypeID)
        try container.encode(discountPct, forKey: .discountPct)
    }

    /// The select list `init(row:)` reads (arrays as JSON text, decoded without SQL parsing).
    static let columns: PostgresQuery = """
        SELECT id, kind, name, is_client, is_supplier, inn, kpp, ogrn, address,
               bank_bic, bank_account, bank_name, bank_corr_account,
               array_to_json(phones)::text, array_to_json(emails)::text, owner_id, array_to_json(tags)::text,
               archived, version, created_at, updated_at, price_type_id, discount_bp::bigint
        FROM parties
        """

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError` of kind `.decoding`.
    init(row: PostgresRow) throws(PostgresError) {
        let kindText = try row.decode(1, as: String.self)
        guard let kind = PartyKind(rawValue: kindText) else {
            throw PostgresError(.decoding, message: "parties.kind \"\(kindText)\" is not a kind")
        }
        let bank = BankDetails(
            bic: try row.decode(9, as: String?.self), account: try row.decode(10, as: String?.self),
            name: try row.decode(11, as: String?.self), corrAccount: try row.decode(12, as: String?.self))
        id = try row.decode(0, as: PartyID.self)
        self.kind = kind
        name = try row.decode(2, as: String.self)
        isClient = try row.decode(3, as: Bool.self)
        isSupplier = try row.decode(4, as: Bool.self)
        inn = try row.decode(5, as: String?.self)
        kpp = try row.decode(6, as: String?.self)
        ogrn = try row.decode(7, as: String?.self)
        address = try row.decode(8, as: String?.self)
        self.bank = bank.isEmpty ? nil : bank
        phones = try Self.textArray(row, 13)
        emails = try Self.textArray(row, 14)
        ownerID = try row.decode(15, as: Int64?.self).map(UserID.init(rawValue:))
        tags = try Self.textArray(row, 16)
        archived = try row.decode(17, as: Bool.self)
        version = try row.decode(18, as: Int64.self)
        createdAt = try row.decode(19, as: Date.self)
        updatedAt = try row.decode(20, as: Date.self)
        priceTypeID = try row.decode(21, as: PriceTypeID?.self)
        do {
            discountPct = try Percentage(basisPoints: try row.decode(22, as: Int64.self))
        } catch {
            throw PostgresError(.decoding, message: "parties.discount_bp is out of range")
        }
    }

    /// A `text[]` column selected as `array_to_json(…)::text`.
    /// - Throws: `PostgresError` of kind `.decoding` when the text is not a JSON array of strings.
    static func textArray(_ row: PostgresRow, _ column: Int) throws(PostgresError) -> [String] {
        let text = try row.decode(column, as: String.self)
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw PostgresError(.decoding, message: "column \(column) is not a text array")
        }
    }
}
