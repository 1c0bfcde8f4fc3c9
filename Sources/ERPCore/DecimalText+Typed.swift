// Decimals typed by people (CLI flags, CSV files from spreadsheets), as opposed to the strict
// canonical text of the JSON API: Russian users write a decimal comma (`1,5`), and spreadsheets
// sometimes group digits (`1 000,5`, `1,000`). One function reads all of them, so the CLI and every
// CSV import agree on what `1,5` means and refuse the same ambiguous text.

import Foundation

extension DecimalText {
    /// Reads a decimal typed by a person into the strict text `parse` takes.
    ///
    /// Accepted: everything `parse` accepts, surrounding spaces, and one `,` as the decimal
    /// separator (`1,5`, `-0,25`). Refused with a message saying what to write instead: digit
    /// grouping (`1 000`, `1.000,5`, `1,000,000`), and a comma followed by exactly three digits
    /// after a non-zero whole part (`1,000` — a thousand or one?); `0,250` is a fraction, since
    /// nobody groups the digits of zero. A point is always the decimal separator (`1.000` is one).
    /// - Parameters:
    ///   - text: What the person typed.
    ///   - scale: Decimal places of one unit, as in `parse`.
    ///   - expected: What a valid value looks like, for the error.
    /// - Throws: `ValueError.ambiguous`, and whatever `parse` throws for the normalised text.
    package static func parseTyped(
        _ text: some StringProtocol, scale: Int, expected: String
    ) throws(ValueError) -> Int64 {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let commas = typed.count(where: { $0 == "," })
        if typed.contains(where: \.isWhitespace) || commas > 1 || (commas == 1 && typed.contains(".")) {
            throw .ambiguous(text: typed, advice: "write digits without grouping, like \(grouplessSample(typed))")
        }
        guard commas == 1, let comma = typed.firstIndex(of: ",") else {
            return try parse(typed, scale: scale, expected: expected)
        }
        do {
            return try parseComma(typed, at: comma, scale: scale, expected: expected)
        } catch {
            throw error.naming(typed)
        }
    }

    /// `typed` with its one `,` at `comma` read as the decimal separator, unless ambiguous.
    private static func parseComma(
        _ typed: String, at comma: String.Index, scale: Int, expected: String
    ) throws(ValueError) -> Int64 {
        let whole = typed[..<comma], fraction = typed[typed.index(after: comma)...]
        let digits = whole.drop(while: { $0 == "-" })
        if fraction.count == 3, fraction.allSatisfy(\.isASCIIDigit), !digits.isEmpty, digits.contains(where: { $0 != "0" }) {
            let shorter = fraction.reversed().drop(while: { $0 == "0" }).reversed()
            let fractional = shorter.isEmpty ? "\(whole),0" : shorter.count < 3 ? "\(whole),\(String(shorter))" : "\(whole).\(fraction)"
            throw .ambiguous(text: typed, advice: "write \(whole)\(fraction) for the whole number or \(fractional) for a fraction")
        }
        return try parse("\(whole).\(fraction)", scale: scale, expected: expected)
    }

    /// `text` without spaces and grouping marks: what the person most likely meant, offered as an
    /// example (never applied silently). The decimal separator is the last mark when both `,` and
    /// `.` occur (`1.000,5`), or a single one among spaces (`1 000,5`); repeated marks all group.
    private static func grouplessSample(_ text: String) -> String {
        let kept = text.filter { !$0.isWhitespace }
        let marks = kept.filter { $0 == "," || $0 == "." }
        let decimal = Set(marks).count == 2 || marks.count == 1 ? marks.last : nil
        guard let decimal, let last = kept.lastIndex(of: decimal) else { return kept.filter { $0 != "," && $0 != "." } }
        let whole = kept[..<last].filter { $0 != "," && $0 != "." }
        return whole + "," + kept[kept.index(after: last)...]
    }
}

extension ValueError {
    /// The same error about `text`: what the person typed, not the text it was normalised to.
    fileprivate func naming(_ text: String) -> ValueError {
        switch self {
        case .malformed(_, let expected): .malformed(text: text, expected: expected)
        case .tooManyDecimals(_, let maximum): .tooManyDecimals(text: text, maximum: maximum)
        case .outOfRange(_, let range): .outOfRange(text: text, range: range)
        default: self
        }
    }
}

extension Character {
    /// True for `0` through `9` only (not other scripts' digits, which `isNumber` accepts).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Money {
    /// Parses an amount typed by a person: `1250,50`, `1250.5`, `-3` (see `DecimalText.parseTyped`).
    /// - Throws: `ValueError.ambiguous`, `.malformed`, `.tooManyDecimals`, `.outOfRange`.
    package init(typed text: some StringProtocol) throws(ValueError) {
        let scale = Currency.default.minorDigits
        self.init(minorUnits: try DecimalText.parseTyped(text, scale: scale, expected: "an amount like 1234,50"))
    }
}

extension Quantity {
    /// Parses a quantity typed by a person: `2,5`, `0,250`, `3` (see `DecimalText.parseTyped`).
    /// - Throws: `ValueError.ambiguous`, `.malformed`, `.tooManyDecimals`, `.outOfRange`.
    package init(typed text: some StringProtocol) throws(ValueError) {
        self.init(thousandths: try DecimalText.parseTyped(text, scale: Self.scale, expected: "a quantity like 2,5"))
    }
}
