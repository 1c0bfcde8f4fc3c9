import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

/// The reorder story, every figure by hand. Main warehouse, the shop's `now`:
/// - hammers (pcs, min 20, no max, supplier «Опт», packs of 12): 100 received; shipped 30 forty
///   days ago (outside the window), 45 ten days ago and 15 two days ago (sold in 30 days: 60);
///   3 reserved by a confirmed order; 5 on a placed supplier order. Available 10 − 3 = 7,
///   incoming 5, position 12; target = max(20, 60 × 30 / 30) = 60; 48 to order = 4 packs exactly.
/// - nails (kg, min 10, max 25.5, no supplier, no pack): 5 on hand, nothing sold: 20.5 to order.
/// - saws (pcs, min 5, supplier «Пилорама», never bought): nothing anywhere: target 5, order 5.
/// - delivery is a service: never suggested.
struct ReorderShop {
    let p: PurchasingShop
    let sawmill: Party
    let saw: Product

    init() throws {
        p = try PurchasingShop(hammers: "100")
        let shop = p.shop
        let time = TimeSource.fixed(TestShop.now)
        sawmill = try PartiesService(time: time).create(NewParty(kind: .company, name: "Пилорама", isSupplier: true),
                                                        by: shop.owner, on: shop.connection)
        let catalog = CatalogService(time: time)
        saw = try catalog.create(NewProduct(sku: "SAW", name: "Пила", unit: "pcs", price: Money("900.00"), vatRate: .percent20,
                                            minStock: pcs(5), preferredSupplierID: SupplierID(rawValue: sawmill.id.rawValue)),
                                 by: shop.owner, on: shop.connection)
        _ = try catalog.update(shop.hammer.id, with: ProductChanges(
            version: shop.hammer.version, minStock: pcs(20), preferredSupplierID: SupplierID(rawValue: shop.supplier.id.rawValue),
            packSize: pcs(12)), by: shop.owner, on: shop.connection)
        _ = try catalog.update(shop.nails.id, with: ProductChanges(version: shop.nails.version, minStock: pcs(10), maxStock: Quantity("25.5")),
                               by: shop.owner, on: shop.connection)
        let day: TimeInterval = 86_400
        try shop.shippedOrder("30", at: TestShop.now - 40 * day)
        try shop.shippedOrder("45", at: TestShop.now - 10 * day)
        try shop.shippedOrder("15", at: TestShop.now - 2 * day)
        let reserved = try shop.sales().create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                                        lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(3))]),
                                               by: shop.manager, on: shop.connection)
        _ = try shop.sales().confirm(reserved.id, by: shop.manager, on: shop.connection)
        _ = try p.order([NewPurchaseOrderLine(productID: shop.hammer.id, qty: pcs(5))])
    }

    /// The suggestions for the main warehouse as the purchaser sees them.
    func suggestions(coverDays: Int = 30) throws -> ReorderSuggestions {
        try p.purchasing.suggestions(warehouse: p.shop.main.id, coverDays: coverDays, by: p.purchaser, on: p.shop.connection)
    }

    /// The suggested line of `product`, with its supplier.
    func line(_ product: Product, coverDays: Int = 30) throws -> (supplier: PartyID?, line: ReorderSuggestion)? {
        for group in try suggestions(coverDays: coverDays).suppliers {
            if let line = group.lines.first(where: { $0.productID == product.id }) { return (group.supplierID, line) }
        }
        return nil
    }
}
