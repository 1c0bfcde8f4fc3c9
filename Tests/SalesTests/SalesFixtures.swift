import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import TestSupport
import Warehouse

@testable import Sales

/// A shop that sells: two managers with a client each, a storekeeper, an accountant, one
/// warehouse with hammers and nails in stock, and a delivery service.
struct SalesShop {
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
    let otherClient: Party
    let hammer: Product
    let nails: Product
    let delivery: Product
    let sales = SalesService(time: .fixed(SalesShop.now))
    let stock = WarehouseService(time: .fixed(SalesShop.now))

    init(hammers: String = "10", nailKilos: String = "5") throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        let (connection, time) = (connection, TimeSource.fixed(SalesShop.now))
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection).principal(channel: .api)
        func user(_ login: String, _ role: Role) throws -> Principal {
            try Users.add(NewUser(login: login, role: role), by: owner, on: connection).principal(channel: .api)
        }
        self.owner = owner
        manager = try user("anna", .manager)
        otherManager = try user("boris", .manager)
        keeper = try user("kim", .storekeeper)
        accountant = try user("acc", .accountant)
        main = try WarehouseService(time: time).create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        client = try PartiesService.create(NewParty(kind: .person, name: "Иван Петров", isClient: true, ownerID: manager.userID),
                                           by: owner, time: time, on: connection)
        otherClient = try PartiesService.create(NewParty(kind: .person, name: "Пётр Иванов", isClient: true, ownerID: otherManager.userID),
                                                by: owner, time: time, on: connection)
        let supplier = try PartiesService.create(NewParty(kind: .company, name: "Опт", isSupplier: true), by: owner, time: time, on: connection)
        let catalog = CatalogService(time: time)
        hammer = try catalog.create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"), vatRate: .percent20),
                                    by: owner, on: connection)
        nails = try catalog.create(NewProduct(sku: "NAIL", name: "Гвозди", unit: "kg", price: Money("99.99"), vatRate: .percent10),
                                   by: owner, on: connection)
        delivery = try catalog.create(NewProduct(sku: "DLV", name: "Доставка", unit: "pcs", kind: .service, price: Money("500.00"),
                                                 vatRate: .percent20), by: owner, on: connection)
        _ = try WarehouseService(time: time).post(.receipt(NewReceipt(warehouseID: main.id, supplierID: supplier.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity(hammers)!, unitCost: Money("300.00")!),
            ReceiptLine(productID: nails.id, qty: Quantity(nailKilos)!, unitCost: Money("60.00")!),
        ])), by: owner, on: connection)
    }

    /// A draft for `client` (default: the manager's own) with these lines.
    func draft(_ lines: [NewOrderLine], for party: Party? = nil, by principal: Principal? = nil) throws -> SalesOrder {
        try sales.create(NewOrder(clientID: (party ?? client).id, warehouseID: main.id, lines: lines), by: principal ?? manager,
                         on: connection)
    }

    /// A confirmed order of `qty` hammers.
    func confirmedHammers(_ qty: String) throws -> SalesOrder {
        let order = try draft([NewOrderLine(productID: hammer.id, qty: Quantity(qty)!)])
        return try sales.confirm(order.id, by: manager, on: connection)
    }

    /// The stock level of `product` in the warehouse.
    func level(_ product: Product) throws -> StockLevel? {
        try stock.levels(StockLevelFilter(productID: product.id, includeEmpty: true), by: owner, on: connection).items.first
    }

    /// Every violation `erp check` would print (ledger and reservations).
    func violations() throws -> [LedgerViolation] {
        try stock.check(on: connection) + sales.check(on: connection)
    }

    /// Rows that a refused transition must leave as they were.
    func snapshot() throws -> String {
        try connection.query("""
            SELECT (SELECT count(*) FROM stock_moves) || '/' || (SELECT count(*) FROM audit_log) || '/' ||
                   (SELECT COALESCE(string_agg(id || status || version, ',' ORDER BY id), '') FROM sales_orders) || '/' ||
                   (SELECT COALESCE(string_agg(product_id || ':' || reserved || ':' || shipped || ':' || returned, ',' ORDER BY order_id, line_no), '')
                    FROM sales_order_lines) || '/' ||
                   (SELECT string_agg(product_id || ':' || on_hand || ':' || reserved, ',' ORDER BY product_id) FROM stock_levels)
            """).single().decode(0, as: String.self)
    }
}

extension ERPError {
    /// The short lines of an `insufficientStock`, else nil.
    var shortLines: [ShortLine]? {
        if case .insufficientStock(let lines) = self { return lines }
        return nil
    }

    /// The fields of a `validationFailed`, else nil.
    var fields: [String: String]? {
        if case .validationFailed(let fields) = self { return fields }
        return nil
    }
}
