// Our own company's requisites and tax position — what every closing document prints as the
// seller, and what decides how sales are priced: whether we pay VAT at all, and whether our
// prices include it. One row; owners change it (audited, at its version), everyone may read it.

import Foundation
import Postgres

/// `GET/PUT /api/v1/settings/company`.
package struct CompanySettings: Codable, Sendable, Equatable {
    /// A company (ООО, АО) or an individual entrepreneur (ИП).
    package var kind: PartyKind
    /// The full name as documents print it: `ООО «Ромашка»`.
    package var name: String
    package var inn: String?
    package var kpp: String?
    package var ogrn: String?
    package var address: String?
    package var bank: BankDetails?
    /// Who signs as head (руководитель) and as chief accountant.
    package var director: String?
    package var chiefAccountant: String?
    package var phone: String?
    package var email: String?
    /// A VAT payer charges VAT; otherwise every document is "without VAT" (УСН, for instance).
    package var vatPayer: Bool
    /// Whether catalog prices contain VAT (retail) or VAT is added on top (wholesale).
    package var pricesIncludeVAT: Bool
    /// The zone whose days date documents, payments and reports (a name of PostgreSQL's zone
    /// database, `pg_timezone_names`); `Europe/Moscow` unless set.
    package var timeZone: String
    /// 0 while nothing has been saved; a `PUT` must carry the current version.
    package var version: Int64

    private enum CodingKeys: String, CodingKey {
        case kind, name, inn, kpp, ogrn, address, bank, director, chiefAccountant, phone, email, vatPayer, timeZone, version
        // The house coder would read `prices_include_vat` as `pricesIncludeVat`.
        case pricesIncludeVAT = "pricesIncludeVat"
    }

    package init(kind: PartyKind = .company, name: String, inn: String? = nil, kpp: String? = nil, ogrn: String? = nil,
                 address: String? = nil, bank: BankDetails? = nil, director: String? = nil, chiefAccountant: String? = nil,
                 phone: String? = nil, email: String? = nil, vatPayer: Bool = true, pricesIncludeVAT: Bool = true,
                 timeZone: String = CompanyCalendar.defaultTimeZone, version: Int64 = 0) {
        self.kind = kind
        self.name = name
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.bank = bank
        self.director = director
        self.chiefAccountant = chiefAccountant
        self.phone = phone
        self.email = email
        self.vatPayer = vatPayer
        self.pricesIncludeVAT = pricesIncludeVAT
        self.timeZone = timeZone
        self.version = version
    }

    /// Decodes a body or a stored row; `time_zone` may be absent (settings saved before the zone
    /// existed, a `PUT` keeping the default).
    /// - Throws: `DecodingError` for a missing required field or a value of the wrong type.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(PartyKind.self, forKey: .kind), name: try c.decode(String.self, forKey: .name),
            inn: try c.decodeIfPresent(String.self, forKey: .inn), kpp: try c.decodeIfPresent(String.self, forKey: .kpp),
            ogrn: try c.decodeIfPresent(String.self, forKey: .ogrn), address: try c.decodeIfPresent(String.self, forKey: .address),
            bank: try c.decodeIfPresent(BankDetails.self, forKey: .bank), director: try c.decodeIfPresent(String.self, forKey: .director),
            chiefAccountant: try c.decodeIfPresent(String.self, forKey: .chiefAccountant),
            phone: try c.decodeIfPresent(String.self, forKey: .phone), email: try c.decodeIfPresent(String.self, forKey: .email),
            vatPayer: try c.decode(Bool.self, forKey: .vatPayer), pricesIncludeVAT: try c.decode(Bool.self, forKey: .pricesIncludeVAT),
            timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone) ?? CompanyCalendar.defaultTimeZone,
            version: try c.decode(Int64.self, forKey: .version))
    }

    /// What an installation has before the owner fills the settings in: a VAT payer whose prices
    /// include VAT, with no requisites (documents can be issued only once the name and INN are set).
    package static let unset = CompanySettings(name: "")
}

