// The shop the randomized test runs in: two warehouses, goods in pieces and kilograms, a service,
// two managers with a client each, a storekeeper, an accountant and the owner — and the services
// everyone calls, on one fixed clock.

import Billing
import Catalog
import ERPCore
import Exchange
import Foundation
import Parties
import Postgres
import Purchasing
import Sales
import Synchronization
import TestShop
import TestSupport
import Warehouse

/// Who acts: each operation is performed by the role that does it in a shop.
struct People: Sendable {
    var owner: Principal
    var keeper: Principal
    var accountant: Principal
    var purchaser: Principal
}

final class World: Sendable {
    let shop: TestShop
    let people: People
    let warehouses: [WarehouseID]
    let goods: [Product]
    let service: Product
    /// The supplier with an INN whom statements pay, and its bill (2000.00) their payments race to settle.
    let payee: Party
    let payeeBill: SupplierBill
    /// (manager, the manager's client).
    let sellers: [(manager: Principal, client: PartyID)]
    let stock = WarehouseService(time: .fixed(TestShop.now))
    let sales = SalesService(time: .fixed(TestShop.now))
    let billing = BillingService(time: .fixed(TestShop.now))
    let purchasing = PurchasingService(time: .fixed(TestShop.now))
    let exchange = ExchangeService(time: .fixed(TestShop.now))
    /// Ten days on: every confirmed order is stale for `release-stale --days 7`.
    let later = SalesService(time: .fixed(TestShop.now.addingTimeInterval(10 * 86_400)))
    let today = CalendarDate(utcDayOf: TestShop.now)
    let tally = Mutex(Tally())

    init() throws {
        shop = try TestShop(TestShop.Options(hammers: "8", nailKilos: "6"))
        let purchaser = try Users.add(NewUser(login: "pete", role: .purchaser), by: shop.owner, on: shop.connection).principal(channel: .api)
        people = People(owner: shop.owner, keeper: shop.keeper, accountant: shop.accountant, purchaser: purchaser)
        let time = TimeSource.fixed(TestShop.now)
        let branch = try WarehouseService(time: time).create(NewWarehouse(code: "BR", name: "Филиал"), by: shop.owner, on: shop.connection)
        warehouses = [shop.main.id, branch.id]
        let screwdriver = try CatalogService(time: time).create(
            NewProduct(sku: "SCR-1", name: "Отвёртка", unit: "pcs", price: Money("120.00"), vatRate: .percent20), by: shop.owner, on: shop.connection)
        goods = [shop.hammer, shop.nails, screwdriver]
        service = shop.delivery
        sellers = [(shop.manager, shop.client.id), (shop.otherManager, shop.otherClient.id)]
        payee = try PartiesService(time: time).create(NewParty(kind: .company, name: "ООО «Поставка»", isSupplier: true, inn: "7728168971"),
                                                      by: shop.owner, on: shop.connection)
        payeeBill = try PurchasingService(time: time).record(NewSupplierBill(supplierID: payee.id, number: "С-1", date: CalendarDate(utcDayOf: TestShop.now),
                                                                             amount: Money("2000.00")!), by: shop.owner, on: shop.connection)
        _ = try stock.post(.receipt(NewReceipt(warehouseID: branch.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: pcs(6), unitCost: Money("290.00")!),
            ReceiptLine(productID: screwdriver.id, qty: pcs(6), unitCost: Money("70.00")!),
        ])), by: shop.owner, on: shop.connection)
        _ = try stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
            ReceiptLine(productID: screwdriver.id, qty: pcs(5), unitCost: Money("75.00")!),
        ])), by: shop.owner, on: shop.connection)
    }

    func product(_ id: ProductID) -> Product { (goods + [service]).first { $0.id == id }! }

    /// What is on hand now (a storekeeper counting looks at the shelf, then writes the count).
    func onHand(_ product: ProductID, in warehouse: WarehouseID, on connection: Connection) throws -> Int64 {
        try connection.query("""
            SELECT COALESCE((SELECT on_hand FROM stock_levels WHERE product_id = \(product) AND warehouse_id = \(warehouse)), 0)
            """).single().decode(0, as: Int64.self)
    }
}
