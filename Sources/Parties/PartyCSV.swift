// The parties' CSV columns and cell coding, used by `erp party export` and `erp party import`.
// Parsing, quoting and formula neutralisation are ERPCore's `CSVDocument`, shared with the catalog.

import ERPCore
import Foundation

/// The CSV columns and cell coding of parties.
package enum PartyCSV {
    /// The header row, in column order.
    package static let header = [
        "kind", "name", "is_client", "is_supplier", "inn", "kpp", "ogrn", "address", "bank_bic", "bank_account",
        "bank_name", "bank_corr_account", "phones", "emails", "tags", "owner_id",
    ]

    /// Separates the items of a list cell (phones, emails, tags).
    static let listSeparator: Character = ";"

    /// `value` safe to open in a spreadsheet (see `CSVDocument.neutralised`).
    package static func neutralized(_ value: String) -> String { CSVDocument.neutralised(value) }

    /// The value `neutralized` was given.
    package static func restored(_ cell: String) -> String { CSVDocument.restored(cell) }

    /// One CSV line (without its CRLF), cells quoted where needed.
    package static func line(_ cells: [String]) -> String { CSVDocument.line(cells) }

    /// The rows of a CSV text, `,` or `;` separated (see `CSVDocument`).
    /// - Throws: `ERPError.validationFailed` under `line N` for an unterminated quoted cell.
    package static func rows(_ text: String) throws(ERPError) -> [[String]] {
        try CSVDocument(parsing: text).records.map(\.fields)
    }

    /// A party's cells in `header` order, neutralised.
    package static func cells(_ party: Party) -> [String] {
        let list = { (items: [String]) in items.joined(separator: String(listSeparator)) }
        return [
            party.kind.rawValue, party.name, String(party.isClient), String(party.isSupplier), party.inn ?? "",
            party.kpp ?? "", party.ogrn ?? "", party.address ?? "", party.bank?.bic ?? "", party.bank?.account ?? "",
            party.bank?.name ?? "", party.bank?.corrAccount ?? "", list(party.phones), list(party.emails),
            list(party.tags), party.ownerID.map { String($0.rawValue) } ?? "",
        ].map(neutralized)
    }

    /// The command of one data row (cells in `header` order), or the problems of its cells
    /// reported into `problems` under `row N.column`.
    static func command(_ row: [String], number: Int, into problems: inout FieldErrors) -> NewParty? {
        guard row.count == header.count else {
            problems.add("row \(number)", "has \(row.count) cells; expected \(header.count)")
            return nil
        }
        let cell = { (index: Int) -> String in restored(row[index]) }
        let optional = { (index: Int) -> String? in cell(index).isEmpty ? nil : cell(index) }
        let list = { (index: Int) -> [String] in
            cell(index).split(separator: listSeparator).map { String($0) }
        }
        func flag(_ index: Int) -> Bool? {
            switch cell(index).lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0", "": return false
            default:
                problems.add("row \(number).\(header[index])", "must be true or false")
                return nil
            }
        }
        guard let kind = PartyKind(rawValue: cell(0)) else {
            problems.add("row \(number).kind", "must be company or person")
            return nil
        }
        var owner: UserID?
        if let text = optional(15) {
            do { owner = try UserID(parsing: text) } catch { problems.add("row \(number).owner_id", error) }
        }
        let bank = BankDetails(bic: optional(8), account: optional(9), name: optional(10), corrAccount: optional(11))
        return NewParty(
            kind: kind, name: cell(1), isClient: flag(2), isSupplier: flag(3), inn: optional(4), kpp: optional(5),
            ogrn: optional(6), address: optional(7), bank: bank == BankDetails() ? nil : bank, phones: list(12),
            emails: list(13), ownerID: owner, tags: list(14))
    }
}
