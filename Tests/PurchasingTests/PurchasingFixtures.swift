import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

/// The shop of the purchasing tests: TestShop (10 hammers bought from `supplier` at 300.00, 5 kg
/// of nails at 60.00) with a purchaser, `pete`.
struct PurchasingShop {
    let shop: TestShop
    let purchaser: Principal

    init(hammers: String = "10") throws {
        shop = try TestShop(TestShop.Options(hammers: hammers))
        purchaser = try Users.add(NewUser(login: "pete", role: .purchaser), by: shop.owner, on: shop.connection).principal(channel: .api)
    }

    var purchasing: PurchasingService { PurchasingService(time: .fixed(TestShop.now)) }
    var stock: WarehouseService { WarehouseService(time: .fixed(TestShop.now)) }

    /// A supplier order of these lines from the shop's supplier, placed (`ordered`) unless `place` is false.
    func order(_ lines: [NewPurchaseOrderLine], place: Bool = true) throws -> PurchaseOrder {
        let draft = try purchasing.create(NewPurchaseOrder(supplierID: shop.supplier.id, warehouseID: shop.main.id, lines: lines),
                                          by: purchaser, on: shop.connection)
        return place ? try purchasing.place(draft.id, by: purchaser, on: shop.connection) : draft
    }

    /// Receives `lines` (default: everything still expected) against `order` as the storekeeper.
    @discardableResult
    func receive(_ order: PurchaseOrder, _ lines: [OrderReceiptLine]? = nil, over: Bool? = nil,
                 on connection: Connection? = nil) throws -> (order: PurchaseOrder, receipt: StockDocument) {
        try purchasing.receive(OrderReceipt(purchaseOrderID: order.id, allowOverReceipt: over, lines: lines), by: shop.keeper,
                               on: connection ?? shop.connection)
    }

    /// The stock level of `product` in the main warehouse, as the owner sees it.
    func level(_ product: Product) throws -> StockLevel? {
        try stock.levels(StockLevelFilter(warehouseID: shop.main.id, productID: product.id, includeEmpty: true), by: shop.owner,
                         on: shop.connection).items.first
    }

    /// Rows that a refused purchasing action must leave as they were.
    func snapshot() throws -> String {
        try shop.connection.query("""
            SELECT (SELECT count(*) FROM stock_moves) || '/' || (SELECT count(*) FROM stock_documents) || '/' ||
                   (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM supplier_returns) || '/' ||
                   (SELECT count(*) FROM purchase_receipts) || '/' ||
                   (SELECT COALESCE(string_agg(id || status || version, ',' ORDER BY id), '') FROM purchase_orders) || '/' ||
                   (SELECT COALESCE(string_agg(product_id || ':' || qty || ':' || received, ',' ORDER BY order_id, line_no), '')
                    FROM purchase_order_lines) || '/' ||
                   (SELECT string_agg(product_id || ':' || on_hand || ':' || reserved || ':' || value_minor, ',' ORDER BY product_id)
                    FROM stock_levels)
            """).single().decode(0, as: String.self)
    }
}
