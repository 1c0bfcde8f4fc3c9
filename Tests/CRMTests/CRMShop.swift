import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestSupport
import Warehouse

@testable import CRM

/// A shop with a CRM: company settings, two managers with a client each, stock, and a clock that
/// the tests move.
struct CRMShop {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30T…
    let db: TestDatabase
    let connection: Connection
    let owner: Principal
    let manager: Principal
    let otherManager: Principal
    let keeper: Principal
    let accountant: Principal
    let main: Warehouse
    let client: Party
    let otherClient: Party
    let hammer: Product
    let nails: Product

    init() throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        let (connection, time) = (connection, TimeSource.fixed(CRMShop.now))
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection).principal(channel: .api)
        func user(_ login: String, _ role: Role) throws -> Principal {
            try Users.add(NewUser(login: login, role: role), by: owner, on: connection).principal(channel: .api)
        }
        self.owner = owner
        manager = try user("anna", .manager)
        otherManager = try user("boris", .manager)
        keeper = try user("kim", .storekeeper)
        accountant = try user("acc", .accountant)
        _ = try CompanySettings.save(CompanySettings(name: "ООО «Инструмент»", inn: "7736207543", kpp: "773601001"), by: owner, on: connection)
        main = try WarehouseService(time: time).create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        client = try PartiesService.create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, ownerID: manager.userID),
                                           by: owner, time: time, on: connection)
        otherClient = try PartiesService.create(NewParty(kind: .person, name: "Пётр", isClient: true, ownerID: otherManager.userID),
                                                by: owner, time: time, on: connection)
        let catalog = CatalogService(time: time)
        hammer = try catalog.create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"), vatRate: .percent20),
                                    by: owner, on: connection)
        nails = try catalog.create(NewProduct(sku: "NAIL", name: "Гвозди", unit: "kg", price: Money("99.99"), vatRate: .percent10),
                                   by: owner, on: connection)
        _ = try WarehouseService(time: time).post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("1000")!, unitCost: Money("700.00")!),
            ReceiptLine(productID: nails.id, qty: Quantity("1000")!, unitCost: Money("50.00")!)])), by: owner, on: connection)
    }

    func crm(at date: Date = CRMShop.now) -> CRMService { CRMService(time: .fixed(date)) }
    func sales(at date: Date = CRMShop.now) -> SalesService { SalesService(time: .fixed(date)) }

    /// A shipped order of `qty` hammers for `party`, at `date`.
    @discardableResult
    func shippedOrder(_ qty: String, nails nailQty: String? = nil, for party: Party? = nil, at date: Date = CRMShop.now,
                      by principal: Principal? = nil) throws -> SalesOrder {
        var lines = [NewOrderLine(productID: hammer.id, qty: Quantity(qty)!, discountPct: try Percentage(parsing: "5"))]
        if let nailQty { lines.append(NewOrderLine(productID: nails.id, qty: Quantity(nailQty)!)) }
        let sales = sales(at: date)
        let draft = try sales.create(NewOrder(clientID: (party ?? client).id, warehouseID: main.id, lines: lines),
                                     by: principal ?? manager, on: connection)
        _ = try sales.confirm(draft.id, by: principal ?? manager, on: connection)
        return try sales.ship(draft.id, by: keeper, on: connection).order
    }
}
