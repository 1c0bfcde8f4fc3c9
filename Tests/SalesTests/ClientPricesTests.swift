import Catalog
import ERPCore
import Foundation
import Parties
import Testing
import TestShop
import TestSupport

@testable import Sales

/// Price types, personal discounts and the minimum price, as an order sees them (issue #18).
@Suite("ClientPrices")
struct ClientPricesTests {
    /// The shop with a wholesale price type: hammers at 400.00 wholesale (450.00 base), nails with no
    /// wholesale price, and anna's client buying wholesale with a 5 % discount.
    static func wholesaleShop() throws -> (shop: SalesShop, client: Party) {
        let shop = try SalesShop.make()
        let catalog = CatalogService(time: .fixed(SalesShop.now))
        _ = try catalog.create(NewPriceType(code: "opt", name: "Оптовая"), by: shop.owner, on: shop.connection)
        let wholesale = try catalog.priceTypes(by: shop.owner, on: shop.connection)[0]
        _ = try catalog.update(shop.hammer.id, with: ProductChanges(version: shop.hammer.version, prices: ["opt": Money("400.00")!]),
                               by: shop.owner, on: shop.connection)
        var terms = PartyChanges(version: shop.client.version)
        terms.priceTypeID = wholesale.id
        terms.discountPct = try Percentage(basisPoints: 500)
        let client = try PartiesService(time: .fixed(SalesShop.now)).update(shop.client.id, with: terms, by: shop.manager, on: shop.connection)
        return (shop, client)
    }

    /// Sets the hammer's minimum price (and "not below cost").
    static func floor(_ shop: SalesShop, _ price: String?, atCost: Bool = false) throws {
        let catalog = CatalogService(time: .fixed(SalesShop.now))
        let hammer = try catalog.product(shop.hammer.id, by: shop.owner, on: shop.connection)
        _ = try catalog.update(hammer.id, with: ProductChanges(version: hammer.version, minPrice: price.flatMap(Money.init), minPriceAtCost: atCost),
                               by: shop.owner, on: shop.connection)
    }

