// Test-only: a small trading company built through the services, shared by the test suites of
// the modules above the warehouse (sales, billing, CRM) so each suite starts from the same story
// instead of writing its own copy of it.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import TestSupport
import Warehouse

/// A shop with people of every role, one warehouse with hammers and nails in stock, a delivery
/// service, company settings, and two managers with a client each.
package struct TestShop {
    /// 2026-11-30T00:53:20Z: every service of the shop reads this clock unless told otherwise.
    package static let now = Date(timeIntervalSince1970: 1_796_000_000)

    /// What may differ between the suites' shops.
    package struct Options {
        package var hammerPrice = "450.00"
        package var hammers = "10"
        package var hammerCost = "300.00"
        package var nailKilos = "5"
        package var nailCost = "60.00"
        package var vatPayer = true

        package init(hammerPrice: String = "450.00", hammers: String = "10", hammerCost: String = "300.00", nailKilos: String = "5",
                     nailCost: String = "60.00", vatPayer: Bool = true) {
            self.hammerPrice = hammerPrice
            self.hammers = hammers
            self.hammerCost = hammerCost
            self.nailKilos = nailKilos
            self.nailCost = nailCost
            self.vatPayer = vatPayer
        }
    }

    package let db: TestDatabase
    package let connection: Connection
    package let owner: Principal
    /// `anna`, who owns `client`, and `boris`, who owns `otherClient`.
    package let manager: Principal
    package let otherManager: Principal
    /// `kim` and `acc`.
    package let keeper: Principal
    package let accountant: Principal
    package let main: Warehouse
    /// ООО «Ромашка» (INN 7707083893), anna's; Пётр Иванов, boris's.
    package let client: Party
    package let otherClient: Party
    package let supplier: Party
    /// pcs, VAT 20 %; kg at 99.99, VAT 10 %; a service at 500.00.
    package let hammer: Product
    package let nails: Product
    package let delivery: Product

    package init(_ options: Options = Options()) throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        let (connection, time) = (connection, TimeSource.fixed(TestShop.now))
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
            director: "Иванов И. И.", chiefAccountant: "Петрова П. П.", vatPayer: options.vatPayer), by: owner, on: connection)
        let stock = WarehouseService(time: time)
        main = try stock.create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        client = try PartiesService(time: time).create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                    kpp: "773601001", address: "Москва", ownerID: manager.userID),
                                           by: owner, on: connection)
        otherClient = try PartiesService(time: time).create(NewParty(kind: .person, name: "Пётр Иванов", isClient: true, ownerID: otherManager.userID),
                                                by: owner, on: connection)
        supplier = try PartiesService(time: time).create(NewParty(kind: .company, name: "Опт", isSupplier: true), by: owner, on: connection)
        let catalog = CatalogService(time: time)
        hammer = try catalog.create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money(options.hammerPrice),
                                               vatRate: .percent20), by: owner, on: connection)
        nails = try catalog.create(NewProduct(sku: "NAIL", name: "Гвозди", unit: "kg", price: Money("99.99"), vatRate: .percent10),
                                   by: owner, on: connection)
        delivery = try catalog.create(NewProduct(sku: "DLV", name: "Доставка", unit: "pcs", kind: .service, price: Money("500.00"),
                                                 vatRate: .percent20), by: owner, on: connection)
        _ = try stock.post(.receipt(NewReceipt(warehouseID: main.id, supplierID: supplier.id, lines: [
            ReceiptLine(productID: hammer.id, qty: try Quantity(parsing: options.hammers), unitCost: try Money(parsing: options.hammerCost)),
            ReceiptLine(productID: nails.id, qty: try Quantity(parsing: options.nailKilos), unitCost: try Money(parsing: options.nailCost)),
        ])), by: owner, on: connection)
    }
}

/// `count` whole pieces: fixtures' quantities, which cannot overflow.
package func pcs(_ count: Int64) -> Quantity { Quantity(thousandths: count * 1000) }
