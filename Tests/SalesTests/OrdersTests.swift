import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Sales

@Suite("Orders")
struct OrdersTests {
    @Test func aDraftTakesCatalogPricesAndVATAndComputesItsTotalsHalfUp() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([
            NewOrderLine(productID: shop.hammer.id, qty: Quantity("3")!, discountPct: try Percentage(parsing: "33.33")),
            NewOrderLine(productID: shop.nails.id, qty: Quantity("0.333")!),
            NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!, price: Money("1.01")),
        ])
        #expect(order.number == "SO-2026-000001")
        #expect(order.status == .draft)
        #expect(order.managerID == shop.manager.userID)
        // 3 × 450.00 less 33.33 % = 900.045 → 900.05 gross, VAT 22/122 (the order is of 2026) = 162.304 → 162.30.
        #expect(order.lines[0].gross == Money("900.05") && order.lines[0].vat == Money("162.30"))
        // 0.333 × 99.99 = 33.29667 → 33.30, VAT 10/110 = 3.027 → 3.03.
        #expect(order.lines[1].gross == Money("33.30") && order.lines[1].vat == Money("3.03"))
        #expect(order.lines[2].price == Money("1.01") && order.lines[2].vat == Money("0.18"))
        #expect(order.totals.gross == Money("934.36"))
        #expect(order.totals.vat == Money("165.51"))
        #expect(order.totals.byRate.map(\.vatRate) == [.percent22, .percent10])
        #expect(order.lines.map(\.reserved) == [.zero, .zero, .zero])
    }

    @Test func badLinesAreAllReportedAndNothingIsWritten() throws {
        let shop = try SalesShop.make()
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try shop.draft([
                NewOrderLine(productID: shop.hammer.id, qty: Quantity("1.5")!),
                NewOrderLine(productID: shop.nails.id, qty: Quantity("0")!),
                NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!),
                NewOrderLine(productID: ProductID(rawValue: 999), qty: Quantity("1")!),
                NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!, price: Money("-1.00")),
            ])
        }
        let fields = try #require(error.fields)
        #expect(fields.keys.sorted() == ["lines[0].qty", "lines[1].qty", "lines[2].product_id", "lines[3].product_id", "lines[4].price"])
        #expect(try shop.snapshot() == before)
        #expect(throws: ERPError.validationFailed(fields: ["lines": "must have at least one line"])) { try shop.draft([]) }
    }

    @Test func onlyDraftsAreEditedAndAStaleVersionIsRefused() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)])
        let edited = try shop.sales.update(order.id, with: OrderChanges(version: order.version, comment: "до обеда", lines: [
            NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!),
        ]), by: shop.manager, on: shop.connection)
        #expect(edited.comment == "до обеда" && edited.lines[0].qty == Quantity("2") && edited.version == order.version + 1)
        #expect(throws: ERPError.versionConflict(current: edited.version)) {
            try shop.sales.update(order.id, with: OrderChanges(version: order.version), by: shop.manager, on: shop.connection)
        }
        _ = try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection)
        #expect(throws: ERPError.invalidState(entity: "order", current: "confirmed", action: "edit")) {
            try shop.sales.update(order.id, with: OrderChanges(version: edited.version + 1), by: shop.manager, on: shop.connection)
        }
    }

    @Test func aManagerSeesOnlyTheirClientsOrders() throws {
        let shop = try SalesShop.make()
        let mine = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)])
        let theirs = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)], for: shop.otherClient, by: shop.otherManager)
        #expect(throws: ERPError.notFound(entity: "order", id: String(theirs.id.rawValue))) {
            try shop.sales.order(theirs.id, by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "order", id: String(theirs.id.rawValue))) {
            try shop.sales.confirm(theirs.id, by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "party", id: String(shop.otherClient.id.rawValue))) {
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)], for: shop.otherClient)
        }
        #expect(try shop.sales.orders(OrderFilter(), by: shop.manager, on: shop.connection).items.map(\.id) == [mine.id])
        #expect(try shop.sales.orders(OrderFilter(), by: shop.accountant, on: shop.connection).items.count == 2)
        #expect(throws: ERPError.forbidden(action: "sell: create, confirm or cancel sales orders")) {
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)], by: shop.keeper)
        }
    }

    @Test func listsFilterByStatusClientAndPeriodNewestFirst() throws {
        let shop = try SalesShop.make()
        let first = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)])
        let second = try shop.confirmedHammers("1")
        let all = try shop.sales.orders(OrderFilter(limit: 1), by: shop.owner, on: shop.connection)
        #expect(all.items.map(\.id) == [second.id])
        let next = try shop.sales.orders(OrderFilter(limit: 1, cursor: all.nextCursor), by: shop.owner, on: shop.connection)
        #expect(next.items.map(\.id) == [first.id])
        #expect(try shop.sales.orders(OrderFilter(status: .draft), by: shop.owner, on: shop.connection).items.map(\.id) == [first.id])
        #expect(try shop.sales.orders(OrderFilter(from: SalesShop.now.addingTimeInterval(1)), by: shop.owner, on: shop.connection).items.isEmpty)
        #expect(try shop.sales.order(reference: "so-2026-000002", by: shop.owner, on: shop.connection).id == second.id)
    }
}
