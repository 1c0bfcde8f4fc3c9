// What the party commands share: the command built from `erp party add`'s flags, the 80-column
// list table and the card `erp party show` prints.

import ERPCore
import Foundation
import Parties

extension PartyCommands {
    /// The `NewParty` of `erp party add`'s flags; the service validates it.
    /// - Throws: `UsageError` for a missing `--kind`/`--name`, an unknown kind or a malformed `--owner`.
    static func newParty(_ arguments: ParsedArguments) throws -> NewParty {
        guard let kind = try arguments.value("kind", parsedBy: { (text: String) throws(ValueError) -> PartyKind in
            guard let kind = PartyKind(rawValue: text) else { throw ValueError.malformed(text: text, expected: "company or person") }
            return kind
        }) else {
            throw UsageError("missing required option --kind for 'erp party add'", hint: arguments.seeHelp)
        }
        let owner = try arguments.value("owner", parsedBy: { (text: String) throws(ValueError) in try UserID(parsing: text) })
        let bank = BankDetails(bic: arguments.value("bic"), account: arguments.value("account"),
                               name: arguments.value("bank-name"), corrAccount: arguments.value("corr-account"))
        return NewParty(
            kind: kind, name: try arguments.required("name"),
            isClient: arguments.flag("client"), isSupplier: arguments.flag("supplier"),
            inn: arguments.value("inn"), kpp: arguments.value("kpp"), ogrn: arguments.value("ogrn"),
            address: arguments.value("address"), bank: bank == BankDetails() ? nil : bank,
            phones: arguments.values("phone"), emails: arguments.values("email"), ownerID: owner,
            tags: arguments.values("tag"),
            priceTypeID: try arguments.value("price-type", parsedBy: { (text: String) throws(ValueError) in try PriceTypeID(parsing: text) }),
            discountPct: try arguments.value("discount", parsedBy: { (text: String) throws(ValueError) in try Percentage(parsing: text) }))
    }

    /// The list table: id, name, INN, KPP, and whether client and/or supplier; the count below.
    static func table(_ parties: [Party]) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("NAME"), .init("INN"), .init("KPP"), .init("ROLE")])
        for party in parties {
            let role = [party.isClient ? "client" : nil, party.isSupplier ? "supplier" : nil].compactMap { $0 }
            table.append([String(party.id.rawValue), party.name, party.inn ?? "-", party.kpp ?? "-",
                          role.isEmpty ? "-" : role.joined(separator: "+")])
        }
        table.footer = ["", CommandSupport.count(parties.count, "party", plural: "parties"), "", "", ""]
        return table
    }

    /// A party as `label: value` lines, the known fields only.
    static func card(_ party: Party) -> String {
        var lines: [(String, String?)] = [
            ("id", String(party.id.rawValue)), ("kind", party.kind.rawValue), ("name", party.name),
            ("client", party.isClient ? "yes" : "no"), ("supplier", party.isSupplier ? "yes" : "no"),
            ("inn", party.inn), ("kpp", party.kpp), ("ogrn", party.ogrn), ("address", party.address),
            ("bank bic", party.bank?.bic), ("bank account", party.bank?.account), ("bank name", party.bank?.name),
            ("corr. account", party.bank?.corrAccount),
        ]
        lines += [
            ("phones", party.phones.isEmpty ? nil : party.phones.joined(separator: ", ")),
            ("emails", party.emails.isEmpty ? nil : party.emails.joined(separator: ", ")),
            ("tags", party.tags.isEmpty ? nil : party.tags.joined(separator: ", ")),
            ("owner id", party.ownerID.map { String($0.rawValue) }), ("archived", party.archived ? "yes" : nil),
            ("version", String(party.version)),
        ]
        return lines.compactMap { label, value in value.map { "\(label.padding(toLength: 14, withPad: " ", startingAt: 0))\($0)\n" } }
            .joined()
    }
}
