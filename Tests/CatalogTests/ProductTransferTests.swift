import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Product import and export")
struct ProductTransferTests {
    let service = CatalogFixtures.service

    @Test func exportThenImportIsTheIdentity() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let tools = try service.create(NewCategory(name: "Инструмент"), by: owner, on: connection)
        _ = try service.create(CatalogFixtures.newProduct(sku: "=HAM", name: "Молоток, \"слесарный\"", barcodes: ["4006381333931", "x-1"],
                                                          categoryID: tools.id), by: owner, on: connection)
        let flour = try service.create(CatalogFixtures.newProduct(sku: "FLOUR", name: "-Мука; высший сорт", unit: "kg",
                                                                  vat: .withoutVAT, minStock: Quantity("2.5")), by: owner, on: connection)
        _ = try service.archive(flour.id, version: 1, by: owner, on: connection)
        let exported = try ProductTransfer.export(by: owner, on: connection)
        #expect(exported.contains("'=HAM") && exported.contains("\"'-Мука; высший сорт\""))
        let report = try ProductTransfer.importCSV(exported, dryRun: false, by: owner, on: connection)
        #expect(report == ImportReport(created: 0, updated: 0, unchanged: 2, dryRun: false))
        #expect(try ProductTransfer.export(by: owner, on: connection) == exported)

        let other = try TestDatabase.make().connect()
        let (otherOwner, _, _) = try CatalogFixtures.people(other)
        _ = try service.create(NewCategory(name: "Инструмент"), by: otherOwner, on: other)
        #expect(try ProductTransfer.importCSV(exported, dryRun: false, by: otherOwner, on: other).created == 2)
        #expect(try ProductTransfer.export(by: otherOwner, on: other) == exported)
    }

    @Test func reimportUpdatesBySKUAndADryRunKeepsNothing() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let hammer = try service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        let withName = "\u{FEFF}sku;name;unit;price;vat_rate\r\nham-1;Молоток слесарный;pcs;499.90;20\r\nNEW-1;Гвоздь;pcs;10.00;10\r\n"
        let dry = try ProductTransfer.importCSV(withName, dryRun: true, by: owner, on: connection)
        #expect(dry == ImportReport(created: 1, updated: 1, unchanged: 0, dryRun: true))
        #expect(try CatalogFixtures.count("products", connection) == 1)
        #expect(try service.product(hammer.id, by: owner, on: connection) == hammer)
        let report = try ProductTransfer.importCSV(withName, dryRun: false, by: owner, on: connection)
        #expect(report == ImportReport(created: 1, updated: 1, unchanged: 0, dryRun: false))
        #expect(try service.product(hammer.id, by: owner, on: connection).price == Money("499.90"))
        #expect(try CatalogFixtures.count("product_prices", connection) == 3)
    }

    @Test func aBadRowRefusesTheWholeFileAndReportsEveryBadRow() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, keeper) = try CatalogFixtures.people(connection)
        let csv = """
            sku,name,unit,price,vat_rate
            OK-1,Хороший,pcs,1.00,20
            BAD-1,,pcs,-1.00,20
            BAD-2,Плохой,box,abc,18
            OK-1,Дубль,pcs,1.00
            """
        let error = #expect(throws: ERPError.self) { try ProductTransfer.importCSV(csv, dryRun: false, by: owner, on: connection) }
        guard case .validationFailed(let fields) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(Set(fields.keys) == ["line 3, name", "line 3, price", "line 4, unit", "line 4, price", "line 4, vat_rate", "line 5"])
        #expect(try CatalogFixtures.count("products", connection) == 0)
        #expect(throws: ERPError.forbidden(action: "change the catalog")) {
            try ProductTransfer.importCSV("sku\nA\n", dryRun: true, by: keeper, on: connection)
        }
    }
}
