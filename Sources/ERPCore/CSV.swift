// CSV as spreadsheets write it (RFC 4180): UTF-8 with or without a byte-order mark, `,` or `;`
// between fields (whichever the header line uses), fields quoted with `"` and `""` inside, CRLF
// or LF line ends. On export, a field a spreadsheet would run as a formula (starting with `=`,
// `+`, `-`, `@`, a tab or a CR — OWASP "CSV injection") is prefixed with `'`; import removes that
// one `'` again, so a round trip is the identity (a field that already starts with `'`s before
// such a character gets one more). Shared by every module that imports or exports CSV.

import Foundation

/// A parsed CSV document: its rows of fields, each with the line it starts on.
package struct CSVDocument: Sendable, Equatable {
    /// One record: the 1-based line it starts on, and its fields.
    package struct Record: Sendable, Equatable {
        /// The line number where the record starts (1 is the header).
        package var line: Int
        /// The fields, unquoted.
        package var fields: [String]
    }

    /// The records, header first.
    package var records: [Record]
    /// The field separator found in the header line.
    package var separator: Character

    /// Parses `text`; a quote left open at the end is reported with the line it opened on.
    /// - Throws: `ERPError.validationFailed` under `line N`.
    package init(parsing text: String) throws(ERPError) {
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        separator = headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
        records = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var atFieldStart = true
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where atFieldStart:
                quoted = true
                quoteLine = line
                atFieldStart = false
            case separator:
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n":
                fields.append(field)
                if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
                fields = []
                field = ""
                line += 1
                recordLine = line
                atFieldStart = true
            default:
                field.append(character)
                atFieldStart = false
            }
        }
        if quoted { throw .validationFailed(fields: ["line \(quoteLine)": "a quoted field is never closed"]) }
        fields.append(field)
        if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
    }

    /// Writes `rows` (the header first) with `,`, quoting fields that need it and neutralising
    /// formulas; lines end with CRLF (RFC 4180 §2).
    package static func write(_ rows: [[String]]) -> String {
        var output = ""
        for row in rows {
            output += line(row.map(neutralised)) + "\r\n"
        }
        return output
    }

    /// One line of fields joined by `,` (without its line end), quoted where needed; fields are
    /// taken as they are (neutralise them first if they come from users).
    package static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",")
    }

    /// `'` + `field` when a spreadsheet would read `field` (after any `'`s) as a formula.
    package static func neutralised(_ field: String) -> String {
        looksLikeFormula(field, afterQuotes: 0) ? "'" + field : field
    }

    /// `field` with the `'` that `neutralised` added removed again.
    package static func restored(_ field: String) -> String {
        looksLikeFormula(field, afterQuotes: 1) ? String(field.dropFirst()) : field
    }

    /// Whether `field` is at least `count` apostrophes followed by `=`, `+`, `-` or `@`.
    private static func looksLikeFormula(_ field: String, afterQuotes count: Int) -> Bool {
        let rest = field.drop { $0 == "'" }
        guard field.count - rest.count >= count, let first = rest.first else { return false }
        return first == "=" || first == "+" || first == "-" || first == "@" || first == "\t" || first == "\r"
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                || field.first == " " || field.last == " "
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