extension CompanySettings {
    /// The settings as stored, or `unset`.
    /// - Throws: `PostgresError`.
    package static func current(in tx: Transaction) throws -> CompanySettings {
        guard let row = try tx.query("SELECT body::text, version FROM company_settings WHERE id = 1").firstRow else { return .unset }
        var settings = try ERPJSON.decode(CompanySettings.self, from: Array(try row.decode(0, as: String.self).utf8))
        settings.version = try row.decode(1, as: Int64.self)
        return settings
    }

    /// The settings, for anyone signed in (they are printed on every document anyway).
    /// - Throws: `ERPError.forbidden` without `readSelf`; translated database failures.
    package static func get(by principal: Principal, on connection: Connection) throws(ERPError) -> CompanySettings {
        try principal.require(.readSelf)
        return try connection.serviceTransaction { tx in try current(in: tx) }
    }

    /// Replaces the settings (owners), checking every requisite; audited with the old and new values.
    /// - Throws: `ERPError.forbidden`, `.versionConflict`, `.validationFailed` (every bad field).
    package static func save(_ settings: CompanySettings, by principal: Principal, on connection: Connection) throws(ERPError) -> CompanySettings {
        try principal.require(.manageCompany)
        let checked = try settings.validated()
        return try connection.serviceTransaction { tx in
            let before = try current(in: tx)
            guard settings.version == before.version else { throw ERPError.versionConflict(current: before.version) }
            guard try CompanyCalendar.knows(timeZone: checked.timeZone, in: tx) else {
                throw ERPError.validationFailed(fields: ["time_zone": "is not a time zone PostgreSQL knows (e.g. Europe/Moscow)"])
            }
            var stored = checked
            stored.version = before.version + 1
            let body = String(decoding: try ERPJSON.encode(stored), as: UTF8.self)
            try tx.query("""
                INSERT INTO company_settings (id, body, version, updated_at) VALUES (1, \(body)::jsonb, 1, now())
                ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, version = company_settings.version + 1, updated_at = now()
                """)
            try Audit.record(in: tx, by: principal, action: "company.update", entityType: "company",
                             change: .object(["name": .string(stored.name), "inn": stored.inn.map(JSONValue.string) ?? .null,
                                              "vat_payer": .bool(stored.vatPayer), "prices_include_vat": .bool(stored.pricesIncludeVAT),
                                              "time_zone": .string(stored.timeZone)]))
            return stored
        }
    }

    /// The settings trimmed and checked like a party's requisites.
    /// - Throws: `ERPError.validationFailed` naming every bad field.
    func validated() throws(ERPError) -> CompanySettings {
        var problems = FieldErrors()
        func trimmed(_ text: String?, _ field: String, max: Int = 300) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            if text.count > max { problems.add(field, "must be at most \(max) characters") }
            return text
        }
        var result = self
        result.name = trimmed(name, "name") ?? ""
        if result.name.isEmpty { problems.add("name", "is required") }
        result.inn = trimmed(inn, "inn")
        result.kpp = trimmed(kpp, "kpp")
        result.ogrn = trimmed(ogrn, "ogrn")
        result.address = trimmed(address, "address", max: 500)
        result.director = trimmed(director, "director")
        result.chiefAccountant = trimmed(chiefAccountant, "chief_accountant")
        result.phone = trimmed(phone, "phone", max: 50)
        result.email = trimmed(email, "email")
        result.timeZone = trimmed(timeZone, "time_zone", max: 64) ?? CompanyCalendar.defaultTimeZone
        if let inn = result.inn, let problem = Requisites.innProblem(inn, kind: kind) { problems.add("inn", problem) }
        if let kpp = result.kpp {
            if kind == .person { problems.add("kpp", "an individual entrepreneur has no KPP") }
            else if let problem = Requisites.kppProblem(kpp) { problems.add("kpp", problem) }
        }
        if let ogrn = result.ogrn, let problem = Requisites.ogrnProblem(ogrn, kind: kind) { problems.add("ogrn", problem) }
        if let email = result.email, let problem = Requisites.emailProblem(email) { problems.add("email", problem) }
        result.bank = BankDetails.validated(bank, into: &problems)
        try problems.throwIfAny()
        return result
    }
}
