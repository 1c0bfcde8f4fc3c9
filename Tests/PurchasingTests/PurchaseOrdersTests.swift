import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Purchase orders")
struct PurchaseOrdersTests {
    @Test func createNumbersTheOrderAndDefaultsThePriceToTheLastPricePaidToThisSupplier() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(5))], place: false)
        #expect(order.number == "PO-2026-000001")
        #expect(order.status == .draft)
        #expect(order.lines.first?.price == Money("300.00"))
        // 5 × 300.00 net, VAT on top at the standard rate in force in 2026: 22 %.
        #expect(order.totals?.net == Money("1500.00"))
        #expect(order.totals?.vat == Money("330.00"))
        #expect(order.totals?.gross == Money("1830.00"))
        let second = try p.order([NewPurchaseOrderLine(productID: p.shop.nails.id, qty: Quantity("2.5")!, price: Money("64.00"))])
        #expect(second.number == "PO-2026-000002")
        #expect(second.status == .ordered)
        #expect(second.lines.first?.net == Money("160.00"))
    }

    @Test func aProductNeverBoughtFromTheSupplierNeedsAPriceAndARefusalLeavesNothing() throws {
        let p = try PurchasingShop()
        let saw = try CatalogService(time: .fixed(TestShop.now)).create(
            NewProduct(sku: "SAW", name: "Пила", unit: "pcs", price: Money("900.00"), vatRate: .percent20), by: p.shop.owner,
            on: p.shop.connection)
        let before = try p.snapshot()
        #expect(throws: ERPError.self) { try p.order([NewPurchaseOrderLine(productID: saw.id, qty: pcs(1))]) }
        do {
            _ = try p.order([NewPurchaseOrderLine(productID: saw.id, qty: pcs(1)),
                             NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(0))])
        } catch ERPError.validationFailed(let fields) {
            #expect(fields.keys.sorted() == ["lines[0].price", "lines[1].qty"])
        }
        #expect(try p.snapshot() == before)
    }

    @Test func storekeepersSeeQuantitiesButNotPricesAndManagersMayNotOrder() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(2))])
        let seen = try p.purchasing.order(order.id, by: p.shop.keeper, on: p.shop.connection)
        #expect(seen.lines.first?.qty == pcs(2))
        #expect(seen.lines.first?.price == nil)
        #expect(seen.totals == nil)
        let before = try p.snapshot()
        #expect(throws: ERPError.forbidden(action: Permission.editPurchasing.phrase)) {
            _ = try p.purchasing.create(NewPurchaseOrder(supplierID: p.shop.supplier.id, warehouseID: p.shop.main.id,
                                                         lines: [NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(1))]),
                                        by: p.shop.manager, on: p.shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: Permission.readPurchasing.phrase)) {
            _ = try p.purchasing.order(order.id, by: p.shop.manager, on: p.shop.connection)
        }
        #expect(try p.snapshot() == before)
    }

    /// The list answers summaries: the header with its stored total and line count, named, newest
    /// first; the order itself has the lines. The total is left out for those who see no prices.
    @Test func theListShowsEachOrderAsASummaryOfItsHeaderAndLines() throws {
        let p = try PurchasingShop()
        let first = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(2))])
        let second = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(3)),
                                  NewPurchaseOrderLine(productID: p.shop.nails.id, qty: pcs(4), price: Money("9.00"))], place: false)
        let page = try p.purchasing.orders(PurchaseOrderFilter(), by: p.purchaser, on: p.shop.connection)
        #expect(page.items.map(\.number) == [second.number, first.number])
        #expect(page.items.map(\.lineCount) == [2, 1])
        #expect(page.items.map(\.total) == [second.totals?.gross, first.totals?.gross])
        #expect(page.items.map(\.status) == [.draft, .ordered])
        #expect(page.items.allSatisfy { $0.supplierName == p.shop.supplier.name && $0.warehouseCode == "MAIN" })
        let keeper = try p.purchasing.orders(PurchaseOrderFilter(), by: p.shop.keeper, on: p.shop.connection)
        #expect(keeper.items.map(\.lineCount) == [2, 1] && keeper.items.allSatisfy { $0.total == nil })
    }

    @Test func onlyADraftChangesAndOnlyAtItsVersion() throws {
        let p = try PurchasingShop()
        let draft = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(2))], place: false)
        let changed = try p.purchasing.update(draft.id, with: PurchaseOrderChanges(
            version: draft.version, expectedDate: CalendarDate("2026-12-10"), lines: [NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(3))]),
            by: p.purchaser, on: p.shop.connection)
        #expect(changed.lines.first?.qty == pcs(3))
        #expect(changed.expectedDate == CalendarDate("2026-12-10"))
        let before = try p.snapshot()
        #expect(throws: ERPError.versionConflict(current: changed.version)) {
            _ = try p.purchasing.update(draft.id, with: PurchaseOrderChanges(version: draft.version, comment: "x"), by: p.purchaser,
                                        on: p.shop.connection)
        }
        #expect(try p.snapshot() == before)
        let placed = try p.purchasing.place(draft.id, by: p.purchaser, on: p.shop.connection)
        let placedSnapshot = try p.snapshot()
        #expect(throws: ERPError.invalidState(entity: "purchase order", current: "ordered", action: "edit")) {
            _ = try p.purchasing.update(draft.id, with: PurchaseOrderChanges(version: placed.version, comment: "x"), by: p.purchaser,
                                        on: p.shop.connection)
        }
        #expect(try p.snapshot() == placedSnapshot)
    }

    @Test(arguments: [PurchaseOrderStatus.draft, .ordered])
    func cancellingEndsTheOrderAndNothingFollowsIt(from status: PurchaseOrderStatus) throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(2))], place: status == .ordered)
        let cancelled = try p.purchasing.cancel(order.id, by: p.purchaser, on: p.shop.connection)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.cancelledAt == TestShop.now)
        let before = try p.snapshot()
        #expect(throws: ERPError.invalidState(entity: "purchase order", current: "cancelled", action: "order")) {
            _ = try p.purchasing.place(order.id, by: p.purchaser, on: p.shop.connection)
        }
        #expect(throws: ERPError.invalidState(entity: "purchase order", current: "cancelled", action: "receive")) {
            try p.receive(order)
        }
        #expect(try p.snapshot() == before)
    }
}
