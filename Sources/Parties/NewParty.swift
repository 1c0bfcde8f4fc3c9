// The commands that create and change a party — the `POST`/`PATCH /api/v1/parties` bodies and
// the CLI's flags — and the rules every party must satisfy, checked all at once so a `422`
// lists every bad field (`inn`, `bank.account`, `phones[1]`, …).

import ERPCore
import Foundation

/// The command that creates a party; only `kind` and `name` are required.
package struct NewParty: Codable, Sendable, Equatable {
    /// Company or person.
    package var kind: PartyKind
    /// 1–300 characters after trimming.
    package var name: String
    /// Buys from us (default false).
    package var isClient: Bool?
    /// Sells to us (default false).
    package var isSupplier: Bool?
    /// Taxpayer number with a valid check digit; 10 digits for companies, 12 for persons.
    package var inn: String?
    /// Companies only.
    package var kpp: String?
    /// OGRN (companies) or OGRNIP (persons), with a valid check digit.
    package var ogrn: String?
    /// Address, up to 500 characters.
    package var address: String?
    /// Bank details; the accounts are checked against the BIC.
    package var bank: BankDetails?
    /// Phone numbers in any common notation; stored as digits.
    package var phones: [String]?
    /// E-mail addresses.
    package var emails: [String]?
    /// The owning manager; a manager creating a party owns it by default.
    package var ownerID: UserID?
    /// Labels, 1–50 characters each; stored trimmed, lowercased and deduplicated.
    package var tags: [String]?
    /// The client's price type (`GET /api/v1/price-types`); default none: base prices.
    package var priceTypeID: PriceTypeID?
    /// The client's personal discount, 0–100 % (default 0).
    package var discountPct: Percentage?

    /// A new party command.
    package init(
        kind: PartyKind, name: String, isClient: Bool? = nil, isSupplier: Bool? = nil, inn: String? = nil,
        kpp: String? = nil, ogrn: String? = nil, address: String? = nil, bank: BankDetails? = nil,
        phones: [String]? = nil, emails: [String]? = nil, ownerID: UserID? = nil, tags: [String]? = nil,
        priceTypeID: PriceTypeID? = nil, discountPct: Percentage? = nil
    ) {
        self.kind = kind
        self.name = name
        self.isClient = isClient
        self.isSupplier = isSupplier
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.bank = bank
        self.phones = phones
        self.emails = emails
        self.ownerID = ownerID
        self.tags = tags
        self.priceTypeID = priceTypeID
        self.discountPct = discountPct
    }

    /// Checks every field at once and returns the command normalised: text trimmed, empty text
    /// treated as absent, flags defaulted, phones as digits, tags lowercased and deduplicated.
    /// - Throws: `ERPError.validationFailed` listing every bad field by its JSON path.
    package func validated() throws(ERPError) -> NewParty {
        var problems = FieldErrors()
        var result = self
        result.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...300).contains(result.name.count) { problems.add("name", "must be 1 to 300 characters") }
        result.isClient = isClient ?? false
        result.isSupplier = isSupplier ?? false
        result.inn = Self.present(inn)
        result.kpp = Self.present(kpp)
        result.ogrn = Self.present(ogrn)
        result.address = Self.present(address)
        if let inn = result.inn, let problem = Requisites.innProblem(inn, kind: kind) { problems.add("inn", problem) }
        if let kpp = result.kpp {
            if kind != .company {
                problems.add("kpp", "applies to companies only")
            } else if let problem = Requisites.kppProblem(kpp) {
                problems.add("kpp", problem)
            }
        }
        if let ogrn = result.ogrn, let problem = Requisites.ogrnProblem(ogrn, kind: kind) { problems.add("ogrn", problem) }
        if let address = result.address, address.count > 500 { problems.add("address", "must be at most 500 characters") }
        result.bank = BankDetails.validated(bank, into: &problems)
        result.phones = (phones ?? []).enumerated().compactMap { index, phone in
            guard let digits = Requisites.normalizedPhone(phone) else {
                problems.add("phones[\(index)]", "'\(phone)' is not a phone number (10 to 15 digits)")
                return nil
            }
            return digits
        }
        result.emails = (emails ?? []).enumerated().map { index, email in
            let trimmed = email.trimmingCharacters(in: .whitespaces)
            if let problem = Requisites.emailProblem(trimmed) { problems.add("emails[\(index)]", problem) }
            return trimmed
        }
        var seen = Set<String>()
        result.tags = (tags ?? []).enumerated().compactMap { index, tag in
            let normalized = tag.trimmingCharacters(in: .whitespaces).lowercased()
            guard (1...50).contains(normalized.count) else {
                problems.add("tags[\(index)]", "must be 1 to 50 characters")
                return nil
            }
            return seen.insert(normalized).inserted ? normalized : nil
        }
        try problems.throwIfAny()
        return result
    }

    /// `text` trimmed, or nil when absent or blank.
    static func present(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The command that would recreate `party` as it is now (the base a change applies to).
    init(_ party: Party) {
        self.init(
            kind: party.kind, name: party.name, isClient: party.isClient, isSupplier: party.isSupplier,
            inn: party.inn, kpp: party.kpp, ogrn: party.ogrn, address: party.address, bank: party.bank,
            phones: party.phones, emails: party.emails, ownerID: party.ownerID, tags: party.tags,
            priceTypeID: party.priceTypeID, discountPct: party.discountPct)
    }
}

