import ERPCore
import Testing
import TestShop
import TestSupport

@testable import Sales

/// Extreme quantities, prices and discounts on an order are the client's mistake: a validation
/// error naming the line (or `lines` for the totals), nothing written.
@Suite("Orders with extreme values")
struct OrderExtremeValuesTests {
    private func refusal(_ shop: TestShop, _ lines: [NewOrderLine]) throws -> [String: String] {
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.draft(lines) }
        #expect(try shop.snapshot() == before, "a refused order writes nothing")
        return try #require(error.fields, "\(error)")
    }

    @Test func aLineWhoseAmountDoesNotFitIsRefusedNamingIt() throws {
        let shop = try TestShop.make()
        let fields = try refusal(shop, [
            NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!),
            NewOrderLine(productID: shop.nails.id, qty: Quantity(thousandths: .max)),
        ])
        #expect(fields.keys.sorted() == ["lines[1]"])
    }

    @Test func twiceTheLargestPriceIsRefusedNamingTheLine() throws {
        let shop = try TestShop.make()
        let fields = try refusal(shop, [NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!, price: Money(minorUnits: .max))])
        #expect(fields.keys.sorted() == ["lines[0]"])
    }

    @Test func linesThatFitAloneButNotTogetherAreRefusedNamingTheLines() throws {
        let shop = try TestShop.make()
        let price = Money(minorUnits: Int64.max / 2)
        let fields = try refusal(shop, [shop.hammer, shop.nails, shop.delivery].map {
            NewOrderLine(productID: $0.id, qty: Quantity("1")!, price: price)
        })
        #expect(fields.keys.sorted() == ["lines"])
    }

    @Test func aFullDiscountOnTheLargestAmountIsZero() throws {
        let shop = try TestShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!, price: Money(minorUnits: .max),
                                                 discountPct: try Percentage(basisPoints: 10_000))])
        #expect(order.totals.gross == .zero())
    }

    /// The class: seeded random lines with quantities, prices and discounts from every magnitude
    /// are priced or refused as the client's mistake, never an internal error or a trap.
    @Test func randomExtremeLinesArePricedOrRefusedButNeverInternal() throws {
        let shop = try TestShop.make()
        var random = SplitMix64(seed: 7)
        let samples = SplitMix64.sampleInt64s(seed: 7, count: 300)
        func sample() -> Int64 { samples[Int(random.next() % UInt64(samples.count))] }
        var outcomes: [String: Int] = [:]
        for round in 0..<150 {
            let lines = [shop.nails, shop.delivery].prefix(round % 2 + 1).map { product in
                NewOrderLine(productID: product.id, qty: Quantity(thousandths: sample()), price: Money(minorUnits: sample()),
                             discountPct: try? Percentage(basisPoints: sample() % 10_001))
            }
            do {
                _ = try shop.draft(lines)
                outcomes["created", default: 0] += 1
            } catch let error as ERPError {
                if case .internal = error { Issue.record("round \(round): \(lines) answered internal") }
                outcomes[error.code.rawValue, default: 0] += 1
            }
        }
        #expect(outcomes["created", default: 0] > 10, "\(outcomes)")
        #expect(outcomes["validation_failed", default: 0] > 10, "\(outcomes)")
    }
}
