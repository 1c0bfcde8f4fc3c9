import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import TestSupport

@testable import Warehouse

/// A small shop for the warehouse tests: people of every role, two warehouses, a supplier and a
/// few products (pieces, kilograms, a service, an archived one).
struct Shop {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
    let db: TestDatabase
    let connection: Connection
    let owner: Principal
    let keeper: Principal
    let accountant: Principal
    let manager: Principal
    let main: Warehouse
    let shop: Warehouse
    let supplier: Party
    let hammer: Product
    let nails: Product
    let delivery: Product
    let oldModel: Product
    let service = WarehouseService(time: .fixed(Shop.now))

    init() throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection).principal(channel: .api)
        keeper = try Users.add(NewUser(login: "keeper", role: .storekeeper), by: owner, on: connection).principal(channel: .api)
        accountant = try Users.add(NewUser(login: "acc", role: .accountant), by: owner, on: connection).principal(channel: .api)
        manager = try Users.add(NewUser(login: "manager", role: .manager), by: owner, on: connection).principal(channel: .api)
        let warehouses = WarehouseService(time: .fixed(Shop.now))
        main = try warehouses.create(NewWarehouse(code: "MAIN", name: "Main warehouse"), by: owner, on: connection)
        shop = try warehouses.create(NewWarehouse(code: "SHOP", name: "Shop floor"), by: owner, on: connection)
        supplier = try PartiesService(time: .fixed(Shop.now)).create(
            NewParty(kind: .company, name: "Инструмент-Опт", isSupplier: true, inn: "7707083893", kpp: "773601001"),
            by: owner, on: connection)
        let catalog = CatalogService(time: .fixed(Shop.now))
        let (connection, owner) = (connection, owner)
        func product(_ sku: String, _ name: String, unit: String = "pcs", kind: ProductKind? = nil, min: String? = nil) throws -> Product {
            try catalog.create(NewProduct(sku: sku, name: name, unit: unit, kind: kind, price: Money("100.00"),
                                          vatRate: .percent20, minStock: min.flatMap(Quantity.init)), by: owner, on: connection)
        }
        hammer = try product("HAM-1", "Молоток", min: "5")
        nails = try product("NAIL-KG", "Гвозди 100 мм", unit: "kg")
        delivery = try product("DELIVERY", "Доставка", kind: .service)
        let old = try product("OLD-1", "Старая модель")
        oldModel = try catalog.archive(old.id, version: old.version, by: owner, on: connection)
    }

    /// Another principal for `user` (a storekeeper with a scope, say), added by the owner.
    func user(_ login: String, role: Role, scope: [WarehouseID]? = nil) throws -> Principal {
        try Users.add(NewUser(login: login, role: role, warehouseScope: scope?.map(\.rawValue)), by: owner, on: connection)
            .principal(channel: .api)
    }

    /// Posts a receipt into `warehouse` of `lines` (sku-free: product, qty, unit cost).
    @discardableResult
    func receive(_ lines: [(Product, String, String)], into warehouse: Warehouse? = nil, by principal: Principal? = nil) throws -> StockDocument {
        try service.post(.receipt(NewReceipt(
            warehouseID: (warehouse ?? main).id, supplierID: supplier.id, supplierRef: "TN-1",
            lines: lines.map { ReceiptLine(productID: $0.0.id, qty: Quantity($0.1)!, unitCost: Money($0.2)!) })),
            by: principal ?? keeper, on: connection)
    }

    /// The level of `product` in `warehouse` as the owner sees it (nil: never stocked there).
    func level(_ product: Product, in warehouse: Warehouse? = nil) throws -> StockLevel? {
        try service.levels(StockLevelFilter(warehouseID: (warehouse ?? main).id, productID: product.id, includeEmpty: true),
                           by: owner, on: connection).items.first
    }

    /// Everything a refused posting must leave untouched.
    func snapshot() throws -> LedgerSnapshot {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM stock_moves), (SELECT count(*) FROM stock_documents),
                   (SELECT count(*) FROM audit_log), (SELECT count(*) FROM document_counters),
                   (SELECT COALESCE(string_agg(product_id || ':' || warehouse_id || ':' || on_hand || ':' || reserved || ':' || value_minor, ','
                                               ORDER BY product_id, warehouse_id), '') FROM stock_levels WHERE on_hand > 0 OR reserved > 0)
            """).single()
        return LedgerSnapshot(moves: try row.decode(0), documents: try row.decode(1), audit: try row.decode(2),
                              counters: try row.decode(3), levels: try row.decode(4))
    }

    /// The violations `erp check` would print.
    func violations() throws -> [LedgerViolation] {
        try service.check(on: connection)
    }
}

/// Counts and levels that must not change when a posting is refused.
struct LedgerSnapshot: Equatable {
    var moves: Int64
    var documents: Int64
    var audit: Int64
    var counters: Int64
    var levels: String
}
