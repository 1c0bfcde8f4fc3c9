import Billing
import CRM
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Testing
import TestSupport
import Warehouse

@testable import Demo

/// One `small` demo, loaded once for the whole suite into a database of its own, the books on a
/// second connection as `erp demo` keeps them.
struct LoadedDemo: Sendable {
    static let lastDay = CalendarDate("2026-06-30")!
    static let shared: Result<LoadedDemo, any Error> = Result { try LoadedDemo() }

    let database: TestDatabase
    let result: DemoResult

    private init() throws {
        database = try TestDatabase.make()
        let connection = try database.connect()
        let books = try database.connect()
        defer {
            connection.close()
            books.close()
        }
        result = try DemoLoader.load(.small, lastDay: LoadedDemo.lastDay, on: connection, books: books)
    }

    static func get() throws -> LoadedDemo { try shared.get() }

    /// The owner, acting through the API as someone looking at the demo would.
    func owner(on connection: Connection) throws -> Principal {
        try Users.principal(forLogin: DemoLoader.ownerLogin, channel: .api, on: connection)
    }
}

@Suite("The demo loader")
struct DemoLoaderTests {
    @Test func smallDemoHasEveryKindOfThingInRange() throws {
        let tally = try LoadedDemo.get().result.tally
        #expect(tally.users == 10)
        #expect(tally.warehouses == 3)
        #expect((25...35).contains(tally.categories))
        #expect((150...250).contains(tally.products))
        #expect((4...12).contains(tally.suppliers))
        #expect((30...50).contains(tally.clients))
        #expect(tally.contacts >= 20)
        #expect(tally.receipts >= 20 && tally.transfers >= 10 && tally.writeOffs >= 3 && tally.stockCounts >= 3)
        #expect(tally.cancelledStockDocuments == 1)
        #expect(tally.purchaseOrders >= 10 && tally.supplierReturns == 1)
        #expect(tally.supplierBills >= tally.purchaseOrders / 2 && tally.supplierPayments > 0)
        #expect((150...800).contains(tally.orders))
        for status in OrderStatus.allCases {
            #expect(tally.ordersByStatus[status] > 0, "no \(status.rawValue) order")
        }
        #expect(tally.ordersByStatus.total == tally.orders)
        #expect(tally.shipments > tally.orders / 2 && tally.returns > 0)
        #expect(tally.invoices > 0 && tally.upds >= tally.shipments && tally.acts > 0 && tally.corrections > 0)
        #expect(tally.annulledDocuments >= 1 && tally.reversedPayments == 1 && tally.payments > tally.upds / 3)
        #expect(tally.stockMoves > 1_500)
    }

