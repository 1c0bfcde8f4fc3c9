import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Products")
struct ProductsTests {
    let service = CatalogFixtures.service

    @Test func createReportsEveryBadFieldAtOnceAndWritesNothing() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let command = NewProduct(sku: "has space", name: "  ", unit: "crate", barcodes: ["4006381333932", "ok-1", "ok-1"],
                                 categoryID: CategoryID(rawValue: 99), price: Money("-1.00"), vatRate: nil)
        let error = #expect(throws: ERPError.self) { try service.create(command, by: owner, on: connection) }
        guard case .validationFailed(let fields) = error else { Issue.record("not a validation failure"); return }
        #expect(Set(fields.keys) == ["sku", "name", "unit", "barcodes[0]", "barcodes[2]", "category_id", "price", "vat_rate"])
        #expect(fields["barcodes[0]"] == "'4006381333932' has a wrong check digit for EAN-13")
        #expect(try CatalogFixtures.count("products", connection) == 0)
        #expect(try CatalogFixtures.catalogActions(connection).isEmpty)
    }

    @Test func minStockMayNotHaveMoreDecimalsThanTheUnitAllows() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        #expect(throws: ERPError.self) {
            try service.create(CatalogFixtures.newProduct(unit: "pcs", minStock: Quantity("1.5")), by: owner, on: connection)
        }
        let flour = try service.create(CatalogFixtures.newProduct(sku: "FLOUR", name: "Мука", unit: "kg", minStock: Quantity("2.5")),
                                       by: owner, on: connection)
        #expect(flour.minStock == Quantity("2.500"))
    }

    @Test func createStoresEveryFieldAndAuditsIt() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, accountant, _) = try CatalogFixtures.people(connection)
        let product = try service.create(CatalogFixtures.newProduct(barcodes: ["4006381333931", "96385074"]),
                                         by: accountant, on: connection)
        #expect(product.sku == "HAM-1" && product.name == "Молоток слесарный" && product.unit == "pcs")
        #expect(product.kind == .goods && product.price == Money("450.00") && product.vatRate == .percent22)  // given 20: the standard rate in force today
        #expect(product.barcodes == ["4006381333931", "96385074"] && product.version == 1 && !product.archived)
        #expect(product.createdAt == CatalogFixtures.now)
        #expect(try service.product(product.id, by: accountant, on: connection) == product)
        let entry = try connection.query("SELECT actor_login, entity_id, change->>'price' FROM audit_log WHERE action = 'product.create'").single()
        #expect(try entry.decode(0, as: String.self) == "acc")
        #expect(try entry.decode(1, as: Int64.self) == product.id.rawValue)
        #expect(try entry.decode(2, as: String.self) == "450.00")
        #expect(try CatalogFixtures.count("product_prices", connection) == 1)
    }

    @Test func duplicateSKUIsRefusedCaseInsensitivelyNamingTheExistingProduct() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let first = try service.create(CatalogFixtures.newProduct(sku: "Ham-1"), by: owner, on: connection)
        #expect(throws: ERPError.duplicate(entity: "product", field: "sku", existingID: first.id.rawValue)) {
            try service.create(CatalogFixtures.newProduct(sku: "hAM-1", name: "Другой"), by: owner, on: connection)
        }
        #expect(try CatalogFixtures.count("products", connection) == 1)
        #expect(try CatalogFixtures.catalogActions(connection) == ["product.create"])
    }

    @Test func aBarcodeBelongsToOneProductOnly() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let first = try service.create(CatalogFixtures.newProduct(barcodes: ["96385074"]), by: owner, on: connection)
        #expect(throws: ERPError.duplicate(entity: "product", field: "barcodes", existingID: first.id.rawValue)) {
            try service.create(CatalogFixtures.newProduct(sku: "HAM-2", barcodes: ["96385074"]), by: owner, on: connection)
        }
        #expect(try CatalogFixtures.count("products", connection) == 1)
    }

    @Test func twoConcurrentCreatesOfOneSKUGiveOneProductAndOneConflict() throws {
        let db = try TestDatabase.make()
        let setup = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(setup)
        let connections = [try db.connect(), try db.connect()]
        let results = Results()
        Threads.run(2) { index in
            do {
                _ = try service.create(CatalogFixtures.newProduct(sku: index == 0 ? "RACE" : "race"), by: owner, on: connections[index])
                results.append("created")
            } catch {
                if case .duplicate(_, "sku", let id)? = error as? ERPError, id != nil {
                    results.append("duplicate")
                } else {
                    results.append("\(error)")
                }
            }
        }
        #expect(results.values.sorted() == ["created", "duplicate"])
        #expect(try CatalogFixtures.count("products", setup) == 1)
    }

    @Test func updateWithAStaleVersionConflictsAndChangesNothing() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let product = try service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        let renamed = try service.update(product.id, with: ProductChanges(version: 1, name: "Молоток"), by: owner, on: connection)
        #expect(renamed.version == 2 && renamed.name == "Молоток")
        #expect(throws: ERPError.versionConflict(current: 2)) {
            try service.update(product.id, with: ProductChanges(version: 1, name: "Кувалда"), by: owner, on: connection)
        }
        #expect(try service.product(product.id, by: owner, on: connection) == renamed)
        #expect(try CatalogFixtures.catalogActions(connection) == ["product.create", "product.update"])
        let change = try connection.query("SELECT change::text FROM audit_log WHERE action = 'product.update'").single()
        #expect(try change.decode(0, as: String.self).contains("\"from\": \"Молоток слесарный\""))
    }

    @Test func aPriceChangeWritesPriceHistoryWithWhoAndWhen() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, accountant, _) = try CatalogFixtures.people(connection)
        let product = try service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        _ = try service.update(product.id, with: ProductChanges(version: 1, name: "Молоток"), by: owner, on: connection)
        #expect(try CatalogFixtures.count("product_prices", connection) == 1)
        let later = CatalogService(time: .fixed(CatalogFixtures.now.addingTimeInterval(3600)))
        let repriced = try later.update(product.id, with: ProductChanges(version: 2, price: Money("499.90"), vatRate: .percent22),
                                        by: accountant, on: connection)
        #expect(repriced.price == Money("499.90") && repriced.vatRate == .percent22)
        let rows = try connection.query("""
            SELECT price_minor, vat_rate, changed_at, changed_by_login FROM product_prices ORDER BY id
            """)
        #expect(rows.count == 2)
        #expect(try rows[1].decode(0, as: Int64.self) == 49_990)
        #expect(try rows[1].decode(1, as: Int64.self) == 2200)
        #expect(try rows[1].decode(2, as: Date.self) == CatalogFixtures.now.addingTimeInterval(3600))
        #expect(try rows[1].decode(3, as: String.self) == "acc")
    }

    @Test func archivingKeepsTheProductButHidesItFromTheList() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let product = try service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        let archived = try service.archive(product.id, version: 1, by: owner, on: connection)
        #expect(archived.archived && archived.version == 2)
        #expect(try service.products(matching: ProductFilter(), by: owner, on: connection).items.isEmpty)
        #expect(try service.products(matching: ProductFilter(archived: true), by: owner, on: connection).items == [archived])
    }

    @Test func aStorekeeperReadsTheCatalogButCannotChangeIt() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, keeper) = try CatalogFixtures.people(connection)
        #expect(throws: ERPError.forbidden(action: "change the catalog")) {
            try service.create(CatalogFixtures.newProduct(), by: keeper, on: connection)
        }
        #expect(try CatalogFixtures.count("products", connection) == 0)
        let product = try service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        #expect(try service.product(product.id, by: keeper, on: connection) == product)
        #expect(try service.product(reference: "ham-1", by: keeper, on: connection) == product)
        #expect(try service.units(by: keeper, on: connection).map(\.code).contains("pcs"))
        #expect(throws: ERPError.forbidden(action: "change the catalog")) {
            try service.update(product.id, with: ProductChanges(version: 1, name: "X"), by: keeper, on: connection)
        }
    }
}

/// Outcomes collected from concurrent threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ value: String) {
        lock.lock()
        defer { lock.unlock() }
        stored.append(value)
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    @Test func theVATRateShownIsTheOneInForceOnTheCompanysTodayByTheServicesClock() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let hammer = try CatalogFixtures.service.create(CatalogFixtures.newProduct(), by: owner, on: connection)
        // 23:30 on 31 December 2025 in Moscow, then 00:30 on 1 January 2026 (still 2025 in UTC).
        let lastEvening = CatalogService(time: .fixed(RFC3339.date(from: "2025-12-31T20:30:00Z")!))
        let firstNight = CatalogService(time: .fixed(RFC3339.date(from: "2025-12-31T21:30:00Z")!))
        #expect(try lastEvening.product(hammer.id, by: owner, on: connection).vatRate == .percent20)
        #expect(try firstNight.product(hammer.id, by: owner, on: connection).vatRate == .percent22)
        #expect(try lastEvening.products(matching: ProductFilter(), by: owner, on: connection).items.map(\.vatRate) == [.percent20])
        #expect(try firstNight.product(reference: hammer.sku, by: owner, on: connection).vatRate == .percent22)
    }
}
