import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("StockLevels")
struct StockLevelsTests {
    @Test func levelsShowAvailableAndTotalsOverTheWholeFilter() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00"), (shop.nails, "1", "50.00")])
        try shop.receive([(shop.hammer, "1", "100.00")], into: shop.shop)
        let first = try shop.service.levels(StockLevelFilter(limit: 2), by: shop.owner, on: shop.connection)
        #expect(first.items.count == 2)
        #expect(first.totals == StockTotals(levels: 3, value: Money("450.00")))
        let cursor = try #require(first.nextCursor)
        let second = try shop.service.levels(StockLevelFilter(limit: 2, cursor: cursor), by: shop.owner, on: shop.connection)
        #expect(second.items.map(\.sku) == ["NAIL-KG"])
        #expect(second.nextCursor == nil)
        let bad = try #require(throws: ERPError.self) {
            try shop.service.levels(StockLevelFilter(limit: 0, cursor: "x"), by: shop.owner, on: shop.connection)
        }
        #expect(bad.fields?.keys.sorted() == ["cursor", "limit"])
    }

    @Test func costsAreForOwnersAndAccountantsOnly() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        for principal in [shop.owner, shop.accountant] {
            let page = try shop.service.levels(StockLevelFilter(), by: principal, on: shop.connection)
            #expect(page.items.first?.avgCost == Money("100.00"))
            #expect(page.totals.value == Money("300.00"))
        }
        for principal in [shop.keeper, shop.manager] {
            let page = try shop.service.levels(StockLevelFilter(), by: principal, on: shop.connection)
            #expect(page.items.first?.available == Quantity("3"))
            #expect(page.items.first?.avgCost == nil)
            #expect(page.items.first?.value == nil)
            #expect(page.totals.value == nil)
            let moves = try shop.service.moves(StockMoveFilter(), by: principal, on: shop.connection).items
            #expect(moves.allSatisfy { $0.cost == nil })
        }
    }

    @Test func aScopedStorekeeperSeesOnlyTheirWarehouses() throws {
        let shop = try Shop()
        let main = try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.receive([(shop.hammer, "1", "100.00")], into: shop.shop)
        let scoped = try shop.user("shopkeeper", role: .storekeeper, scope: [shop.shop.id])
        #expect(try shop.service.warehouses(by: scoped, on: shop.connection).map(\.code) == ["SHOP"])
        #expect(try shop.service.levels(StockLevelFilter(), by: scoped, on: shop.connection).items.map(\.warehouseID) == [shop.shop.id])
        #expect(try shop.service.moves(StockMoveFilter(), by: scoped, on: shop.connection).items.map(\.warehouseID) == [shop.shop.id])
        #expect(throws: ERPError.notFound(entity: "receipt", id: String(main.id.rawValue))) {
            try shop.service.document(main.id, type: .receipt, by: scoped, on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "warehouse", id: "MAIN")) {
            try shop.service.warehouse("MAIN", by: scoped, on: shop.connection)
        }
        let card = try shop.service.card(of: shop.hammer.id, by: scoped, on: shop.connection)
        #expect(card.levels.map(\.warehouseID) == [shop.shop.id])
    }

    @Test func theMovesFilterByKindPeriodAndActor() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.receive([(shop.hammer, "1", "100.00")], by: shop.owner)
        let byOwner = try shop.service.moves(StockMoveFilter(actorID: shop.owner.userID), by: shop.owner, on: shop.connection)
        #expect(byOwner.items.map(\.actorLogin) == ["owner"])
        let later = try shop.service.moves(StockMoveFilter(from: Shop.now.addingTimeInterval(1)), by: shop.owner, on: shop.connection)
        #expect(later.items.isEmpty)
        let receipts = try shop.service.moves(StockMoveFilter(kind: .receipt, limit: 1), by: shop.owner, on: shop.connection)
        #expect(receipts.items.count == 1)
        #expect(receipts.nextCursor != nil)
    }

    @Test func lowStockListsGoodsBelowTheirMinimum() throws {
        let shop = try Shop()
        #expect(try shop.service.lowStock(warehouse: nil, by: shop.manager, on: shop.connection).map(\.sku) == ["HAM-1"])
        try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.receive([(shop.hammer, "3", "100.00")], into: shop.shop)
        #expect(try shop.service.lowStock(warehouse: nil, by: shop.manager, on: shop.connection).isEmpty)
        let inMain = try shop.service.lowStock(warehouse: shop.main.id, by: shop.manager, on: shop.connection)
        #expect(inMain.map(\.shortfall) == [Quantity("2")])
    }

    @Test func theStockCardShowsLevelsAndRecentMoves() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.receive([(shop.hammer, "2", "100.00")], into: shop.shop)
        let card = try shop.service.card(of: shop.hammer.id, by: shop.owner, on: shop.connection)
        #expect(card.sku == "HAM-1")
        #expect(card.levels.map(\.onHand) == [Quantity("3"), Quantity("2")])
        #expect(card.recentMoves.count == 2)
        #expect(throws: ERPError.notFound(entity: "product", id: "424242")) {
            try shop.service.card(of: ProductID(rawValue: 424242), by: shop.owner, on: shop.connection)
        }
    }

    @Test func warehousesHaveUniqueCodesAndOnlyOwnersCreateThem() throws {
        let shop = try Shop()
        #expect(throws: ERPError.duplicate(entity: "warehouse", field: "code", existingID: shop.main.id.rawValue)) {
            try shop.service.create(NewWarehouse(code: "main", name: "Again"), by: shop.owner, on: shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: "manage warehouses")) {
            try shop.service.create(NewWarehouse(code: "W3", name: "Third"), by: shop.keeper, on: shop.connection)
        }
        let bad = try #require(throws: ERPError.self) {
            try shop.service.create(NewWarehouse(code: "has space", name: ""), by: shop.owner, on: shop.connection)
        }
        #expect(bad.fields?.keys.sorted() == ["code", "name"])
    }
}

@Suite("Warehouses")
struct WarehousesTests {
    @Test func anInactiveWarehouseTakesNoNewDocumentsButKeepsItsStock() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        let closed = try shop.service.update(shop.main.id, with: WarehouseChanges(version: shop.main.version, active: false),
                                             by: shop.owner, on: shop.connection)
        #expect(!closed.active && closed.version == shop.main.version + 1)
        let error = try #require(throws: ERPError.self) { try shop.receive([(shop.hammer, "1", "1.00")]) }
        #expect(error.fields?["warehouse_id"] == "warehouse MAIN is inactive")
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("3"))
        #expect(throws: ERPError.versionConflict(current: closed.version)) {
            try shop.service.update(shop.main.id, with: WarehouseChanges(version: shop.main.version, active: true), by: shop.owner,
                                    on: shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: "manage warehouses")) {
            try shop.service.update(shop.main.id, with: WarehouseChanges(version: closed.version, active: true), by: shop.keeper,
                                    on: shop.connection)
        }
    }
}
