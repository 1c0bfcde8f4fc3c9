import ERPCore
import Foundation
import HTTP1
import TestShop
import Testing

@testable import Web

/// The type-ahead's data: the catalog's search with what the chosen warehouse has available, for
/// anyone who reads the catalog, and nothing for an empty field.
@Suite("Product type-ahead")
struct ProductSuggestTests {
    @Test func suggestionsAreTheCatalogsMatchesWithWhatTheWarehouseHasAvailable() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let anna = try web.signIn("anna").cookies
        let answer = web.call(.get, "/products/suggest?q=%D0%BC%D0%BE%D0%BB%D0%BE%D1%82&warehouse=\(shop.main.id.rawValue)", cookies: anna)
        #expect(answer.status == 200 && answer.header("Content-Type")?.hasPrefix("application/json") == true)
        let found = try ERPJSON.decode([ProductSuggestPages.Suggestion].self, from: answer.body)
        #expect(found == [ProductSuggestPages.Suggestion(sku: "HAM-1", name: "Молоток", available: WebFormat.quantity(Quantity(thousandths: 10_000), unit: "pcs"), price: WebFormat.money(shop.hammer.price),
                                                         priceMinor: String(shop.hammer.price.minorUnits))])
        let bySKU = try ERPJSON.decode([ProductSuggestPages.Suggestion].self, from: web.call(.get, "/products/suggest?q=nai", cookies: anna).body)
        #expect(bySKU.map(\.sku) == ["NAIL"] && bySKU[0].available.isEmpty)
        #expect(web.call(.get, "/products/suggest?q=", cookies: anna).text == "[]")
        #expect(web.call(.get, "/products/suggest?q=nai").status == 303)
    }
}
