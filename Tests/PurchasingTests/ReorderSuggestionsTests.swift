import Catalog
import ERPCore
import Foundation
import Parties
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Reorder suggestions")
struct ReorderSuggestionsTests {
    @Test func suggestionsOnKnownSalesHaveExactFiguresGroupedByPreferredSupplier() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        let suggestions = try r.suggestions()
        #expect(suggestions.suppliers.map(\.supplierID) == [shop.supplier.id, r.sawmill.id, nil])
        #expect(suggestions.suppliers.map(\.supplierName) == ["Опт", "Пилорама", nil])
        #expect(suggestions.suppliers.map { $0.lines.map(\.sku) } == [["HAM-1"], ["SAW"], ["NAIL"]])

        let hammer = try #require(try r.line(shop.hammer)?.line)
        #expect((hammer.available, hammer.incoming, hammer.sold) == (pcs(7), pcs(5), pcs(60)))
        #expect((hammer.minStock, hammer.maxStock, hammer.packSize) == (pcs(20), .zero, pcs(12)))
        #expect((hammer.target, hammer.qty) == (pcs(60), pcs(48)))

        let nails = try #require(try r.line(shop.nails)?.line)
        #expect((nails.available, nails.incoming, nails.sold, nails.target) == (pcs(5), .zero, .zero, Quantity("25.5")!))
        #expect(nails.qty == Quantity("20.5")!)

