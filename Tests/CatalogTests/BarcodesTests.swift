import Catalog
import Testing

@Suite("Barcodes")
struct BarcodesTests {
    @Test(arguments: ["4006381333931", "96385074", "036000291452", "ABC-123", "12345"])
    func acceptsCodesWithACorrectCheckDigitAndFreeFormCodes(barcode: String) {
        #expect(Barcodes.problem(with: barcode) == nil)
    }

    @Test(arguments: [
        ("4006381333932", "EAN-13"), ("96385075", "EAN-8"), ("036000291453", "UPC-A"),
    ])
    func refusesAGS1CodeWithAWrongCheckDigit(barcode: String, format: String) {
        #expect(Barcodes.problem(with: barcode) == "has a wrong check digit for \(format)")
    }

    @Test(arguments: ["", "with space", "кириллица", String(repeating: "1", count: 65)])
    func refusesEmptyLongOrUnusualCharacters(barcode: String) {
        #expect(Barcodes.problem(with: barcode) != nil)
    }

    @Test func checkDigitWeightsFromTheRight() {
        #expect(Barcodes.checkDigit(of: [4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3]) == 1)
        #expect(Barcodes.checkDigit(of: [9, 6, 3, 8, 5, 0, 7]) == 4)
    }
}
