import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

/// Imported goods: a receipt line records the country of origin and the customs declaration (or
/// РНПТ) when given, checks their shapes, and answers what a later shipment's UPD prints.
@Suite("Goods origin")
struct GoodsOriginTests {
    @discardableResult
    private func receive(_ shop: Shop, _ lines: [ReceiptLine], into warehouse: Warehouse? = nil, at now: Date = Shop.now) throws -> StockDocument {
        try WarehouseService(time: .fixed(now)).post(.receipt(NewReceipt(warehouseID: (warehouse ?? shop.main).id, supplierID: shop.supplier.id,
                                                                          lines: lines)), by: shop.owner, on: shop.connection)
    }

    private func line(_ product: Product, country: String? = nil, declaration: String? = nil) -> ReceiptLine {
        ReceiptLine(productID: product.id, qty: Quantity("1")!, unitCost: Money("10.00")!, countryCode: country, customsDeclaration: declaration)
    }

    @Test func aReceiptLineKeepsTheCountryAsItsOKSMCodeAndTheDeclarationAndADomesticLineHasNeither() throws {
        let shop = try Shop()
        let receipt = try receive(shop, [line(shop.hammer, country: "cn", declaration: " 10702070/011226/0012345 "),
                                         line(shop.nails)])
        #expect(receipt.lines.map(\.countryCode) == ["156", nil])
        #expect(receipt.lines.map(\.customsDeclaration) == ["10702070/011226/0012345", nil])
        let read = try shop.service.document(receipt.id, type: .receipt, by: shop.keeper, on: shop.connection)
        #expect(read.lines.map(\.countryCode) == ["156", nil])
        // An РНПТ (the declaration and the goods' line in it), and a country from the EAEU without a declaration.
        let again = try receive(shop, [line(shop.hammer, country: "156", declaration: "10702070/011226/0012345/007"),
                                       line(shop.nails, country: "BY")])
        #expect(again.lines.map(\.customsDeclaration) == ["10702070/011226/0012345/007", nil])
        #expect(again.lines.map(\.countryCode) == ["156", "112"])
    }

    @Test func aWrongCountryOrDeclarationShapeIsRefusedNamingTheLineAndNothingIsSaved() throws {
        let shop = try Shop()
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try receive(shop, [line(shop.hammer, country: "999", declaration: "10702070/311326/0012345"),
                               line(shop.nails, declaration: "10702070/011226/0012345")])
        }
        #expect(error.fields.map { Set($0.keys) } == ["lines[0].country_code", "lines[0].customs_declaration", "lines[1].country_code"])
        let named = try #require(throws: ERPError.self) {
            try receive(shop, [line(shop.hammer, country: "Китай", declaration: "1070207/011226/0012345")])
        }
        #expect(named.fields.map { Set($0.keys) } == ["lines[0].country_code", "lines[0].customs_declaration"])
        #expect(try shop.snapshot() == before)
        #expect(try shop.connection.query("SELECT count(*) FROM stock_document_lines").single().decode(0, as: Int64.self) == 0)
    }

    @Test(arguments: [("10702070/011226/0012345", true), ("10702070/011226/0012345/001", true), ("10702070/290225/0012345", false),
                      ("10702070/011226/001234", false), ("10702070/011226/0012345/01", false), ("10702070-011226-0012345", false),
                      ("１0702070/011226/0012345", false)])
    func theDeclarationShapeIsTheOfficialOne(_ text: String, _ valid: Bool) {
        #expect(GoodsOrigin.isDeclaration(text) == valid)
    }

    @Test func aShipmentTakesTheOriginOfTheLatestReceiptAtItsWarehouseAndNoneWhenThatOneWasDomestic() throws {
        let shop = try Shop()
        let day: TimeInterval = 86_400
        try receive(shop, [line(shop.hammer, country: "CN", declaration: "10702070/011226/0012345"), line(shop.nails, country: "DE")])
        try receive(shop, [line(shop.hammer)], at: Shop.now.addingTimeInterval(2 * day))
        try receive(shop, [line(shop.nails, country: "TR", declaration: "10216100/051226/0000001")], into: shop.shop,
                    at: Shop.now.addingTimeInterval(3 * day))
        func origins(at warehouse: Warehouse, _ instant: Date) throws -> [ProductID: GoodsOrigin] {
            try shop.connection.transaction { tx in
                try ReceiptHistory.origins(of: [shop.hammer.id, shop.nails.id, shop.delivery.id], at: warehouse.id, asOf: instant, in: tx)
            }
        }
        let early = try origins(at: shop.main, Shop.now.addingTimeInterval(day))
        #expect(early[shop.hammer.id] == GoodsOrigin(countryCode: "156", customsDeclaration: "10702070/011226/0012345"))
        #expect(early[shop.nails.id] == GoodsOrigin(countryCode: "276") && early[shop.nails.id]?.countryName == "Германия")
        #expect(early[shop.delivery.id] == nil)
        // The hammers received later were domestic; the nails received at the other warehouse do not count here.
        let late = try origins(at: shop.main, Shop.now.addingTimeInterval(4 * day))
        #expect(late[shop.hammer.id] == nil && late[shop.nails.id]?.countryCode == "276")
        #expect(try origins(at: shop.shop, Shop.now.addingTimeInterval(4 * day))[shop.nails.id]?.countryCode == "792")
        // A warehouse that never received the hammer (it came by transfer) takes the latest receipt anywhere.
        #expect(try origins(at: shop.shop, Shop.now.addingTimeInterval(day))[shop.hammer.id]?.countryCode == "156")
    }
}
