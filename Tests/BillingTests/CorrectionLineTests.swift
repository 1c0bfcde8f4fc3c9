import ERPCore
import Testing

@testable import Billing

@Suite("УКД arithmetic")
struct CorrectionLineTests {
    private func line(_ position: Int = 1, qty: String, price: String, includeVAT: Bool) throws -> DocumentLine {
        try DocumentLine(position: position, productName: "Молоток", sku: "HAM-1", unit: DocumentUnit.standard(code: "pcs")!,
                         qty: Quantity(qty)!, price: Money(price)!, vatRate: .percent22, pricesIncludeVAT: includeVAT)
    }

    @Test func aDecreaseTakesTheVATDifferenceOfTheRoundedLinesNotVATOnTheDifference() throws {
        // 3 × 0.01 with VAT: 0.03 holds 0.01 VAT (0.0054 rounds up); 1 × 0.01 holds none (0.0018).
        // VAT on the 0.02 difference would be 0.00 — the form wants the lines' own difference, 0.01.
        let correction = try CorrectionLine(before: try line(qty: "3", price: "0.01", includeVAT: true),
                                            after: try line(qty: "1", price: "0.01", includeVAT: true))
        #expect(correction.decrease == CorrectionAmounts(qty: Quantity("2")!, price: .zero(), net: Money("0.01")!, vat: Money("0.01")!,
                                                         gross: Money("0.02")!))
        #expect(correction.increase == .zero(.rub))
    }

    @Test func aLowerPriceWithoutVATDecreasesEachColumnAndAddsUp() throws {
        // 7 × 123.45 = 864.15 + 190.11 VAT = 1054.26; 7 × 119.99 = 839.93 + 184.78 VAT = 1024.71.
        let correction = try CorrectionLine(before: try line(qty: "7", price: "123.45", includeVAT: false),
                                            after: try line(qty: "7", price: "119.99", includeVAT: false))
        #expect(correction.decrease == CorrectionAmounts(qty: .zero, price: Money("3.46")!, net: Money("24.22")!, vat: Money("5.33")!,
                                                         gross: Money("29.55")!))
        #expect(correction.increase == .zero(.rub))
        #expect(try correction.decrease.net + correction.decrease.vat == correction.decrease.gross)
    }

    @Test func moreGoodsAtALowerPriceSplitIntoAnIncreaseAndADecreaseColumnByColumn() throws {
        // 7 × 123.45 = 1054.26 with VAT; 8 × 99.99 = 799.92 + 175.98 VAT = 975.90.
        let correction = try CorrectionLine(before: try line(qty: "7", price: "123.45", includeVAT: false),
                                            after: try line(qty: "8", price: "99.99", includeVAT: false))
        #expect(correction.increase == CorrectionAmounts(qty: Quantity("1")!, price: .zero(), net: .zero(), vat: .zero(), gross: .zero()))
        #expect(correction.decrease == CorrectionAmounts(qty: .zero, price: Money("23.46")!, net: Money("64.23")!, vat: Money("14.13")!,
                                                         gross: Money("78.36")!))
        let totals = try CorrectionTotals(lines: [correction], currency: .rub)
        #expect(totals.change == Money("-78.36"))
    }

    @Test func totalsSumIncreasesAndDecreasesApartAndTheChangeIsTheirDifference() throws {
        let up = try CorrectionLine(before: try line(qty: "2", price: "1200.00", includeVAT: true),
                                    after: try line(qty: "2", price: "1250.00", includeVAT: true))
        let down = try CorrectionLine(before: try line(2, qty: "3", price: "0.01", includeVAT: true),
                                      after: try line(2, qty: "1", price: "0.01", includeVAT: true))
        // 2500.00 holds 450.82 VAT, 2400.00 holds 432.79: +100.00, of which 18.03 VAT.
        #expect(up.increase.gross == Money("100.00") && up.increase.vat == Money("18.03") && up.increase.net == Money("81.97"))
        let totals = try CorrectionTotals(lines: [up, down], currency: .rub)
        #expect(totals.increase.gross == Money("100.00") && totals.decrease.gross == Money("0.02"))
        #expect(totals.change == Money("99.98"))
    }

    @Test func aUKDsLinesMustBeItsCorrectionsAfterAndItMustNameTheCorrectedDocument() throws {
        let correction = try CorrectionLine(before: try line(qty: "3", price: "10.00", includeVAT: true),
                                            after: try line(qty: "1", price: "10.00", includeVAT: true))
        let number = try DocumentNumber(type: .correction, year: 2026, sequence: 1)
        let seller = PartyRequisites(name: "ООО «Инструмент»"), buyer = PartyRequisites(name: "ООО «Ромашка»")
        let wrong = try #require(throws: ERPError.self) {
            try ClosingDocument(type: .correction, number: number, date: CalendarDate("2026-12-01")!, seller: seller, buyer: buyer,
                                vatPayer: true, pricesIncludeVAT: true, lines: [correction.before], corrections: [correction])
        }
        guard case .validationFailed(let fields) = wrong else { Issue.record("\(wrong)"); return }
        #expect(Set(fields.keys) == ["lines", "corrected_document"])
        let document = try ClosingDocument(
            type: .correction, number: number, date: CalendarDate("2026-12-01")!, seller: seller, buyer: buyer, vatPayer: true,
            pricesIncludeVAT: true, lines: [correction.after],
            correctedDocument: DocumentReference(number: "УПД-2026-000001", date: CalendarDate("2026-11-30")!), corrections: [correction])
        #expect(document.correctionTotals?.change == Money("-20.00") && document.number == "УКД-2026-000001")
        let decoded = try ERPJSON.decode(ClosingDocument.self, from: Array(try ERPJSON.encode(document)))
        #expect(decoded == document)
    }
}
