import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import Sales

@Suite("Shipments and returns")
struct ShipmentsTests {
    @Test func partialShipmentsThenTheRestShipAtAverageCost() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("5")
        let (partial, first) = try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("2")!)]),
                                                   by: shop.keeper, on: shop.connection)
        #expect(partial.status == .partiallyShipped)
        #expect(first.number == "SHP-2026-000001")
        #expect(first.lines[0].cost == nil)  // storekeepers do not see costs
        let (shipped, rest) = try shop.sales.ship(order.id, by: shop.owner, on: shop.connection)
        #expect(shipped.status == .shipped)
        #expect(rest.lines == [ShipmentLine(productID: shop.hammer.id, qty: Quantity("3")!, cost: Money("900.00"))])
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("5"))
        #expect(try shop.level(shop.hammer)?.reserved == .zero)
        let moves = try shop.stock.moves(StockMoveFilter(kind: .shipment), by: shop.owner, on: shop.connection).items
        #expect(moves.map(\.documentType) == ["shipment", "shipment"])
        #expect(try shop.violations().isEmpty)
    }

    @Test func neverMoreThanReservedAndNeverAService() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!),
                                    NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!)])
        _ = try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection)
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("3")!),
                                                             OrderQuantity(productID: shop.delivery.id, qty: Quantity("1")!),
                                                             OrderQuantity(productID: shop.nails.id, qty: Quantity("1")!)]),
                                by: shop.keeper, on: shop.connection)
        }
        #expect(error.fields?.keys.sorted() == ["lines[0].qty", "lines[1].product_id", "lines[2].product_id"])
        #expect(try shop.snapshot() == before)
        #expect(throws: ERPError.forbidden(action: "ship orders or take returns")) {
            try shop.sales.ship(order.id, by: shop.manager, on: shop.connection)
        }
        let (shipped, _) = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        #expect(shipped.status == .shipped)  // the service line never waits for stock
    }

    @Test func piecesLeaveAndComeBackWholeWhileKilogramsMaySplit() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!),
                                    NewOrderLine(productID: shop.nails.id, qty: Quantity("2")!)])
        _ = try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection)
        let before = try shop.snapshot()
        let halves = [OrderQuantity(productID: shop.hammer.id, qty: Quantity("0.5")!),
                      OrderQuantity(productID: shop.nails.id, qty: Quantity("0.5")!)]
        let error = try #require(throws: ERPError.self) {
            try shop.sales.ship(order.id, ShipRequest(lines: halves), by: shop.keeper, on: shop.connection)
        }
        #expect(error.fields == ["lines[0].qty": "0.500 is not a whole number: pcs cannot be split"])
        #expect(try shop.snapshot() == before)
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        let shipped = try shop.snapshot()
        let returnError = try #require(throws: ERPError.self) {
            try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: halves), against: order.id, by: shop.keeper, on: shop.connection)
        }
        #expect(returnError.fields == ["lines[0].qty": "0.500 is not a whole number: pcs cannot be split"])
        #expect(try shop.snapshot() == shipped)
        let (_, returned) = try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: [halves[1]]), against: order.id,
                                                      by: shop.keeper, on: shop.connection)
        #expect(returned.lines == [halves[1]])
    }

    @Test func returnsComeBackAtTheCostTheyLeftAtWithinWhatWasShipped() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("3")
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        // A later receipt at another cost moves the average; returns keep the shipped cost.
        _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("7")!, unitCost: Money("100.00")!)])), by: shop.keeper, on: shop.connection)
        let valueBefore = try #require(try shop.level(shop.hammer)?.value)
        let line = { (qty: String) in [OrderQuantity(productID: shop.hammer.id, qty: Quantity(qty)!)] }
        let (afterReturn, ret) = try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: line("2")), against: order.id,
                                                           by: shop.keeper, on: shop.connection)
        #expect(ret.number == "RET-2026-000001")
        #expect(afterReturn.lines[0].returned == Quantity("2"))
        #expect(try shop.level(shop.hammer)?.value == (try valueBefore + Money("600.00")!))
        let before = try shop.snapshot()
        let tooMany = try #require(throws: ERPError.self) {
            try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: line("2")), against: order.id, by: shop.keeper, on: shop.connection)
        }
        #expect(tooMany.fields == ["lines[0].qty": "only 1.000 of HAM-1 can still be returned"])
        let noNote = try #require(throws: ERPError.self) {
            try shop.sales.takeReturn(ReturnRequest(reason: .other, lines: line("1")), against: order.id, by: shop.keeper, on: shop.connection)
        }
        #expect(noNote.fields?["note"] != nil)
        #expect(try shop.snapshot() == before)
        _ = try shop.sales.takeReturn(ReturnRequest(reason: .other, note: "клиент передумал", lines: line("1")), against: order.id,
                                      by: shop.keeper, on: shop.connection)
        let returned = try shop.stock.moves(StockMoveFilter(kind: .return), by: shop.owner, on: shop.connection).items
        #expect(try Money.sum(returned.compactMap(\.cost)) == Money("900.00"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func returnedCostsAddUpExactlyOverAwkwardPartialReturns() throws {
        let shop = try SalesShop.make(hammers: "3")
        // Three hammers bought at 100.00, 100.00 and 100.01: each leaves at a third of 300.01.
        _ = try shop.stock.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged, lines: [
            StockLine(productID: shop.hammer.id, qty: Quantity("3")!)])), by: shop.keeper, on: shop.connection)
        _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("2")!, unitCost: Money("100.00")!)])), by: shop.keeper, on: shop.connection)
        _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("1")!, unitCost: Money("100.01")!)])), by: shop.keeper, on: shop.connection)
        let order = try shop.confirmedHammers("3")
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        for _ in 0..<3 {
            _ = try shop.sales.takeReturn(ReturnRequest(reason: .notNeeded, lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                          against: order.id, by: shop.keeper, on: shop.connection)
        }
        let returned = try shop.stock.moves(StockMoveFilter(kind: .return), by: shop.owner, on: shop.connection).items
        #expect(Set(returned.compactMap(\.cost)) == [Money("100.00")!, Money("100.01")!])
        #expect(try shop.level(shop.hammer)?.value == Money("300.01"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func reservedStockCannotBeWrittenOffOrTransferredAway() throws {
        let shop = try SalesShop.make(hammers: "3")
        _ = try shop.confirmedHammers("3")
        let shopFloor = try shop.stock.create(NewWarehouse(code: "FLOOR", name: "Floor"), by: shop.owner, on: shop.connection)
        let writeOff = try #require(throws: ERPError.self) {
            try shop.stock.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .lost, lines: [
                StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])), by: shop.keeper, on: shop.connection)
        }
        #expect(writeOff.shortLines == [ShortLine(product: shop.hammer.id, requested: Quantity("1")!, available: .zero)])
        let transfer = try #require(throws: ERPError.self) {
            try shop.stock.post(.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shopFloor.id, lines: [
                StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])), by: shop.keeper, on: shop.connection)
        }
        #expect(transfer.shortLines != nil)
    }
}
