/// Text as Russian Excel saves a CSV: Windows-1251 bytes, built from the code points (not through
/// the decoder under test). Covers ASCII, А–я, Ё, ё and №, which is what the tests write.
package enum Windows1251 {
    package static func bytes(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0..<0x80: UInt8(scalar.value)
            case 0x0410...0x044F: UInt8(scalar.value - 0x0410 + 0xC0)
            case 0x0401: 0xA8
            case 0x0451: 0xB8
            case 0x2116: 0xB9
            default: preconditionFailure("\(scalar) is not in the test alphabet")
            }
        }
    }
}
