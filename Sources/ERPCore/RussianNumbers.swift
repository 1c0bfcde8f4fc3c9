// Decimal text the Russian way: a comma before the decimals and a space between thousands. The
// print forms (Billing) and the pages (Web) write every number through here, each with its space.

/// Russian spelling of canonical decimal text (`"-1234.5"` → `"-1 234,5"`).
package enum RussianNumbers {
    /// `"-1234.5"` → `"-1 234,5"`: groups of three integer digits joined by `separator`, and a
    /// comma for the point.
    package static func spelled(_ canonical: String, groupSeparator separator: String) -> String {
        let negative = canonical.hasPrefix("-")
        let unsigned = negative ? canonical.dropFirst() : Substring(canonical)
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = Array(parts[0])
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += separator }
            grouped.append(digit)
        }
        let fraction = parts.count > 1 ? "," + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }

    /// Canonical decimal text with trailing fractional zeros (and a bare point) removed:
    /// `"2.500"` → `"2.5"`, `"3.000"` → `"3"`.
    package static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = Substring(text)
        while text.last == "0" { text = text.dropLast() }
        if text.last == "." { text = text.dropLast() }
        return String(text)
    }
}