        let saw = try #require(try r.line(r.saw)?.line)
        #expect((saw.available, saw.target, saw.qty) == (.zero, pcs(5), pcs(5)))
    }

    @Test func coverDaysSetTheTargetWithoutMaxStockAndTheQuantityRoundsUpToWholePacks() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        // 7 days of 60 a month: ⌈14⌉, below the minimum 20; 20 − 12 = 8, one pack of 12.
        let week = try #require(try r.line(shop.hammer, coverDays: 7)?.line)
        #expect((week.target, week.qty) == (pcs(20), pcs(12)))
        // 45 days: 90; 90 − 12 = 78 → 7 packs = 84.
        let longer = try #require(try r.line(shop.hammer, coverDays: 45)?.line)
        #expect((longer.target, longer.qty) == (pcs(90), pcs(84)))
        // Without a pack, pieces round up to a whole piece: 11 days of 60 a month is 22 exactly; 22 − 12 = 10.
        let hammer = try CatalogService().product(reference: "HAM-1", by: shop.owner, on: shop.connection)
        _ = try CatalogService(time: .fixed(TestShop.now)).update(hammer.id, with: ProductChanges(version: hammer.version, packSize: .zero),
                                                                  by: shop.owner, on: shop.connection)
        let unpacked = try #require(try r.line(shop.hammer, coverDays: 11)?.line)
        #expect((unpacked.target, unpacked.qty) == (pcs(22), pcs(10)))
        // 13 days: 26; a max stock of 40 wins over the days of cover.
        _ = try CatalogService(time: .fixed(TestShop.now)).update(hammer.id, with: ProductChanges(version: hammer.version + 1, maxStock: pcs(40)),
                                                                  by: shop.owner, on: shop.connection)
        let capped = try #require(try r.line(shop.hammer, coverDays: 13)?.line)
        #expect((capped.target, capped.qty) == (pcs(40), pcs(28)))
    }

    @Test func aProductAtItsMinimumIsNotSuggested() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        _ = try r.p.order([NewPurchaseOrderLine(productID: shop.hammer.id, qty: pcs(8))])
        #expect(try r.line(shop.hammer) == nil)
        #expect(try r.line(shop.delivery) == nil)
    }

    @Test func chosenLinesBecomeOneDraftPerSupplierAtTheSuggestedQuantities() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        let orders = try r.p.purchasing.order(SuggestedOrders(warehouseID: shop.main.id, lines: [
            SuggestedOrderLine(productID: r.saw.id, price: Money("600.00")),
            SuggestedOrderLine(productID: shop.hammer.id),
            SuggestedOrderLine(productID: shop.nails.id, qty: pcs(20), supplierID: shop.supplier.id),
        ]), by: r.p.purchaser, on: shop.connection)
        #expect(orders.map(\.supplierID) == [shop.supplier.id, r.sawmill.id])
        #expect(orders.allSatisfy { $0.status == .draft && $0.warehouseID == shop.main.id })
        #expect(orders[0].lines.map { ($0.sku, $0.qty, $0.price) }.elementsEqual(
            [("HAM-1", pcs(48), Money("300.00")), ("NAIL", pcs(20), Money("60.00"))]) { $0 == $1 })
        #expect(orders[1].lines.map { ($0.sku, $0.qty, $0.price) }.elementsEqual([("SAW", pcs(5), Money("600.00"))]) { $0 == $1 })
        let audited = try shop.connection.query("SELECT count(*) FROM audit_log WHERE entity_type = 'purchase_order' AND action LIKE '%create'")
            .single().decode(0, as: Int64.self)
        #expect(audited == 3)
    }

    @Test func refusedSuggestionOrdersNameTheLineAsSentAndChangeNothing() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        let before = try r.p.snapshot()
        func refused(_ lines: [SuggestedOrderLine], by principal: Principal? = nil, warehouse: WarehouseID? = nil) -> ERPError? {
            do {
                _ = try r.p.purchasing.order(SuggestedOrders(warehouseID: warehouse ?? shop.main.id, lines: lines),
                                             by: principal ?? r.p.purchaser, on: shop.connection)
                return nil
            } catch { return error }
        }
        #expect(refused([SuggestedOrderLine(productID: shop.hammer.id), SuggestedOrderLine(productID: shop.nails.id)])
            == .validationFailed(fields: ["lines[1].supplier_id": "is required: the product has no preferred supplier"]))
        // The saw's order fails on its price: the error names the saw's line as sent, not the order's line 0.
        let noPrice = refused([SuggestedOrderLine(productID: shop.hammer.id), SuggestedOrderLine(productID: r.saw.id)])
        guard case .validationFailed(let fields) = noPrice else { Issue.record("expected validation_failed, got \(String(describing: noPrice))"); return }
        #expect(Array(fields.keys) == ["lines[1].price"])
        #expect(refused([SuggestedOrderLine(productID: shop.hammer.id), SuggestedOrderLine(productID: shop.hammer.id)])
            == .validationFailed(fields: ["lines[1].product_id": "is listed twice"]))
        #expect(refused([SuggestedOrderLine(productID: shop.delivery.id, supplierID: shop.supplier.id)])
            == .validationFailed(fields: ["lines[0].qty": "is required: nothing is suggested for this product now"]))
        #expect(refused([]) == .validationFailed(fields: ["lines": "choose at least one line"]))
        #expect(refused([SuggestedOrderLine(productID: shop.hammer.id)], by: shop.keeper)?.code == .forbidden)
        #expect(refused([SuggestedOrderLine(productID: shop.hammer.id)], warehouse: WarehouseID(rawValue: 999))?.code == .notFound)
        #expect(try r.p.snapshot() == before)
    }

    @Test func suggestionsNeedPurchasingRightsAWarehouseInScopeAndSaneCoverDays() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        func refused(_ principal: Principal, _ warehouse: WarehouseID, coverDays: Int = 30) -> ERPError? {
            do {
                _ = try r.p.purchasing.suggestions(warehouse: warehouse, coverDays: coverDays, by: principal, on: shop.connection)
                return nil
            } catch { return error }
        }
        #expect(refused(shop.manager, shop.main.id)?.code == .forbidden)
        #expect(refused(r.p.purchaser, WarehouseID(rawValue: 999))?.code == .notFound)
        #expect(refused(r.p.purchaser, shop.main.id, coverDays: 0) == .validationFailed(fields: ["cover_days": "must be between 1 and 365"]))
        #expect(refused(shop.keeper, shop.main.id) == nil)
    }

    @Test func reorderFieldsAreCheckedAndAnUnknownSupplierIsRefused() throws {
        let r = try ReorderShop()
        let shop = r.p.shop
        let catalog = CatalogService(time: .fixed(TestShop.now))
        let before = try r.p.snapshot()
        func refused(_ changes: ProductChanges) -> ERPError? {
            do {
                _ = try catalog.update(r.saw.id, with: changes, by: shop.owner, on: shop.connection)
                return nil
            } catch { return error }
        }
        let twoBad = refused(ProductChanges(version: r.saw.version, maxStock: pcs(4), packSize: Quantity("0.5")))
        guard case .validationFailed(let fields) = twoBad else { Issue.record("expected validation_failed, got \(String(describing: twoBad))"); return }
        #expect(fields.keys.sorted() == ["max_stock", "pack_size"])
        #expect(fields["max_stock"] == "must not be below min_stock (5.000) — or 0 for none")
        #expect(refused(ProductChanges(version: r.saw.version, packSize: Quantity("-1"))) == .validationFailed(fields: ["pack_size": "must not be negative"]))
        #expect(refused(ProductChanges(version: r.saw.version, preferredSupplierID: SupplierID(rawValue: 999)))
            == .validationFailed(fields: ["preferred_supplier_id": "refers to a record that does not exist"]))
        #expect(try r.p.snapshot() == before)
        #expect(try catalog.product(reference: "SAW", by: shop.owner, on: shop.connection).reorder
            == ReorderPolicy(maxStock: .zero, preferredSupplierID: SupplierID(rawValue: r.sawmill.id.rawValue), packSize: .zero))
    }
}
