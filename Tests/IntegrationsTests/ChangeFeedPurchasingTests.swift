import Catalog
import ERPCore
import Parties
import Postgres
import Purchasing
import Sales
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Integrations

/// Purchasing in the change feed (issue #21): receipts against supplier orders, supplier bills and
/// payments to suppliers; and a storekeeper's feed kept to their warehouses.
@Suite("ChangeFeedPurchasing")
struct ChangeFeedPurchasingTests {
    let purchasing = PurchasingService(time: .fixed(TestShop.now))

    /// A placed order of 4 hammers and 2 kg of nails from the shop's supplier into `warehouse`.
    private func placedOrder(_ shop: TestShop, into warehouse: WarehouseID) throws -> PurchaseOrder {
        let draft = try purchasing.create(NewPurchaseOrder(supplierID: shop.supplier.id, warehouseID: warehouse, lines: [
            NewPurchaseOrderLine(productID: shop.hammer.id, qty: pcs(4), price: Money(minorUnits: 30_000)),
            NewPurchaseOrderLine(productID: shop.nails.id, qty: pcs(2), price: Money(minorUnits: 6_000)),
        ]), by: shop.owner, on: shop.connection)
        return try purchasing.place(draft.id, by: shop.owner, on: shop.connection)
    }

    @Test func aReceiptAgainstAnOrderRecordsOneStockEventPerProductThenTheReceipt() throws {
        let shop = try TestShop()
        let order = try placedOrder(shop, into: shop.main.id)
        let start = try ChangeFeedTests.events(shop).last!.id
        let (_, receipt) = try purchasing.receive(OrderReceipt(purchaseOrderID: order.id), by: shop.keeper, on: shop.connection)
        let events = try ChangeFeedTests.events(shop, since: String(start))
        #expect(events.map(\.type) == [.stockAvailableChanged, .stockAvailableChanged, .purchaseOrderReceived])
        #expect(Set(events.prefix(2).map(\.entityID)) == [shop.hammer.id.rawValue, shop.nails.id.rawValue])
        let received = try #require(events.last)
        #expect(received.entity == "purchase_order" && received.entityID == order.id.rawValue)
        #expect(received.data["status"] == .string("received"))
        #expect(received.data["receipt_id"] == .number(receipt.id.rawValue))
        #expect(received.data["warehouse_id"] == .number(shop.main.id.rawValue))
        // Quantities for whoever receives; no purchase prices, which storekeepers may not see.
        #expect(!received.data.description.contains("price") && !received.data.description.contains("cost"))
        #expect(try ChangeFeedTests.events(shop, [.purchaseOrderReceived], by: shop.keeper).map(\.id) == [received.id])
    }

    @Test func supplierBillsAndPaymentsAppearForThoseWhoReadPayables() throws {
        let shop = try TestShop()
        let day = CalendarDate(utcDayOf: TestShop.now)
        let bill = try purchasing.record(NewSupplierBill(supplierID: shop.supplier.id, number: "СЧ-7", date: day,
                                                         amount: Money(minorUnits: 120_000)), by: shop.owner, on: shop.connection)
        let payment = try purchasing.pay(NewSupplierPayment(supplierID: shop.supplier.id, amount: Money(minorUnits: 50_000), date: day),
                                         by: shop.owner, on: shop.connection)
        _ = try purchasing.reverse(payment.id, reason: "ошибка", by: shop.owner, on: shop.connection)
        let types: [ChangeEventType] = [.supplierBillRecorded, .supplierPaymentMade, .supplierPaymentReversed]
        let events = try ChangeFeedTests.events(shop, types, by: shop.accountant)
        #expect(events.map(\.type) == types)
        #expect(events.map(\.entityID) == [bill.id.rawValue, payment.id.rawValue, payment.id.rawValue])
        #expect(events[1].data["amount"] == .string("500.00") && events[2].data["number"] == .string(payment.number))
        // Managers and storekeepers do not read payables: asked, refused; unasked, left out.
        #expect(throws: ERPError.self) { try ChangeFeedTests.events(shop, [.supplierPaymentMade], by: shop.manager) }
        #expect(try ChangeFeedTests.events(shop, by: shop.keeper).allSatisfy { !types.contains($0.type) })
    }

    @Test func aScopedStorekeepersFeedLeavesOutOtherWarehousesStockAndOrders() throws {
        let shop = try TestShop()
        let stock = WarehouseService(time: .fixed(TestShop.now))
        let floor = try stock.create(NewWarehouse(code: "FLOOR", name: "Зал"), by: shop.owner, on: shop.connection)
        let floorKeeper = try Users.add(NewUser(login: "floorkeeper", role: .storekeeper, warehouseScope: [floor.id.rawValue]),
                                        by: shop.owner, on: shop.connection).principal(channel: .api)
        let order = try placedOrder(shop, into: floor.id)
        _ = try purchasing.receive(OrderReceipt(purchaseOrderID: order.id), by: shop.keeper, on: shop.connection)
        _ = try shop.sales().create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                             lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]), by: shop.manager, on: shop.connection)

        let theirs = try ChangeFeedTests.events(shop, [.stockAvailableChanged, .purchaseOrderReceived, .orderCreated], by: floorKeeper)
        #expect(theirs.map(\.type) == [.stockAvailableChanged, .stockAvailableChanged, .purchaseOrderReceived])
        #expect(theirs.allSatisfy { $0.data["warehouse_id"] == .number(floor.id.rawValue) })
        // What names no warehouse (products) they see; a storekeeper without a scope sees every warehouse.
        #expect(try ChangeFeedTests.events(shop, [.productChanged], by: floorKeeper).count == 3)
        let everyone = try ChangeFeedTests.events(shop, [.stockAvailableChanged, .orderCreated], by: shop.keeper)
        #expect(everyone.contains { $0.data["warehouse_id"] == .number(shop.main.id.rawValue) })
        #expect(everyone.contains { $0.data["warehouse_id"] == .number(floor.id.rawValue) })
        #expect(everyone.contains { $0.type == .orderCreated })
    }
}
