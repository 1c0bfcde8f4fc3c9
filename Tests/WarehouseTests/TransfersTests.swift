import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("Transfers")
struct TransfersTests {
    private func transfer(_ shop: Shop, _ lines: [(Product, String)], from: Warehouse? = nil, to: Warehouse? = nil,
                          by principal: Principal? = nil) throws -> StockDocument {
        try shop.service.post(.transfer(NewTransfer(
            fromWarehouseID: (from ?? shop.main).id, toWarehouseID: (to ?? shop.shop).id,
            lines: lines.map { StockLine(productID: $0.0.id, qty: Quantity($0.1)!) })), by: principal ?? shop.keeper, on: shop.connection)
    }

    @Test func aTransferMovesStockAndItsValueBetweenWarehouses() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00"), (shop.nails, "10", "50.00")])
        let document = try transfer(shop, [(shop.hammer, "1"), (shop.nails, "2.5")])
        #expect(document.number == "TRF-2026-000001")
        #expect(document.toWarehouseID == shop.shop.id)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("2"))
        #expect(try shop.level(shop.hammer, in: shop.shop)?.onHand == Quantity("1"))
        #expect(try shop.level(shop.hammer, in: shop.shop)?.value == Money("100.00"))
        #expect(try shop.level(shop.nails, in: shop.shop)?.value == Money("125.00"))
        let moves = try shop.service.moves(StockMoveFilter(documentType: "transfer", documentID: document.id.rawValue),
                                           by: shop.owner, on: shop.connection).items
        #expect(Set(moves.map(\.kind)) == [.transferOut, .transferIn])
        #expect(try Money.sum(moves.compactMap(\.cost)) == .zero())
        #expect(try shop.violations().isEmpty)
    }

    @Test func arrivingGoodsKeepTheCostTheyLeftAtAndMoveTheDestinationsAverage() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1", "300.00")])
        try shop.receive([(shop.hammer, "1", "100.00")], into: shop.shop)
        _ = try transfer(shop, [(shop.hammer, "1")])
        #expect(try shop.level(shop.hammer, in: shop.shop)?.avgCost == Money("200.00"))
        #expect(try shop.level(shop.hammer)?.value == Money("0.00"))
    }

    @Test func aShortTransferNamesEveryShortLineAndMovesNothing() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "2", "100.00"), (shop.nails, "1", "10.00")])
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try transfer(shop, [(shop.hammer, "3"), (shop.nails, "1.001")]) }
        #expect(error.shortLines == [
            ShortLine(product: shop.hammer.id, requested: Quantity("3")!, available: Quantity("2")!),
            ShortLine(product: shop.nails.id, requested: Quantity("1.001")!, available: Quantity("1")!),
        ])
        #expect(try shop.snapshot() == before)
        // The number is not burnt: the next transfer is still the first.
        #expect(try transfer(shop, [(shop.hammer, "1")]).number == "TRF-2026-000001")
    }

    @Test func aTransferNeedsTwoDifferentWarehousesBothInTheStorekeepersScope() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "2", "100.00")])
        let same = try #require(throws: ERPError.self) { try transfer(shop, [(shop.hammer, "1")], to: shop.main) }
        #expect(same.fields?["to_warehouse_id"] == "must differ from from_warehouse_id")
        let scoped = try shop.user("mainkeeper", role: .storekeeper, scope: [shop.main.id])
        let outside = try #require(throws: ERPError.self) { try transfer(shop, [(shop.hammer, "1")], by: scoped) }
        #expect(outside == .notFound(entity: "warehouse", id: String(shop.shop.id.rawValue)))
    }

    @Test func reservedStockCannotBeTransferredAway() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "5", "100.00")])
        try shop.connection.transaction { tx in
            try StockLedger.reserve([ReservationLine(productID: shop.hammer.id, qty: Quantity("4")!)], in: shop.main.id, in: tx)
        }
        let error = try #require(throws: ERPError.self) { try transfer(shop, [(shop.hammer, "2")]) }
        #expect(error.shortLines == [ShortLine(product: shop.hammer.id, requested: Quantity("2")!, available: Quantity("1")!)])
        _ = try transfer(shop, [(shop.hammer, "1")])
        #expect(try shop.level(shop.hammer)?.available == Quantity("0"))
    }
}
