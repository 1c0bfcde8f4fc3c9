import ERPCore
import Foundation
import Testing

@testable import Billing

@Suite("HTML escaping and print formatting")
struct HTMLTests {
    @Test(arguments: [
        ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("ООО «Ромашка» & Ко", "ООО «Ромашка» &amp; Ко"), ("a&amp;b", "a&amp;amp;b"),
        ("\" onmouseover='x'", "&quot; onmouseover=&#39;x&#39;"), ("", ""), ("plain text 123", "plain text 123"),
    ])
    func escapeReplacesTheFiveSpecialCharacters(text: String, escaped: String) {
        #expect(HTML.escape(text) == escaped)
    }

    @Test func interpolatedStringsAreEscapedAndLiteralsAndHTMLAreNot() {
        let name = "<b>Tom & Jerry</b>"
        let cell: HTML = "<td class=\"name\">\(name)</td>"
        #expect(cell.markup == "<td class=\"name\">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</td>")
        let row: HTML = "<tr>\(cell)</tr>"
        #expect(row.markup == "<tr><td class=\"name\">&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</td></tr>")
        let absent: String? = nil
        let empty: String? = ""
        let present: String? = "x<y"
        let optional: HTML = "\(absent)|\(empty)|\(present)|\(42)"
        #expect(optional.markup == "—|—|x&lt;y|42")
        #expect(HTML.joined(["<p>", "</p>"], separator: "<br>").markup == "<p><br></p>")
        #expect((HTML(text: "<") + "<br>").markup == "&lt;<br>")
    }

    @Test(arguments: [
        ("0.00", "0,00"), ("0.05", "0,05"), ("999.99", "999,99"), ("1000.00", "1 000,00"),
        ("1234.50", "1 234,50"), ("-1234567.89", "-1 234 567,89"), ("92233720368547758.07", "92 233 720 368 547 758,07"),
    ])
    func moneyPrintsWithNoBreakSpacesAndADecimalComma(amount: String, printed: String) throws {
        let expected = printed.replacingOccurrences(of: " ", with: "\u{00A0}")
        #expect(PrintFormat.money(try Money(parsing: amount)) == expected)
    }

    @Test(arguments: [
        ("3", "3"), ("0.333", "0,333"), ("2.5", "2,5"), ("2.050", "2,05"), ("1000", "1\u{00A0}000"),
        ("-0.001", "-0,001"), ("0", "0"),
    ])
    func quantitiesPrintOnlyTheDecimalsTheyHave(quantity: String, printed: String) throws {
        #expect(PrintFormat.quantity(try Quantity(parsing: quantity)) == printed)
    }

    @Test func ratesAndPercentagesPrintTheFormsWay() throws {
        #expect(PrintFormat.vatRate(.percent20) == "20%")
        #expect(PrintFormat.vatRate(.percent0) == "0%")
        #expect(PrintFormat.vatRate(.withoutVAT) == "без НДС")
        #expect(PrintFormat.vat(Money(minorUnits: 1667), at: .percent20) == "16,67")
        #expect(PrintFormat.vat(.zero(), at: .withoutVAT) == "без НДС")
        #expect(PrintFormat.percentage(try Percentage(parsing: "33.33")) == "33,33")
        #expect(PrintFormat.percentage(try Percentage(parsing: "12.5")) == "12,5")
        #expect(PrintFormat.percentage(.hundred) == "100")
    }
}
