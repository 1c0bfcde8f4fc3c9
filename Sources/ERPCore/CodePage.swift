// The single-byte Russian code pages files still arrive in: Windows-1251 (Excel's CSV, 1C's bank
// exchange files, the ФНС's XML formats) and DOS 866 (old bank clients). Our own tables rather
// than iconv or Foundation's converters, whose Linux coverage varies; both directions, so the
// CSV import reads them and the exchange formats write them.

/// A code page whose bytes 0x00–0x7F are ASCII and 0x80–0xFF map to one Unicode scalar each.
package struct CodePage: Sendable {
    /// The name files declare it by, e.g. `windows-1251`.
    package let name: String
    /// The scalars of bytes 0x80–0xFF; 0xFFFD for a byte the code page leaves undefined.
    private let high: [UInt16]
    /// Scalar → byte for the high half.
    private let reverse: [UInt32: UInt8]

    private init(name: String, high: [UInt16]) {
        precondition(high.count == 128, "a code page's high half has 128 bytes")
        self.name = name
        self.high = high
        var reverse: [UInt32: UInt8] = [:]
        for (index, value) in high.enumerated() where value != 0xFFFD { reverse[UInt32(value)] = UInt8(0x80 + index) }
        self.reverse = reverse
    }

    /// Windows-1251 (0x98 is undefined); 0xC0–0xFF are А–я in order.
    package static let windows1251 = CodePage(name: "windows-1251", high: [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C,
        0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A,
        0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9,
        0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ] + (0x0410...0x044F).map { UInt16($0) })

    /// DOS 866: А–п at 0x80–0xAF, box drawing at 0xB0–0xDF, р–я at 0xE0–0xEF, then Ё, ё and signs.
    package static let dos866 = CodePage(name: "cp866", high: (0x0410...0x043F).map { UInt16($0) } + [
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C,
        0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566,
        0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518,
        0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    ] + (0x0440...0x044F).map { UInt16($0) } + [
        0x0401, 0x0451, 0x0404, 0x0454, 0x0407, 0x0457, 0x040E, 0x045E, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x2116, 0x00A4,
        0x25A0, 0x00A0,
    ])

    /// The text of `bytes`, or nil when a byte is undefined in this code page.
    package func decode(_ bytes: some Sequence<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : UInt32(high[Int(byte) - 0x80])
            guard value != 0xFFFD, let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The byte of `scalar`, or nil when this code page has none for it.
    package func byte(for scalar: Unicode.Scalar) -> UInt8? {
        scalar.value < 0x80 ? UInt8(scalar.value) : reverse[scalar.value]
    }

    /// The bytes of `text`, or nil when a character has no byte here.
    package func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
