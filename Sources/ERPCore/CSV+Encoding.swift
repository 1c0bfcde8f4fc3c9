// The encodings of CSV files people bring: UTF-8 (with or without a byte-order mark), and
// Windows-1251, which Russian Excel writes for "CSV (разделители — точка с запятой)". Decoded by
// our own table rather than iconv or Foundation's converters, whose Linux coverage varies.

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
        guard encoding != .utf8 else { return nil }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(cp1251High[Int(byte) - 0x80])
            guard value != 0xFFFD, let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return (String(scalars), .cp1251)
    }

    /// Windows-1251 bytes 0x80–0xBF (0x98 is undefined); 0xC0–0xFF are А–я in order.
    private static let cp1251High: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C,
        0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A,
        0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9,
        0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ] + (0x0410...0x044F).map { UInt16($0) }
}
