import Catalog
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("PriceTypes")
struct PriceTypesTests {
    let connection: Connection
    let owner: Principal
    let keeper: Principal

    init() throws {
        connection = try TestDatabase.make().connect()
        (owner, _, keeper) = try CatalogFixtures.people(connection)
    }

    func types() throws -> (retail: PriceType, opt: PriceType) {
        (try CatalogFixtures.service.create(NewPriceType(code: "retail", name: "Розничная"), by: owner, on: connection),
         try CatalogFixtures.service.create(NewPriceType(code: "opt", name: "Оптовая"), by: owner, on: connection))
    }

    @Test func theOwnerNamesPriceTypesAndEveryoneListsThem() throws {
        let (retail, opt) = try types()
        #expect(retail.code == "retail" && opt.name == "Оптовая")
        #expect(try CatalogFixtures.service.priceTypes(by: keeper, on: connection) == [retail, opt])
        #expect(try CatalogFixtures.catalogActions(connection).isEmpty)
        #expect(try connection.query("SELECT count(*) FROM audit_log WHERE action = 'price_type.create'").single()
            .decode(0, as: Int64.self) == 2)
    }

    @Test func aTakenOrMalformedCodeIsRefusedAndNothingIsSaved() throws {
        let (retail, _) = try types()
        #expect(throws: ERPError.duplicate(entity: "price type", field: "code", existingID: retail.id.rawValue)) {
            try CatalogFixtures.service.create(NewPriceType(code: "retail", name: "Другая"), by: owner, on: connection)
        }
        let error = try #require(throws: ERPError.self) {
            try CatalogFixtures.service.create(NewPriceType(code: "Опт", name: " "), by: owner, on: connection)
        }
        #expect(error.fields.map { Set($0.keys) } == ["code", "name"])
        #expect(throws: ERPError.forbidden(action: Permission.editCatalog.phrase)) {
            try CatalogFixtures.service.create(NewPriceType(code: "x", name: "X"), by: keeper, on: connection)
        }
        #expect(try CatalogFixtures.count("price_types", connection) == 2)
    }

    @Test func aProductShowsTodaysPriceOfEachTypeAndKeepsTheHistoryByDate() throws {
        let (retail, opt) = try types()
        var command = CatalogFixtures.newProduct(price: "450.00")
        command.prices = ["retail": Money("500.00")!, "opt": Money("400.00")!]
        command.pricesValidFrom = CalendarDate("2026-11-01")
        let product = try CatalogFixtures.service.create(command, by: owner, on: connection)
        #expect(product.prices == ["retail": Money("500.00")!, "opt": Money("400.00")!])

        // A wholesale price from December does not change today's, and the old one stays on record.
        var later = ProductChanges(version: product.version, prices: ["opt": Money("380.00")!])
        later.pricesValidFrom = CalendarDate("2026-12-01")
        let changed = try CatalogFixtures.service.update(product.id, with: later, by: owner, on: connection)
        #expect(changed.prices["opt"] == Money("400.00"))
        let (byDay, later2027) = try connection.transaction { tx in
            let byDay = try ["2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01"].map { day in
                try ProductTypePrices.prices(of: [product.id], type: opt.id, on: CalendarDate(day)!, in: tx)[product.id]
            }
            return (byDay, try ProductTypePrices.prices(of: [product.id], on: CalendarDate("2027-01-01")!, in: tx)[product.id])
        }
        #expect(byDay == [nil, Money("400.00"), Money("400.00"), Money("380.00")])
        #expect(later2027 == ["retail": Money("500.00")!, "opt": Money("380.00")!])
        #expect(retail.id != opt.id)
        #expect(try CatalogFixtures.count("product_type_prices", connection) == 3)
    }

    @Test func aNewPriceWithoutAStartDayIsValidFromTheCompanysDayNotTheUTCOne() throws {
        _ = try types()
        // 23:30 on 6 December in Moscow (20:30 UTC), then 00:30 on the 7th (21:30 UTC, still the 6th in UTC).
        let lateEvening = CatalogService(time: .fixed(RFC3339.date(from: "2026-12-06T20:30:00Z")!))
        let afterMidnight = CatalogService(time: .fixed(RFC3339.date(from: "2026-12-06T21:30:00Z")!))
        var command = CatalogFixtures.newProduct()
        command.prices = ["retail": Money("500.00")!]
        let product = try lateEvening.create(command, by: owner, on: connection)
        let changed = try afterMidnight.update(
            product.id, with: ProductChanges(version: product.version, prices: ["retail": Money("520.00")!]), by: owner, on: connection)
        #expect(changed.prices["retail"] == Money("520.00"))
        _ = try ProductTransfer.importCSV("sku;price:opt\r\nham-1;400\r\n", dryRun: false, by: owner,
                                          time: .fixed(RFC3339.date(from: "2026-12-06T21:30:00Z")!), on: connection)
        let days = try connection.query("""
            SELECT price_minor, valid_from::text FROM product_type_prices ORDER BY id
            """).map { (try $0.decode(0, as: Int64.self), try $0.decode(1, as: String.self)) }
        #expect(days.map(\.0) == [50_000, 52_000, 40_000])
        #expect(days.map(\.1) == ["2026-12-06", "2026-12-07", "2026-12-07"])
    }

    @Test func anUnknownPriceTypeOrANegativePriceIsRefusedAndNothingIsSaved() throws {
        _ = try types()
        var command = CatalogFixtures.newProduct()
        command.prices = ["vip": Money("1.00")!, "opt": Money("-1.00")!]
        let error = try #require(throws: ERPError.self) { try CatalogFixtures.service.create(command, by: owner, on: connection) }
        #expect(error.fields.map { Set($0.keys) } == ["prices.opt", "prices.vip"])
        #expect(try CatalogFixtures.count("products", connection) == 0)
        #expect(try CatalogFixtures.count("product_type_prices", connection) == 0)
    }

    @Test func theMinimumPriceIsPartOfTheProductAndZeroRemovesIt() throws {
        var command = CatalogFixtures.newProduct()
        command.minPrice = Money("300.00")
        let product = try CatalogFixtures.service.create(command, by: owner, on: connection)
        #expect(product.minPrice == Money("300.00") && !product.minPriceAtCost)
        let atCost = try CatalogFixtures.service.update(
            product.id, with: ProductChanges(version: product.version, minPriceAtCost: true), by: owner, on: connection)
        #expect(atCost.minPrice == Money("300.00") && atCost.minPriceAtCost)
        let cleared = try CatalogFixtures.service.update(
            product.id, with: ProductChanges(version: atCost.version, minPrice: .zero(), minPriceAtCost: false), by: owner, on: connection)
        #expect(cleared.minPrice == nil && !cleared.minPriceAtCost)
        #expect(try CatalogFixtures.count("product_price_floors", connection) == 0)
    }

    @Test func pricesAndMinimumPricesRoundTripThroughCSV() throws {
        _ = try types()
        var command = CatalogFixtures.newProduct()
        command.prices = ["retail": Money("500.00")!, "opt": Money("400.00")!]
        command.minPrice = Money("300.00")
        let hammer = try CatalogFixtures.service.create(command, by: owner, on: connection)
        let exported = try ProductTransfer.export(by: owner, time: .fixed(CatalogFixtures.now), on: connection)
        #expect(exported.hasPrefix("sku,name,unit,kind,barcodes,category_id,price,vat_rate,min_stock,archived,min_price,max_stock,preferred_supplier_id,pack_size,price:retail,price:opt"))
        #expect(exported.contains(",300.00,0.000,,0.000,500.00,400.00"))
        #expect(try ProductTransfer.importCSV(exported, dryRun: false, by: owner, time: .fixed(CatalogFixtures.now), on: connection).unchanged == 1)
        #expect(try CatalogFixtures.count("product_type_prices", connection) == 2)

        // Russian Excel: semicolons and decimal commas; a new wholesale price and floor from today.
        let typed = "sku;price:opt;min_price\r\nham-1;390,50;350\r\n"
        _ = try ProductTransfer.importCSV(typed, dryRun: false, by: owner, time: .fixed(CatalogFixtures.now), on: connection)
        let changed = try CatalogFixtures.service.product(hammer.id, by: owner, on: connection)
        #expect(changed.prices == ["retail": Money("500.00")!, "opt": Money("390.50")!] && changed.minPrice == Money("350.00"))

        let other = try TestDatabase.make().connect()
        let (otherOwner, _, _) = try CatalogFixtures.people(other)
        _ = try CatalogFixtures.service.create(NewPriceType(code: "retail", name: "Розничная"), by: otherOwner, on: other)
        _ = try CatalogFixtures.service.create(NewPriceType(code: "opt", name: "Оптовая"), by: otherOwner, on: other)
        let again = try ProductTransfer.export(by: owner, time: .fixed(CatalogFixtures.now), on: connection)
        _ = try ProductTransfer.importCSV(again, dryRun: false, by: otherOwner, time: .fixed(CatalogFixtures.now), on: other)
        #expect(try ProductTransfer.export(by: otherOwner, time: .fixed(CatalogFixtures.now), on: other) == again)
    }

    @Test func anUnknownPriceColumnOrANegativeCSVPriceRefusesTheFile() throws {
        _ = try types()
        let unknown = try #require(throws: ERPError.self) {
            try ProductTransfer.importCSV("sku,name,unit,price,vat_rate,price:vip\nA,A,pcs,1.00,20,1.00\n", dryRun: false, by: owner, on: connection)
        }
        #expect(unknown.fields?.keys.sorted() == ["line 1, column 6"])
        let negative = try #require(throws: ERPError.self) {
            try ProductTransfer.importCSV("sku,name,unit,price,vat_rate,price:opt\nA,A,pcs,1.00,20,-1.00\n", dryRun: false, by: owner, on: connection)
        }
        #expect(negative.fields?.keys.sorted() == ["line 2, price:opt"])
        #expect(try CatalogFixtures.count("products", connection) == 0)
        #expect(try CatalogFixtures.count("product_type_prices", connection) == 0)
    }
}