/// A `PATCH /api/v1/parties/{id}` body: the `version` read, and the fields to change. An absent
/// field is left as it is; an empty string clears an optional text field.
package struct PartyChanges: Codable, Sendable, Equatable {
    /// The version the change is based on; a stale one is `409 version_conflict`.
    package var version: Int64
    /// The new `kind`, or nil to keep it.
    package var kind: PartyKind?
    /// The new `name`, or nil to keep it.
    package var name: String?
    /// The new `isClient`, or nil to keep it.
    package var isClient: Bool?
    /// The new `isSupplier`, or nil to keep it.
    package var isSupplier: Bool?
    /// The new `inn`, or nil to keep it.
    package var inn: String?
    /// The new `kpp`, or nil to keep it.
    package var kpp: String?
    /// The new `ogrn`, or nil to keep it.
    package var ogrn: String?
    /// The new `address`, or nil to keep it.
    package var address: String?
    /// Replaces the bank details as a whole.
    package var bank: BankDetails?
    /// The new `phones`, or nil to keep it.
    package var phones: [String]?
    /// The new `emails`, or nil to keep it.
    package var emails: [String]?
    /// Reassigning needs an owner, an accountant or a manager with `all_clients`.
    package var ownerID: UserID?
    /// The new `tags`, or nil to keep it.
    package var tags: [String]?
    /// True archives the party, false restores it.
    package var archived: Bool?
    /// The new price type, or nil to keep it.
    package var priceTypeID: PriceTypeID?
    /// The new personal discount (`"0"` removes it), or nil to keep it.
    package var discountPct: Percentage?

    /// A change based on `version` that changes nothing yet.
    package init(version: Int64) {
        self.version = version
    }

    /// `party` with these changes applied (not yet validated).
    func applied(to party: Party) -> NewParty {
        var result = NewParty(party)
        if let kind { result.kind = kind }
        if let name { result.name = name }
        if let isClient { result.isClient = isClient }
        if let isSupplier { result.isSupplier = isSupplier }
        if let inn { result.inn = inn }
        if let kpp { result.kpp = kpp }
        if let ogrn { result.ogrn = ogrn }
        if let address { result.address = address }
        if let bank { result.bank = bank }
        if let phones { result.phones = phones }
        if let emails { result.emails = emails }
        if let ownerID { result.ownerID = ownerID }
        if let tags { result.tags = tags }
        if let priceTypeID { result.priceTypeID = priceTypeID }
        if let discountPct { result.discountPct = discountPct }
        return result
    }
}
