// CSV as spreadsheets write it (RFC 4180): UTF-8 with or without a byte-order mark, `,` or `;`
// between fields (whichever the header line uses), fields quoted with `"` and `""` inside, CRLF
// or LF line ends. On export, a text field a spreadsheet would run as a formula (starting with
// `=`, `+`, `-`, `@`, a tab or a CR — OWASP "CSV injection") is prefixed with `'`; a number
// (`-604.44`) is left alone, so a spreadsheet can still sum it. Import removes that one `'` again,
// so a round trip is the identity (a field that already starts with `'`s before such a character
// gets one more). Shared by every module that imports or exports CSV.

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
    ///
    /// Works on the UTF-8 bytes: every character with a meaning here (`"`, `,`, `;`, CR, LF) is
    /// ASCII and never part of a multi-byte sequence, and walking `Character`s (grapheme
    /// clusters) cost more than everything else an import of 100,000 rows does in Swift.
    /// - Throws: `ERPError.validationFailed` under `line N`.
    package init(parsing text: String) throws(ERPError) {
        let (quote, newline, carriageReturn) = (UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let header = bytes[..<(bytes.firstIndex(of: newline) ?? bytes.endIndex)]
        let semicolons = header.count(where: { $0 == UInt8(ascii: ";") })
        separator = semicolons > header.count(where: { $0 == UInt8(ascii: ",") }) ? ";" : ","
        let separatorByte = separator == ";" ? UInt8(ascii: ";") : UInt8(ascii: ",")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var atFieldStart = true
        var index = bytes.startIndex
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    // `""` is a quote inside the field; any other quote closes it.
                    if index < bytes.endIndex, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            if byte == quote, atFieldStart {
                quoted = true
                quoteLine = line
                atFieldStart = false
            } else if byte == separatorByte {
                endField()
                atFieldStart = true
            } else if byte == newline || (byte == carriageReturn && index < bytes.endIndex && bytes[index] == newline) {
                if byte == carriageReturn { index += 1 }
                endField()
                if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
                fields = []
                line += 1
                recordLine = line
                atFieldStart = true
            } else {
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted { throw .validationFailed(fields: ["line \(quoteLine)": "a quoted field is never closed"]) }
        endField()
        if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
        self.records = records
    }

    /// Writes `rows` (the header first) with `separator` (`,`; Russian Excel wants `;`), quoting
    /// fields that need it and neutralising formulas; lines end with CRLF (RFC 4180 §2).
    package static func write(_ rows: [[String]], separator: String = ",") -> String {
        var output = ""
        for row in rows {
            output += line(row.map(neutralised), separator: separator) + "\r\n"
        }
        return output
    }

    /// One line of fields joined by `separator` (without its line end), quoted where needed; fields
    /// are taken as they are (neutralise them first if they come from users).
    package static func line(_ fields: [String], separator: String = ",") -> String {
        fields.map { quote($0, separator: separator) }.joined(separator: separator)
    }

    /// `'` + `field` when a spreadsheet would read `field` (after any `'`s) as a formula.
    package static func neutralised(_ field: String) -> String {
        looksLikeFormula(field, afterQuotes: 0) ? "'" + field : field
    }

    /// `field` with the `'` that `neutralised` added removed again.
    package static func restored(_ field: String) -> String {
        looksLikeFormula(field, afterQuotes: 1) ? String(field.dropFirst()) : field
    }

    /// Whether `field` is at least `count` apostrophes followed by `=`, `+`, `-` or `@` (or a tab or
    /// CR) and is not a plain number after them. Looks at UTF-8 bytes: every one of these is ASCII,
    /// and it runs for every cell imported.
    private static func looksLikeFormula(_ field: String, afterQuotes count: Int) -> Bool {
        let bytes = field.utf8
        guard let start = bytes.firstIndex(where: { $0 != UInt8(ascii: "'") }),
              bytes.distance(from: bytes.startIndex, to: start) >= count
        else { return false }
        return [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"),
                UInt8(ascii: "\r")].contains(bytes[start]) && !isNumber(bytes[start...])
    }

    /// Whether `bytes` is a signed decimal number as exports write them (`-604.44`, `+5`, `-3`):
    /// a sign, digits, optionally `.` and digits. A spreadsheet reads it as a number, never a formula.
    private static func isNumber(_ bytes: Substring.UTF8View) -> Bool {
        let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
        let unsigned = bytes.dropFirst()
        let parts = unsigned.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        return [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes.first ?? 0)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
    }

    /// `field` in quotes when it holds a separator (both `,` and `;` with `,`, which some
    /// spreadsheets take for one; only `;` with `;`, so `1234,50` stays a number), a quote or a line end.
    private static func quote(_ field: String, separator: String) -> String {
        let comma = separator == ","
        guard field.contains(where: { ($0 == "," && comma) || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                || field.first == " " || field.last == " "
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