    @Test func aLineTakesTheClientsPriceTypeAndPersonalDiscountByDefault() throws {
        let (shop, client) = try Self.wholesaleShop()
        #expect(try client.priceTypeID != nil && client.discountPct == Percentage(basisPoints: 500))
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(2)),
                                    NewOrderLine(productID: shop.nails.id, qty: pcs(1))])
        #expect(order.lines.map(\.price) == [Money("400.00"), Money("99.99")])
        #expect(try order.lines.map(\.discountPct) == [Percentage(basisPoints: 500), Percentage(basisPoints: 500)])
        // 2 × 400.00 less 5 % = 760.00; 99.99 less 5 % (5.00 rounded half-up) = 94.99.
        #expect(order.lines.map(\.gross) == [Money("760.00"), Money("94.99")])
    }

    @Test func aPriceOrDiscountTypedOnTheLineWinsOverTheClients() throws {
        let (shop, _) = try Self.wholesaleShop()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(1), price: Money("420.00"), discountPct: .zero)])
        #expect(order.lines[0].price == Money("420.00") && order.lines[0].discountPct == .zero)
    }

    @Test func aClientWithoutAPriceTypeBuysAtTheBasePrice() throws {
        let (shop, _) = try Self.wholesaleShop()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(1))], for: shop.otherClient, by: shop.otherManager)
        #expect(order.lines[0].price == Money("450.00") && order.lines[0].discountPct == .zero)
    }

    @Test func aManagerCannotSaveALineBelowTheMinimumPriceAndNothingIsSaved() throws {
        let shop = try SalesShop.make()
        try Self.floor(shop, "420.00")
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try shop.draft([NewOrderLine(productID: shop.delivery.id, qty: pcs(1)),
                            NewOrderLine(productID: shop.hammer.id, qty: pcs(1), discountPct: try Percentage(basisPoints: 1000))])
        }
        let message = try #require(error.fields?["lines[1].price"])
        #expect(message.contains("405.00") && message.contains("420.00") && message.contains("HAM-1"))
        #expect(error.fields?.count == 1)
        #expect(try shop.snapshot() == before)
        // At the floor exactly is allowed.
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(1), price: Money("420.00"))])
        #expect(order.lines[0].price == Money("420.00"))
    }

    @Test func theOwnerMaySellBelowTheMinimumPriceButAManagerCannotConfirmIt() throws {
        let shop = try SalesShop.make()
        try Self.floor(shop, "420.00")
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(1), price: Money("350.00"))], by: shop.owner)
        #expect(order.lines[0].price == Money("350.00"))
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection) }
        #expect(error.fields?.keys.sorted() == ["lines[0].price"])
        #expect(try shop.snapshot() == before)
        let confirmed = try shop.sales.confirm(order.id, by: shop.owner, on: shop.connection)
        #expect(confirmed.status == .confirmed)
    }

    @Test func notBelowAverageCostComparesTheNetAmountWithTheCostOfTheGoods() throws {
        // Hammers cost 300.00 each; 366.00 with 22 % VAT included (2026) is 300.00 net: allowed; 365.99 is not.
        let shop = try SalesShop.make()
        try Self.floor(shop, nil, atCost: true)
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(3), price: Money("366.00"))])
        #expect(order.lines[0].net == Money("900.00"))
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(3), price: Money("365.99"))])
        }
        #expect(error.fields?["lines[0].price"]?.contains("300.00") == true)
        #expect(try shop.snapshot() == before)
    }

    /// Gives the hammer these quantity breaks: `(price type code or nil, from qty, price)`.
    static func breaks(_ shop: SalesShop, _ breaks: [(String?, String, String)]) throws {
        let catalog = CatalogService(time: .fixed(SalesShop.now))
        let hammer = try catalog.product(shop.hammer.id, by: shop.owner, on: shop.connection)
        let list = breaks.map { QuantityBreak(priceType: $0.0, minQty: Quantity($0.1)!, price: Money($0.2)!) }
        _ = try catalog.update(hammer.id, with: ProductChanges(version: hammer.version, quantityBreaks: list), by: shop.owner, on: shop.connection)
    }

    @Test func aLineTakesTheBreakPriceOfTheLargestQuantityItReachesForTheClientsPriceType() throws {
        let (shop, _) = try Self.wholesaleShop()
        try Self.breaks(shop, [("opt", "5", "380.00"), ("opt", "8", "360.00"), (nil, "5", "430.00")])
        let quantities: [Int64] = [4, 5, 7, 8, 10]
        let prices = try quantities.map { qty in try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(qty))]).lines[0].price }
        #expect(prices == [Money("400.00"), Money("380.00"), Money("380.00"), Money("360.00"), Money("360.00")])
        // The client's 5 % applies on top: 8 × 360.00 = 2880.00 less 144.00.
        #expect(try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(8))]).lines[0].gross == Money("2736.00"))
        // Clients without a price type take the breaks without one; a typed price still wins.
        let untyped = try quantities.prefix(2).map { qty in
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(qty))], for: shop.otherClient, by: shop.otherManager).lines[0].price
        }
        #expect(untyped == [Money("450.00"), Money("430.00")])
        let typed = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(9), price: Money("410.00"))])
        #expect(typed.lines[0].price == Money("410.00"))
    }

    @Test func aBreakPriceBelowTheMinimumPriceIsRefusedForAManagerAndNothingIsSaved() throws {
        let shop = try SalesShop.make()
        try Self.breaks(shop, [(nil, "5", "400.00")])
        try Self.floor(shop, "420.00")
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(5))]) }
        #expect(error.fields?["lines[0].price"]?.contains("420.00") == true)
        #expect(try shop.snapshot() == before)
        #expect(try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(5))], by: shop.owner).lines[0].price == Money("400.00"))
    }
}
