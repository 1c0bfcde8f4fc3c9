import Catalog
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

/// Quantity breaks as the catalog keeps them: per price type, replaced whole, audited (issue #18).
@Suite("QuantityBreaks")
struct QuantityBreaksTests {
    let connection: Connection
    let owner: Principal

    init() throws {
        connection = try TestDatabase.make().connect()
        (owner, _, _) = try CatalogFixtures.people(connection)
        _ = try CatalogFixtures.service.create(NewPriceType(code: "opt", name: "Оптовая"), by: owner, on: connection)
    }

    func breakOf(_ type: String?, _ qty: String, _ price: String) -> QuantityBreak {
        QuantityBreak(priceType: type, minQty: Quantity(qty)!, price: Money(price)!)
    }

    @Test func breaksAreKeptPerPriceTypeAndAChangeThatNamesThemReplacesTheListWhole() throws {
        var command = CatalogFixtures.newProduct()
        command.quantityBreaks = [breakOf("opt", "50", "360.00"), breakOf(nil, "10", "420.00"), breakOf("opt", "10", "380.00")]
        let product = try CatalogFixtures.service.create(command, by: owner, on: connection)
        #expect(product.quantityBreaks == [breakOf(nil, "10", "420.00"), breakOf("opt", "10", "380.00"), breakOf("opt", "50", "360.00")])

        // A change that does not name the breaks keeps them; one that does replaces them.
        let renamed = try CatalogFixtures.service.update(product.id, with: ProductChanges(version: product.version, name: "Молоток"),
                                                         by: owner, on: connection)
        #expect(renamed.quantityBreaks == product.quantityBreaks)
        let replaced = try CatalogFixtures.service.update(
            product.id, with: ProductChanges(version: renamed.version, quantityBreaks: [breakOf("opt", "20", "370.00")]),
            by: owner, on: connection)
        #expect(replaced.quantityBreaks == [breakOf("opt", "20", "370.00")])
        #expect(try CatalogFixtures.service.product(product.id, by: owner, on: connection).quantityBreaks == replaced.quantityBreaks)
        let cleared = try CatalogFixtures.service.update(product.id, with: ProductChanges(version: replaced.version, quantityBreaks: []),
                                                         by: owner, on: connection)
        #expect(cleared.quantityBreaks.isEmpty)
        #expect(try CatalogFixtures.count("product_quantity_breaks", connection) == 0)
        #expect(try CatalogFixtures.catalogActions(connection).filter { $0 == "product.quantity_breaks" }.count == 3)

        // A unit that may be split may break at a fraction.
        var nails = CatalogFixtures.newProduct(sku: "NAIL-1", unit: "kg", price: "120.00")
        nails.quantityBreaks = [breakOf(nil, "2.5", "110.00")]
        #expect(try CatalogFixtures.service.create(nails, by: owner, on: connection).quantityBreaks == nails.quantityBreaks)
    }

    @Test func badBreaksAreRefusedEachByItsFieldAndNothingChanges() throws {
        var command = CatalogFixtures.newProduct()
        command.quantityBreaks = [breakOf("vip", "10", "400.00"), breakOf(nil, "0", "400.00"), breakOf(nil, "5", "-1.00"),
                                  breakOf(nil, "5", "390.00"), breakOf(nil, "2.5", "440.00")]
        let error = try #require(throws: ERPError.self) { try CatalogFixtures.service.create(command, by: owner, on: connection) }
        #expect(error.fields.map { Set($0.keys) } == ["quantity_breaks[0].price_type", "quantity_breaks[1].min_qty",
                                                      "quantity_breaks[2].price", "quantity_breaks[3].min_qty",
                                                      "quantity_breaks[4].min_qty"])
        #expect(try CatalogFixtures.count("products", connection) == 0)

        command.quantityBreaks = [breakOf(nil, "10", "420.00")]
        let product = try CatalogFixtures.service.create(command, by: owner, on: connection)
        let actions = try CatalogFixtures.catalogActions(connection)
        #expect(throws: ERPError.self) {
            try CatalogFixtures.service.update(product.id, with: ProductChanges(version: product.version, quantityBreaks: [
                breakOf("opt", "3", "400.00"), breakOf("opt", "3", "390.00")]), by: owner, on: connection)
        }
        #expect(try CatalogFixtures.service.product(product.id, by: owner, on: connection) == product)
        #expect(try CatalogFixtures.catalogActions(connection) == actions)
    }
}
