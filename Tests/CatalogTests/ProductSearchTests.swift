import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Product search")
struct ProductSearchTests {
    let service = CatalogFixtures.service

    @Test func anExactBarcodeRanksAboveASKUPrefixAboveASimilarName() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, keeper) = try CatalogFixtures.people(connection)
        let byName = try service.create(CatalogFixtures.newProduct(sku: "T-1", name: "Ключ 4006381"), by: owner, on: connection)
        let bySKU = try service.create(CatalogFixtures.newProduct(sku: "4006381-X", name: "Отвёртка"), by: owner, on: connection)
        let byBarcode = try service.create(CatalogFixtures.newProduct(sku: "Z-9", name: "Пила", barcodes: ["4006381"]),
                                           by: owner, on: connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "OTHER", name: "Гвозди"), by: owner, on: connection)
        let found = try service.products(matching: ProductFilter(q: "4006381"), by: keeper, on: connection)
        #expect(found.items.map(\.id) == [byBarcode.id, bySKU.id, byName.id])
    }

    @Test func cyrillicNamesAreFoundByWordAndByATypo() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let hammer = try service.create(CatalogFixtures.newProduct(sku: "HAM-1", name: "Молоток слесарный"), by: owner, on: connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "SAW-1", name: "Ножовка по дереву"), by: owner, on: connection)
        for q in ["молоток", "МОЛОТОК", "малоток", "слесарный"] {
            let found = try service.products(matching: ProductFilter(q: q), by: owner, on: connection)
            #expect(found.items.map(\.id) == [hammer.id], "\(q)")
        }
        #expect(try service.products(matching: ProductFilter(q: "дрель"), by: owner, on: connection).items.isEmpty)
    }

    @Test func likeWildcardsInTheQueryMatchLiterally() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "AB-1", name: "Гвозди"), by: owner, on: connection)
        #expect(try service.products(matching: ProductFilter(q: "%"), by: owner, on: connection).items.isEmpty)
        #expect(try service.products(matching: ProductFilter(q: "A_"), by: owner, on: connection).items.isEmpty)
    }

    @Test func exactSKUAndBarcodeFiltersFindOnlyThatProduct() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, keeper) = try CatalogFixtures.people(connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "HT-0001", name: "Молоток"), by: owner, on: connection)
        let wanted = try service.create(CatalogFixtures.newProduct(sku: "HT-0004", name: "Клещи", barcodes: ["4006381"]),
                                        by: owner, on: connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "HT-00045", name: "Пила", barcodes: ["4006382"]), by: owner, on: connection)
        #expect(try service.products(matching: ProductFilter(sku: "HT-0004"), by: keeper, on: connection).items.map(\.id) == [wanted.id])
        #expect(try service.products(matching: ProductFilter(barcode: "4006381"), by: keeper, on: connection).items.map(\.id) == [wanted.id])
        #expect(try service.products(matching: ProductFilter(sku: "ht-0004"), by: keeper, on: connection).items.isEmpty)
    }

    @Test func searchTextLongerThan200CharactersIsRefusedNamingQ() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let error = #expect(throws: ERPError.self) {
            try service.products(matching: ProductFilter(q: String(repeating: "_", count: 201)), by: owner, on: connection)
        }
        #expect(error == .validationFailed(fields: ["q": "must be at most 200 characters"]))
        let underscores = ProductFilter(q: String(repeating: "_", count: 200))
        #expect(try service.products(matching: underscores, by: owner, on: connection).items.isEmpty)
    }

    @Test func listsPageByKeysetAndFilterByCategoryAndKind() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let tools = try service.create(NewCategory(name: "Инструмент"), by: owner, on: connection)
        var ids: [ProductID] = []
        for index in 1...5 {
            let product = try service.create(CatalogFixtures.newProduct(sku: "P-\(index)", name: "Товар \(index)",
                                                                        categoryID: index <= 2 ? tools.id : nil),
                                             by: owner, on: connection)
            ids.append(product.id)
        }
        var command = CatalogFixtures.newProduct(sku: "SRV", name: "Доставка")
        command.kind = .service
        let delivery = try service.create(command, by: owner, on: connection)
        let first = try service.products(matching: ProductFilter(limit: 4), by: owner, on: connection)
        #expect(first.items.map(\.id) == Array(ids.prefix(4)))
        let second = try service.products(matching: ProductFilter(limit: 4, cursor: first.nextCursor), by: owner, on: connection)
        #expect(second.items.map(\.id) == [ids[4], delivery.id] && second.nextCursor == nil)
        let inTools = try service.products(matching: ProductFilter(categoryID: tools.id), by: owner, on: connection)
        #expect(inTools.items.map(\.id) == Array(ids.prefix(2)))
        let services = try service.products(matching: ProductFilter(kind: .service), by: owner, on: connection)
        #expect(services.items.map(\.id) == [delivery.id])
        let ranked = try service.products(matching: ProductFilter(q: "P-", limit: 3), by: owner, on: connection)
        let rest = try service.products(matching: ProductFilter(q: "P-", limit: 3, cursor: ranked.nextCursor), by: owner, on: connection)
        #expect((ranked.items + rest.items).map(\.id) == ids && rest.nextCursor == nil)
        #expect(throws: ERPError.self) {
            try service.products(matching: ProductFilter(limit: 501), by: owner, on: connection)
        }
    }
}
