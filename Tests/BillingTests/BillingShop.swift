import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestSupport
import Warehouse

@testable import Billing

/// A shop that bills: company settings filled in, a manager with a client, a storekeeper, an
/// accountant, hammers in stock and a delivery service.
struct BillingShop {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
    let db: TestDatabase
    let connection: Connection
    let owner: Principal
    let manager: Principal
    let otherManager: Principal
    let keeper: Principal
    let accountant: Principal
    let main: Warehouse
    let client: Party
    let hammer: Product
    let delivery: Product
    let sales = SalesService(time: .fixed(BillingShop.now))
    let billing = BillingService(time: .fixed(BillingShop.now))

    init(vatPayer: Bool = true) throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        let (connection, time) = (connection, TimeSource.fixed(BillingShop.now))
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection).principal(channel: .api)
        func user(_ login: String, _ role: Role) throws -> Principal {
            try Users.add(NewUser(login: login, role: role), by: owner, on: connection).principal(channel: .api)
        }
        self.owner = owner
        manager = try user("anna", .manager)
        otherManager = try user("boris", .manager)
        keeper = try user("kim", .storekeeper)
        accountant = try user("acc", .accountant)
        _ = try CompanySettings.save(CompanySettings(
            name: "ООО «Инструмент»", inn: "7736207543", kpp: "773601001", ogrn: "1027700132195", address: "Москва, ул. Ленина, 1",
            bank: BankDetails(bic: "044525225", account: "40702810938000012345", name: "ПАО Сбербанк", corrAccount: "30101810400000000225"),
            director: "Иванов И. И.", chiefAccountant: "Петрова П. П.", vatPayer: vatPayer), by: owner, on: connection)
        main = try WarehouseService(time: time).create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        client = try PartiesService.create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                    kpp: "773601001", address: "Москва", ownerID: manager.userID),
                                           by: owner, time: time, on: connection)
        let catalog = CatalogService(time: time)
        hammer = try catalog.create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"), vatRate: .percent20),
                                    by: owner, on: connection)
        delivery = try catalog.create(NewProduct(sku: "DLV", name: "Доставка", unit: "pcs", kind: .service, price: Money("500.00"),
                                                 vatRate: .percent20), by: owner, on: connection)
        _ = try WarehouseService(time: time).post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("100")!, unitCost: Money("700.00")!)])), by: owner, on: connection)
    }

    /// A confirmed order of `hammers` hammers (and a delivery when asked), by the manager.
    func confirmedOrder(hammers: String = "3", delivery withDelivery: Bool = false) throws -> SalesOrder {
        var lines = [NewOrderLine(productID: hammer.id, qty: Quantity(hammers)!)]
        if withDelivery { lines.append(NewOrderLine(productID: delivery.id, qty: Quantity("1")!)) }
        let order = try sales.create(NewOrder(clientID: client.id, warehouseID: main.id, lines: lines), by: manager, on: connection)
        return try sales.confirm(order.id, by: manager, on: connection)
    }

    /// Ships `qty` hammers (everything reserved when nil) of `order` as the storekeeper.
    func ship(_ order: SalesOrder, _ qty: String? = nil) throws {
        let lines = qty.map { [OrderQuantity(productID: hammer.id, qty: Quantity($0)!)] }
        _ = try sales.ship(order.id, ShipRequest(lines: lines), by: keeper, on: connection)
    }

    func issue(_ type: DocumentType, for order: SalesOrder, by principal: Principal? = nil, date: String? = nil) throws -> IssuedDocument {
        try billing.issue(IssueRequest(type: type, date: date.flatMap { CalendarDate($0) }), for: order.id, by: principal ?? accountant,
                          on: connection)
    }

    func pay(_ amount: String, on date: String = "2026-11-30", allocations: [Allocation]? = nil) throws -> Payment {
        try billing.record(NewPayment(clientID: client.id, amount: Money(amount)!, date: CalendarDate(date)!, allocations: allocations),
                           by: accountant, on: connection)
    }
}
