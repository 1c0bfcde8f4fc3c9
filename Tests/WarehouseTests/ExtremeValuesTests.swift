import Catalog
import ERPCore
import Testing
import TestSupport

@testable import Warehouse

/// Extreme quantities and costs are a client's mistake: 422 naming the field, nothing written —
/// never a trap or a 500 from arithmetic that does not fit in Int64.
@Suite("Receipts and levels with extreme values")
struct ExtremeValuesTests {
    /// The largest quantity a line can carry: Int64.max thousandths.
    static let maxQty = Quantity(thousandths: .max).description
    static let maxCost = Money(minorUnits: .max).description

    private func refusal(_ shop: Shop, _ lines: [(Product, String, String)]) throws -> [String: String] {
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.receive(lines) }
        #expect(try shop.snapshot() == before, "a refused receipt writes nothing")
        return try #require(error.fields, "\(error)")
    }

    @Test(arguments: [(maxQty, "1000.00"), ("2", maxCost), (maxQty, maxCost), ("1000000000000", "100000000.00")])
    func aLineWhoseCostDoesNotFitIsRefusedNamingItsUnitCost(qty: String, cost: String) throws {
        let shop = try Shop()
        let fields = try refusal(shop, [(shop.hammer, "1", "1.00"), (shop.nails, qty, cost)])
        #expect(fields == ["lines[1].unit_cost": "qty × unit_cost is more than a receipt can record"])
    }

    @Test func linesThatFitAloneButNotTogetherAreRefused() throws {
        let shop = try Shop()
        let half = Money(minorUnits: .max / 2 + 1).description
        let fields = try refusal(shop, [(shop.hammer, "1", half), (shop.nails, "1", half)])
        #expect(fields.keys.sorted() == ["lines[1].unit_cost"])
    }

    @Test func theLargestQuantityAtNoCostIsRecordedAndOneMoreIsRefused() throws {
        let shop = try Shop()
        try shop.receive([(shop.nails, Self.maxQty, "0.00")])
        #expect(try shop.level(shop.nails)?.onHand == Quantity(thousandths: .max))
        let fields = try refusal(shop, [(shop.nails, "0.001", "0.00")])
        #expect(fields.keys.sorted() == ["lines"])
        #expect(fields["lines"]?.contains("too large") == true)
        #expect(try shop.violations().isEmpty)
    }

    @Test func aLevelWhoseValueWouldNotFitRefusesTheNextReceipt() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1", Self.maxCost)])
        let fields = try refusal(shop, [(shop.hammer, "1", "0.01")])
        #expect(fields.keys.sorted() == ["lines"])
        #expect(try shop.level(shop.hammer)?.value == Money(minorUnits: .max))
    }

    @Test func aWholeLevelOfExtremeValueLeavesWhole() throws {
        let shop = try Shop()
        try shop.receive([(shop.nails, Self.maxQty, "0.01")])
        _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged,
                                                    lines: [StockLine(productID: shop.nails.id, qty: Quantity("1.5")!)])),
                              by: shop.keeper, on: shop.connection)
        #expect(try shop.violations().isEmpty)
    }

    /// The class, not one case: seeded random postings of every kind with quantities and costs
    /// from every magnitude (Int64 extremes included) either succeed or are refused as the
    /// client's mistake — never an internal error, never a trap — and the ledger stays consistent.
    @Test func randomExtremePostingsAreAcceptedOrRefusedButNeverInternal() throws {
        let shop = try Shop()
        var random = SplitMix64(seed: 13)
        let samples = SplitMix64.sampleInt64s(seed: 13, count: 400)
        func sample() -> Int64 { samples[Int(random.next() % UInt64(samples.count))] }
        let products = [shop.hammer, shop.nails]
        var outcomes: [String: Int] = [:]
        for round in 0..<240 {
            let product = products[round % 2].id
            let qty = Quantity(thousandths: sample())
            let command: StockCommand = switch round % 4 {
            case 0: .receipt(NewReceipt(warehouseID: shop.main.id, lines: [
                ReceiptLine(productID: product, qty: qty, unitCost: Money(minorUnits: sample())),
            ]))
            case 1: .writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged, lines: [StockLine(productID: product, qty: qty)]))
            case 2: .transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                          lines: [StockLine(productID: product, qty: qty)]))
            default: .stockCount(NewStockCount(warehouseID: shop.main.id, lines: [CountLine(productID: product, countedQty: qty)]))
            }
            do {
                _ = try shop.service.post(command, by: shop.owner, on: shop.connection)
                outcomes["posted", default: 0] += 1
            } catch {
                if case .internal = error { Issue.record("round \(round): \(command) answered internal") }
                outcomes[error.code.rawValue, default: 0] += 1
            }
        }
        #expect(outcomes["posted", default: 0] > 20, "\(outcomes)")
        #expect(outcomes["validation_failed", default: 0] > 20, "\(outcomes)")
        #expect(try shop.violations().isEmpty)
    }
}