    @Test func theServicesSeeWhatTheTallySays() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let owner = try demo.owner(on: connection)
        let products = try CatalogService().products(matching: ProductFilter(limit: 500), by: owner, on: connection).items
        #expect(products.count == demo.result.tally.products)
        #expect(products.contains { $0.unit == "kg" } && products.contains { $0.unit == "m" } && products.contains { $0.kind == .service })
        #expect(products.allSatisfy { $0.barcodes.allSatisfy { Barcodes.problem(with: $0) == nil } })
        let parties = try PartiesService().parties(matching: PartyFilter(limit: 500), by: owner, on: connection).items
        #expect(parties.count == demo.result.tally.clients + demo.result.tally.suppliers)
        #expect(parties.contains { $0.kind == .person && $0.ogrn != nil } && parties.contains { $0.bank != nil })
        #expect(try WarehouseService().warehouses(by: owner, on: connection).map(\.code) == ["MAIN", "SHOP", "SPB"])
        let orders = try SalesService().orders(OrderFilter(limit: 500), by: owner, on: connection).items
        #expect(orders.count == min(500, demo.result.tally.orders))
        #expect(Set(orders.map { CalendarDate(utcDayOf: $0.createdAt).month }).count >= 3)
    }

    @Test func everyInvariantHoldsAfterLoading() throws {
        let connection = try LoadedDemo.get().database.connect()
        defer { connection.close() }
        #expect(try WarehouseService().check(on: connection).isEmpty)
        #expect(try SalesService().check(on: connection).isEmpty)
    }

    @Test func thePlannerKnowsTheLoadedTablesWithoutWaitingForAutovacuum() throws {
        let connection = try LoadedDemo.get().database.connect()
        defer { connection.close() }
        let unanalyzed = try connection.query("""
            SELECT relname::text FROM pg_stat_user_tables
            WHERE relname IN ('shipments', 'shipment_lines', 'sales_orders', 'stock_moves', 'purchase_order_lines')
              AND last_analyze IS NULL AND last_autoanalyze IS NULL
            """).map { try $0.decode(0, as: String.self) }
        #expect(unanalyzed == [])
    }

    @Test func theAuditLogSaysTheDemoDidItAsTheCompanysPeople() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let owner = try demo.owner(on: connection)
        let entries = try Audit.entries(matching: AuditFilter(limit: 500), by: owner, on: connection).items
        #expect(entries.count == 500)
        #expect(entries.allSatisfy { $0.channel == .demo })
        #expect(Set(entries.map(\.actorLogin)).isSuperset(of: ["elena"]))
        let shipped = try Audit.entries(matching: AuditFilter(action: "order.ship", limit: 50), by: owner, on: connection).items
        #expect(!shipped.isEmpty && shipped.allSatisfy { ["kirill", "oleg", "sergey"].contains($0.actorLogin) })
    }

    @Test func receivablesHaveCurrentAndOverdueDebt() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let accountant = try Users.principal(forLogin: "elena", channel: .api, on: connection)
        let report = try BillingService().receivables(asOf: LoadedDemo.lastDay, by: accountant, on: connection)
        #expect(report.items.count >= 5)
        #expect(report.totals.days0To30.isNegative == false && !report.totals.days0To30.isZero)
        #expect(!report.totals.overdue.isZero)
    }

    @Test func theDemosDocumentsOf2026ShowTheStandardRateAt22Percent() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let accountant = try Users.principal(forLogin: "elena", channel: .api, on: connection)
        let documents = try BillingService().documents(DocumentFilter(limit: 500), by: accountant, on: connection).items
        #expect(!documents.isEmpty && documents.allSatisfy { $0.date.year == 2026 })
        let rates = Set(documents.flatMap { $0.content.lines.map(\.vatRate) })
        #expect(rates.contains(.percent22) && !rates.contains(.percent20), "\(rates)")
    }

    @Test func loadingAgainIsRefusedAndChangesNothing() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        #expect(try DemoLoader.hasBusinessData(on: connection))
        let error = try #require(throws: ERPError.self) { try DemoLoader.load(.small, on: connection) }
        #expect(error.exitCode == 4)
        let owner = try demo.owner(on: connection)
        #expect(try Users.list(limit: 100, by: owner, on: connection).items.count == demo.result.tally.users)
    }

    @Test func aTakenDemoLoginIsRefusedBeforeAnythingIsWritten() throws {
        let database = try TestDatabase.make()
        let connection = try database.connect()
        defer { connection.close() }
        let olga = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .api)
        _ = try Users.add(NewUser(login: "anna", role: .accountant), by: olga, on: connection)
        let error = try #require(throws: ERPError.self) { try DemoLoader.load(.small, on: connection) }
        #expect(error.code == .duplicate)
        #expect(try Users.list(by: olga, on: connection).items.map(\.login) == ["olga", "anna"])
        #expect(try CompanySettings.get(by: olga, on: connection).version == 0)
    }

    @Test func theSameSizeAndDaysLoadTheSameBusinessOnOneConnectionOrTwo() throws {
        let demo = try LoadedDemo.get()
        let again = try TestDatabase.make()
        let connection = try again.connect()
        defer { connection.close() }
        let result = try DemoLoader.load(.small, lastDay: LoadedDemo.lastDay, on: connection)
        #expect(result.tally == demo.result.tally)
        let first = try demo.database.connect()
        defer { first.close() }
        func orders(on connection: Connection) throws -> [String] {
            let owner = try demo.owner(on: connection)
            return try SalesService().orders(OrderFilter(limit: 500), by: owner, on: connection).items
                .map { "\($0.number) \($0.status.rawValue) \($0.total) \($0.createdAt)" }
        }
        func documents(on connection: Connection) throws -> [String] {
            let owner = try demo.owner(on: connection)
            return try BillingService().documents(DocumentFilter(limit: 500), by: owner, on: connection).items
                .map { "\($0.number) \($0.status.rawValue) \($0.total) \($0.date)" }
        }
        #expect(try orders(on: connection) == orders(on: first))
        #expect(try documents(on: connection) == documents(on: first))
    }

    @Test func anErrorOfTheBooksLaneStopsTheLoadAtTheNextDay() throws {
        let database = try TestDatabase.make()
        let connection = try database.connect()
        let books = try database.connect()
        defer { [connection, books].forEach { $0.close() } }
        let steps: [any DemoStep] = [CatalogStep(), PartiesStep(), StockStep(), SalesStep(), FailingStep(in: .books, onDay: 2)]
        let error = try #require(throws: ERPError.self) {
            try DemoLoader.load(.small, lastDay: LoadedDemo.lastDay, steps: steps, on: connection, books: books) { _ in }
        }
        #expect(error == FailingStep.failure)
        // The books stopped on day 2: what they wrote (a note each day before) is all there is.
        #expect(try activities(on: books) == 2)
        #expect(try connection.query("SELECT count(*) FROM sales_orders").single().decode(0, as: Int64.self) > 0)
    }

    @Test func anErrorOfTheGoodsLaneReturnsOnlyOnceTheBooksOfTheDayBeforeAreDone() throws {
        let database = try TestDatabase.make()
        let connection = try database.connect()
        let books = try database.connect()
        defer { [connection, books].forEach { $0.close() } }
        let steps: [any DemoStep] = [CatalogStep(), PartiesStep(), FailingStep(in: .goods, onDay: 3),
                                     FailingStep(in: .books, onDay: 100, taking: 0.5)]
        let error = try #require(throws: ERPError.self) {
            try DemoLoader.load(.small, lastDay: LoadedDemo.lastDay, steps: steps, on: connection, books: books) { _ in }
        }
        #expect(error == FailingStep.failure)
        // A note a day in each lane for days 0–2, the books' of day 2 written before the load returned.
        #expect(try activities(on: connection) == 6)
    }

    private func activities(on connection: Connection) throws -> Int64 {
        try connection.query("SELECT count(*) FROM activities").single().decode(0, as: Int64.self)
    }

    @Test func theTokenPrintedAtTheEndSignsTheOwnerIn() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        #expect(demo.result.ownerToken.hasPrefix(Tokens.scheme))
        #expect(demo.result.logins.count == 9)
        let principal = try Tokens.authenticate(token: demo.result.ownerToken, channel: .api, in: connection)
        #expect(principal.login == DemoLoader.ownerLogin && principal.role == .owner)
    }

    @Test func theResultEncodesAsTheAPIsJSON() throws {
        let result = try LoadedDemo.get().result
        let json = String(decoding: try ERPJSON.encode(result), as: UTF8.self)
        #expect(json.contains("\"owner_token\":\"erp_") && json.contains("\"stock_moves\":"))
        #expect(json.contains("\"orders_by_status\":{\"cancelled\":") && json.contains("\"partially_shipped\":"))
        #expect(try ERPJSON.decode(DemoResult.self, from: Array(json.utf8)) == result)
    }
}

/// A step of `lane` that logs a note every day, `taking` seconds first, and fails on day `onDay`.
private final class FailingStep: DemoStep {
    static let failure = ERPError.invalidState(entity: "the test's step", current: "failing", action: "act out the day")
    let title = "failing"
    let lane: DemoLane
    let onDay: Int
    let taking: TimeInterval

    init(in lane: DemoLane, onDay: Int, taking: TimeInterval = 0) {
        self.lane = lane
        self.onDay = onDay
        self.taking = taking
    }

    func day(_ demo: DemoState) throws {
        guard demo.clock.dayIndex < onDay, let client = demo.clients.first else { throw Self.failure }
        Thread.sleep(forTimeInterval: taking)
        _ = try CRMService(time: demo.clock.time).log(NewActivity(type: .note, partyID: client.id, text: "день \(demo.clock.dayIndex)"),
                                                      by: client.manager, on: demo.connection)
    }
}
