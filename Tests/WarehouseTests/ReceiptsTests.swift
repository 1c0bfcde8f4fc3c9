import Catalog
import ERPCore
import Parties
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("Receipts")
struct ReceiptsTests {
    @Test func aReceiptPutsGoodsIntoStockAtTheirCostWithAGaplessNumber() throws {
        let shop = try Shop()
        let first = try shop.receive([(shop.hammer, "10", "250.00"), (shop.nails, "2.500", "120.00")])
        #expect(first.number == "RCP-2026-000001")
        #expect(first.status == .posted)
        #expect(first.postedBy == "keeper")
        #expect(first.lines.map(\.sku) == ["HAM-1", "NAIL-KG"])
        #expect(first.totalCost == nil, "the storekeeper typed the costs but does not read them back")
        #expect(try shop.service.document(first.id, type: .receipt, by: shop.owner, on: shop.connection).totalCost == Money("2800.00"))
        let second = try shop.receive([(shop.hammer, "1", "1.00")])
        #expect(second.number == "RCP-2026-000002")

        let hammer = try #require(try shop.level(shop.hammer))
        #expect(hammer.onHand == Quantity("11"))
        #expect(hammer.available == Quantity("11"))
        #expect(hammer.value == Money("2501.00"))
        #expect(hammer.avgCost == Money("227.36"))  // 2501.00 / 11 = 227.3636…
        #expect(try shop.level(shop.nails)?.value == Money("300.00"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func averageCostFollowsASequenceOfReceiptsAtDifferentCosts() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.receive([(shop.hammer, "1", "200.00")])
        #expect(try shop.level(shop.hammer)?.avgCost == Money("125.00"))
        _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged,
                                                    lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
                              by: shop.keeper, on: shop.connection)
        let afterWriteOff = try #require(try shop.level(shop.hammer))
        #expect(afterWriteOff.value == Money("375.00"))
        #expect(afterWriteOff.avgCost == Money("125.00"))
        try shop.receive([(shop.hammer, "2", "50.00")])
        #expect(try shop.level(shop.hammer)?.avgCost == Money("95.00"))  // (375 + 100) / 5
        let moves = try shop.service.moves(StockMoveFilter(productID: shop.hammer.id), by: shop.owner, on: shop.connection).items
        #expect(moves.map(\.kind) == [.receipt, .writeOff, .receipt, .receipt])
        #expect(moves[1].cost == Money("-125.00"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func fractionalUnitsTakeThousandthsAndPiecesRefuseThem() throws {
        let shop = try Shop()
        try shop.receive([(shop.nails, "0.333", "99.99")])
        #expect(try shop.level(shop.nails)?.onHand == Quantity("0.333"))
        #expect(try shop.level(shop.nails)?.value == Money("33.30"))  // 33.29667 half-up
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.receive([(shop.hammer, "1.5", "10.00")]) }
        #expect(error.fields?["lines[0].qty"] != nil)
        #expect(try shop.snapshot() == before)
    }

    @Test func everyBadLineIsReportedAndNothingChanges() throws {
        let shop = try Shop()
        let before = try shop.snapshot()
        let command = NewReceipt(warehouseID: shop.main.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("0")!, unitCost: Money("1.00")!),
            ReceiptLine(productID: shop.delivery.id, qty: Quantity("1")!, unitCost: Money("1.00")!),
            ReceiptLine(productID: shop.oldModel.id, qty: Quantity("1")!, unitCost: Money("-1.00")!),
            ReceiptLine(productID: ProductID(rawValue: 999_999), qty: Quantity("1")!, unitCost: Money("1.00")!),
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("2")!, unitCost: Money("1.00")!),
        ])
        let error = try #require(throws: ERPError.self) { try shop.service.post(.receipt(command), by: shop.keeper, on: shop.connection) }
        let fields = try #require(error.fields)
        #expect(fields["lines[0].qty"] == "must be greater than zero")
        #expect(fields["lines[1].product_id"]?.contains("service") == true)
        #expect(fields["lines[2].product_id"]?.contains("archived") == true)
        #expect(fields["lines[2].unit_cost"] == "must not be negative")
        #expect(fields["lines[3].product_id"] == "there is no product 999999")
        #expect(fields["lines[4].product_id"] == "product \(shop.hammer.id) is already on line 1")
        #expect(try shop.snapshot() == before)
        let empty = try #require(throws: ERPError.self) {
            try shop.service.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [])), by: shop.keeper, on: shop.connection)
        }
        #expect(empty.fields?["lines"] == "must have at least one line")
    }

    @Test func theSupplierMustBeASupplierAndTheWarehouseActiveAndVisible() throws {
        let shop = try Shop()
        let client = try PartiesFixture.client(in: shop)
        let notSupplier = try #require(throws: ERPError.self) {
            try shop.service.post(.receipt(NewReceipt(warehouseID: shop.main.id, supplierID: client.id,
                                                      lines: [ReceiptLine(productID: shop.hammer.id, qty: Quantity("1")!, unitCost: Money("1.00")!)])),
                                  by: shop.keeper, on: shop.connection)
        }
        #expect(notSupplier.fields?["supplier_id"]?.contains("not marked as a supplier") == true)
        let scoped = try shop.user("shopkeeper", role: .storekeeper, scope: [shop.shop.id])
        let outside = try #require(throws: ERPError.self) { try shop.receive([(shop.hammer, "1", "1.00")], into: shop.main, by: scoped) }
        #expect(outside == .notFound(entity: "warehouse", id: String(shop.main.id.rawValue)))
        try shop.receive([(shop.hammer, "1", "1.00")], into: shop.shop, by: scoped)
    }

    @Test func onlyOwnersAndStorekeepersPostStock() throws {
        let shop = try Shop()
        for principal in [shop.manager, shop.accountant] {
            let error = try #require(throws: ERPError.self) { try shop.receive([(shop.hammer, "1", "1.00")], by: principal) }
            #expect(error == .forbidden(action: "post stock documents"))
        }
        try shop.receive([(shop.hammer, "1", "1.00")], by: shop.owner)
    }

    @Test func postingIsAuditedWithTheNumber() throws {
        let shop = try Shop()
        let receipt = try shop.receive([(shop.hammer, "1", "1.00")])
        let row = try shop.connection.query("""
            SELECT action, actor_login, change->>'number' FROM audit_log WHERE entity_type = 'stock_document' AND entity_id = \(receipt.id)
            """).single()
        #expect(try row.decode(0, as: String.self) == "receipt.post")
        #expect(try row.decode(1, as: String.self) == "keeper")
        #expect(try row.decode(2, as: String.self) == "RCP-2026-000001")
    }
}

/// A client party (not a supplier) for the refusal tests.
enum PartiesFixture {
    static func client(in shop: Shop) throws -> Party {
        try PartiesService(time: .fixed(Shop.now)).create(NewParty(kind: .person, name: "Иван Петров", isClient: true), by: shop.owner, on: shop.connection)
    }
}
