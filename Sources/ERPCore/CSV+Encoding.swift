// The encodings of CSV files people bring: UTF-8 (with or without a byte-order mark), and
// Windows-1251, which Russian Excel writes for "CSV (разделители — точка с запятой)", decoded by
// CodePage's table.

/// A text encoding a CSV import reads: named by `--encoding` or detected.
package enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case cp1251

    /// Reads `name` as `--encoding` takes it: `utf-8`/`utf8`, `cp1251`/`windows-1251` (any case).
    package init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "cp1251", "windows-1251", "win1251": self = .cp1251
        default: return nil
        }
    }

    /// Decodes `bytes` as `encoding`, or when nil, detects it: valid UTF-8 is UTF-8 (text that is
    /// Windows-1251 Cyrillic is practically never valid UTF-8), anything else Windows-1251.
    /// - Returns: The text and the encoding read; nil when the bytes are not valid in it
    ///   (invalid UTF-8, or byte 0x98, which Windows-1251 leaves undefined).
    package static func decode(_ bytes: [UInt8], as encoding: TextEncoding?) -> (text: String, encoding: TextEncoding)? {
        if encoding != .cp1251, let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        guard encoding != .utf8, let text = CodePage.windows1251.decode(bytes) else { return nil }
        return (text, .cp1251)
    }
}
