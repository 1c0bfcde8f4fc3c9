import ERPCore
import Testing

@testable import Exchange

@Suite("XML writer")
struct XMLNodeTests {
    @Test func valuesAreEscapedAndCharactersOutsideTheCodePageBecomeReferences() {
        let node = XMLNode("Файл", ["Имя": "A & \"B\" <₽>\n", "Пусто": nil], children: [XMLNode("Т", text: "x<y&z\u{1}")])
        let bytes = node.document(in: .windows1251)
        let text = CodePage.windows1251.decode(bytes)
        #expect(text == "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<Файл Имя=\"A &amp; &quot;B&quot; &lt;&#8381;&gt;&#10;\">\n <Т>x&lt;y&amp;z</Т>\n</Файл>\n")
    }

    @Test func utf8DocumentsMayCarryAByteOrderMark() {
        let bytes = XMLNode("a", text: "₽").document(in: nil, byteOrderMark: true)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>₽</a>\n")
    }
}
