import Foundation
import Testing
import TestSupport

@testable import ERPCore

/// CSV files as Russian Excel saves them: Windows-1251 is detected and decoded by our own table.
@Suite("Text encodings of imported files")
struct TextEncodingTests {
    @Test func windows1251IsDetectedWhenTheBytesAreNotUTF8() throws {
        let text = "sku;name;price\nЁЖ-1;Ёлка № 5, ёжик;1250,50\n"
        let decoded = try #require(TextEncoding.decode(Windows1251.bytes(text), as: nil))
        #expect(decoded.text == text && decoded.encoding == .cp1251)
    }

    @Test func everyCyrillicLetterMapsToItsCodePoint() throws {
        let letters = (0x0410...0x044F).map { String(UnicodeScalar($0)!) }.joined()
        #expect(TextEncoding.decode(Array(0xC0...0xFF), as: .cp1251)?.text == letters)
        #expect(TextEncoding.decode([0x88, 0x96, 0xAB, 0xBB], as: .cp1251)?.text == "€–«»")
    }

    @Test func utf8WithOrWithoutAByteOrderMarkStaysUTF8() throws {
        let plain = Array("sku,name\nA,Молоток\n".utf8)
        #expect(TextEncoding.decode(plain, as: nil)?.encoding == .utf8)
        let marked = try #require(TextEncoding.decode([0xEF, 0xBB, 0xBF] + plain, as: nil))
        #expect(marked.encoding == .utf8 && marked.text.unicodeScalars.first == "\u{FEFF}")
        // Read as Windows-1251 on request, the same bytes are mojibake, but no error: the person chose.
        #expect(TextEncoding.decode(plain, as: .cp1251)?.text.contains("Молоток") == false)
    }

    @Test func bytesInvalidInTheNamedEncodingAreRefused() {
        #expect(TextEncoding.decode(Windows1251.bytes("Ёлка"), as: .utf8) == nil)
        #expect(TextEncoding.decode([0x41, 0x98], as: nil) == nil)
    }

    @Test(arguments: [("utf-8", TextEncoding.utf8), ("UTF8", .utf8), ("cp1251", .cp1251), ("Windows-1251", .cp1251)])
    func encodingNamesAreReadInAnyCase(name: String, encoding: TextEncoding) {
        #expect(TextEncoding(name: name) == encoding)
        #expect(TextEncoding(name: "koi8-r") == nil)
    }
}
