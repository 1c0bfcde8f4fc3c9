import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import TestShop
import TestSupport
import Warehouse

@testable import Sales

/// The shop of the sales tests: TestShop with its clock, hammers at 450.00 and little stock.
typealias SalesShop = TestShop

extension TestShop {
    /// A shop with `hammers` hammers (at 300.00) and `nailKilos` kilograms of nails in stock.
    static func make(hammers: String = "10", nailKilos: String = "5") throws -> TestShop {
        try TestShop(Options(hammers: hammers, nailKilos: nailKilos))
    }

    var sales: SalesService { SalesService(time: .fixed(Self.now)) }
    var stock: WarehouseService { WarehouseService(time: .fixed(Self.now)) }

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

    /// The stock level of `product` in the main warehouse.
    func level(_ product: Product) throws -> StockLevel? {
        try stock.levels(StockLevelFilter(warehouseID: main.id, productID: product.id, includeEmpty: true), by: owner, on: connection).items.first
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
                   (SELECT string_agg(product_id || ':' || on_hand || ':' || reserved, ',' ORDER BY product_id) FROM stock_levels) || '/' ||
                   (SELECT COALESCE(sum(qty), 0) || ':' || COALESCE(sum(revenue_minor), 0) FROM sales_revenue_hours)
            """).single().decode(0, as: String.self)
    }
}
