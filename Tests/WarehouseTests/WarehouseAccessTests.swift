import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

/// Who reads costs and who writes where (role × resource): purchase costs only with `stock.costs`
/// on every stock document and read model; a storekeeper's scope on every warehouse an action writes to.
@Suite("Warehouse access")
struct WarehouseAccessTests {
    /// Every kind of stock document, posted and cancelled, read back by every role.
    @Test(arguments: Role.allCases)
    func costsOnStockDocumentsAreShownOnlyToRolesWithTheCostPermission(role: Role) throws {
        let shop = try Shop()
        let viewer = role == .owner ? shop.owner : try shop.user("viewer", role: role)
        let receipt = try shop.receive([(shop.hammer, "10", "250.00")])
        let transfer = try shop.service.post(.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                                                   lines: [StockLine(productID: shop.hammer.id, qty: Quantity("2")!)])),
                                             by: shop.keeper, on: shop.connection)
        let writeOff = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged,
                                                                   lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
                                             by: shop.keeper, on: shop.connection)
        let count = try shop.service.post(.stockCount(NewStockCount(warehouseID: shop.main.id, lines: [
            CountLine(productID: shop.hammer.id, countedQty: Quantity("6")!)])), by: shop.keeper, on: shop.connection)
        let cancelled = try shop.service.cancel(writeOff.id, type: .writeOff, by: shop.keeper, on: shop.connection)
        let seesCosts = role == .owner || role == .accountant
        #expect(Permission.readStockCosts.roles.contains(role) == seesCosts)
        for document in [receipt, transfer, writeOff, count, cancelled] {
            let read = try shop.service.document(document.id, type: document.type, by: viewer, on: shop.connection)
            let byNumber = try shop.service.document(number: try #require(document.number), by: viewer, on: shop.connection)
            for shown in [read, byNumber] {
                #expect(shown.lines.contains { $0.unitCost != nil } == (seesCosts && document.type == .receipt), "\(document.type)")
                #expect((shown.totalCost != nil) == (seesCosts && document.type == .receipt), "\(document.type)")
            }
        }
        let moves = try shop.service.moves(StockMoveFilter(), by: viewer, on: shop.connection).items
        #expect(!moves.isEmpty && moves.allSatisfy { ($0.cost != nil) == seesCosts })
        let card = try shop.service.card(of: shop.hammer.id, by: viewer, on: shop.connection)
        #expect(card.levels.allSatisfy { ($0.avgCost != nil) == seesCosts && ($0.value != nil) == seesCosts })
        #expect(card.recentMoves.allSatisfy { ($0.cost != nil) == seesCosts })
        let levels = try shop.service.levels(StockLevelFilter(), by: viewer, on: shop.connection)
        #expect(levels.items.allSatisfy { ($0.avgCost != nil) == seesCosts } && (levels.totals.value != nil) == seesCosts)
    }

    @Test func aStorekeeperScopedToOneEndCannotCancelATransferInEitherDirection() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "4", "100.00")], by: shop.owner)
        let outbound = try shop.service.post(.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                                                   lines: [StockLine(productID: shop.hammer.id, qty: Quantity("2")!)])),
                                             by: shop.owner, on: shop.connection)
        let inbound = try shop.service.post(.transfer(NewTransfer(fromWarehouseID: shop.shop.id, toWarehouseID: shop.main.id,
                                                                  lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
                                            by: shop.owner, on: shop.connection)
        let shopKeeper = try shop.user("shopkeeper", role: .storekeeper, scope: [shop.shop.id])
        let before = try shop.snapshot()
        for transfer in [outbound, inbound] {
            // They read the transfer (one end is theirs) but may not write to the other end.
            #expect(try shop.service.document(transfer.id, type: .transfer, by: shopKeeper, on: shop.connection).id == transfer.id)
            let error = try #require(throws: ERPError.self) {
                try shop.service.cancel(transfer.id, type: .transfer, by: shopKeeper, on: shop.connection)
            }
            #expect(error.code == .forbidden)
        }
        #expect(try shop.snapshot() == before)
        #expect(try shop.service.document(outbound.id, type: .transfer, by: shop.owner, on: shop.connection).status == .posted)
    }

    @Test func theLedgerRefusesAnyMoveOutsideThePostersScope() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "4", "100.00")], by: shop.owner)
        let shopKeeper = try shop.user("shopkeeper", role: .storekeeper, scope: [shop.shop.id])
        let before = try shop.snapshot()
        // Whatever use case writes (a document, a cancellation, a shipment, a return), it writes through here.
        let requests = [
            MoveRequest(productID: shop.hammer.id, warehouseID: shop.shop.id, qty: Quantity("1")!, kind: .transferIn,
                        pricing: .unitCost(Money("1.00")!), documentType: "transfer", documentID: 1),
            MoveRequest(productID: shop.hammer.id, warehouseID: shop.main.id, qty: Quantity("-1")!, kind: .transferOut,
                        pricing: .averageCost, documentType: "transfer", documentID: 1),
        ]
        let error = try #require(throws: ERPError.self) {
            try shop.connection.serviceTransaction { tx in try StockLedger.post(requests, by: shopKeeper, at: Shop.now, in: tx) }
        }
        #expect(error.code == .forbidden)
        #expect(try shop.snapshot() == before)
    }

    @Test func aScopedStorekeeperCannotOpenFillOrPostACountOutsideTheScope() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "4", "100.00")], by: shop.owner)
        let open = try shop.service.post(.stockCount(NewStockCount(warehouseID: shop.main.id, open: true)), by: shop.owner,
                                         on: shop.connection)
        let shopKeeper = try shop.user("shopkeeper", role: .storekeeper, scope: [shop.shop.id])
        let before = try shop.snapshot()
        #expect(throws: ERPError.notFound(entity: "warehouse", id: String(shop.main.id.rawValue))) {
            try shop.service.post(.stockCount(NewStockCount(warehouseID: shop.main.id, open: true)), by: shopKeeper, on: shop.connection)
        }
        let fill = try #require(throws: ERPError.self) {
            try shop.service.fill(open.id, with: StockCountChanges(lines: [CountLine(productID: shop.hammer.id, countedQty: Quantity("1")!)]),
                                  by: shopKeeper, on: shop.connection)
        }
        let post = try #require(throws: ERPError.self) { try shop.service.postCount(open.id, by: shopKeeper, on: shop.connection) }
        #expect(fill.code == .notFound && post.code == .notFound)
        #expect(try shop.snapshot() == before)
    }
}
