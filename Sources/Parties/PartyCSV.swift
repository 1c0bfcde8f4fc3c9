// The parties' CSV form (RFC 4180: comma-separated, double-quoted when needed, CRLF lines), used
// by `erp party export` and `erp party import`. Cells that a spreadsheet would run as a formula
// (starting with = + - @, a tab or a CR) are neutralised with a leading apostrophe on export
// (OWASP "CSV injection"), and the apostrophe is removed again on import; a value that itself
// starts with an apostrophe gets one more, so export → import → export is the identity.

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

    /// First characters that make a spreadsheet evaluate a cell, plus the apostrophe itself.
    static let guarded: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "'"]

    /// `value` safe to open in a spreadsheet: prefixed with `'` when it starts with a guarded character.
    package static func neutralized(_ value: String) -> String {
        guard let first = value.first, guarded.contains(first) else { return value }
        return "'" + value
    }

    /// The value `neutralized` was given: one leading `'` removed when a guarded character follows.
    package static func restored(_ cell: String) -> String {
        guard cell.first == "'", let second = cell.dropFirst().first, guarded.contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    /// One CSV line (without its CRLF): cells quoted when they hold a comma, quote, CR or LF.
    package static func line(_ cells: [String]) -> String {
        cells.map { cell in
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// The rows of a CSV text (a leading BOM skipped; CRLF or LF line ends; blank lines dropped).
    /// - Throws: `ERPError.validationFailed` under `row N` for an unterminated quoted cell.
    package static func rows(_ text: String) throws(ERPError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var characters = Substring(text)
        if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
        var iterator = characters.makeIterator()
        var pending: Character? = nil
        func endRow() {
            row.append(cell)
            cell = ""
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty: quoted = true
            case ",": row.append(cell); cell = ""
            case "\r\n", "\n", "\r": endRow()
            default: cell.append(character)
            }
        }
        if quoted { throw ERPError.validationFailed(fields: ["row \(rows.count + 1)": "has an unterminated quoted cell"]) }
        if !cell.isEmpty || !row.isEmpty { endRow() }
        return rows
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
