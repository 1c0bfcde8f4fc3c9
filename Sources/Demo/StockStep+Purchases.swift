// The deliveries after the opening ones go through supplier orders: the purchaser orders what runs
// low, the storekeeper receives against the order — everything, or now and then what the supplier
// had (the rest stays expected). At the end of the history one order is late, one is on its way,
// and one delivery had a defective piece sent back to the supplier. Each delivery comes with the
// supplier's bill for what arrived, which the accountant pays when it falls due (two weeks later),
// so the payables hold current debt at the end.

import Catalog
import ERPCore
import Foundation
import Parties
import Purchasing
import Warehouse

extension StockStep {
    /// Orders `lines` (product index, quantity wanted) from `supplier` in delivery packs, and receives it.
    func purchase(_ lines: [(Int, Int64)], from supplier: Int, into warehouse: WarehouseID, _ demo: DemoState) throws {
        let orderLines = orderLines(lines, demo)
        guard !orderLines.isEmpty else { return }
        try payDueBills(demo)
        let order = try demo.place(NewPurchaseOrder(supplierID: demo.suppliers[supplier].id, warehouseID: warehouse,
                                                    expectedDate: demo.clock.today, lines: orderLines))
        // One delivery in ten is short of its last line: the order stays partially received.
        let short = orderLines.count > 1 && demo.random.chance(10)
        let reference = "УПД № \(demo.random.int(in: 1_000...99_999)) от \(demo.clock.today.dotted)"
        let receipt = try demo.receive(OrderReceipt(
            purchaseOrderID: order.id, supplierRef: reference,
            lines: short ? orderLines.dropLast().map { OrderReceiptLine(productID: $0.productID, qty: $0.qty) } : nil),
            by: demo.company.keeper(of: warehouse))
        lastPurchaseReceipt = receipt
        try bill(receipt, of: order, demo)
    }

    /// The supplier's bill for what `receipt` brought in, at the order's prices and VAT.
    private func bill(_ receipt: StockDocument, of order: PurchaseOrder, _ demo: DemoState) throws {
        var gross = Money.zero(), vat = Money.zero()
        for line in receipt.lines {
            guard let qty = line.qty, let ordered = order.lines.first(where: { $0.productID == line.productID }),
                  let price = ordered.price else { continue }
            let amounts = try LineAmounts(quantity: qty, price: price, vatRate: ordered.vatRate, pricesIncludeVAT: false)
            gross = try gross + amounts.gross
            vat = try vat + amounts.vat
        }
        guard gross.minorUnits > 0 else { return }
        try demo.record(NewSupplierBill(supplierID: order.supplierID, number: String(10_000 + receipt.id.rawValue), date: demo.clock.today,
                                        amount: gross, vat: vat, receiptIDs: [receipt.id]))
        unpaidBills.append((order.supplierID, gross, CalendarDate(utcDayOf: demo.clock.now.addingTimeInterval(14 * 86_400))))
    }

    /// Pays every bill that has fallen due, one payment per supplier (oldest bills first).
    private func payDueBills(_ demo: DemoState) throws {
        let today = demo.clock.today
        var owed: [PartyID: Money] = [:]
        for bill in unpaidBills where bill.due <= today { owed[bill.supplierID] = try (owed[bill.supplierID] ?? .zero()) + bill.amount }
        unpaidBills.removeAll { $0.due <= today }
        for (supplier, amount) in owed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try demo.pay(NewSupplierPayment(supplierID: supplier, amount: amount, date: today, note: "Оплата по счетам поставщика"))
        }
    }

    /// The end of the history: a late order, one on its way, and a defective piece sent back.
    func finishPurchases(_ demo: DemoState) throws {
        let main = demo.company.main.id
        for (supplier, days) in [(0, -3), (1 % demo.suppliers.count, 4)] {
            let lines = (demo.assortment[main] ?? []).filter { supplierOf[$0] == supplier }.prefix(3).map { ($0, Int64(1)) }
            let orderLines = orderLines(Array(lines), demo)
            guard !orderLines.isEmpty else { continue }
            _ = try demo.place(NewPurchaseOrder(
                supplierID: demo.suppliers[supplier].id, warehouseID: main,
                expectedDate: CalendarDate(utcDayOf: demo.clock.now.addingTimeInterval(Double(days) * 86_400)),
                comment: days < 0 ? "Поставщик переносит отгрузку" : nil, lines: orderLines))
        }
        guard let receipt = lastPurchaseReceipt,
              let line = receipt.lines.first(where: { line in
                  demo.product(line.productID).map { demo.stock.available(line.productID, in: receipt.warehouseID) >= $0.step } ?? false
              }),
              let product = demo.product(line.productID) else { return }
        try demo.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective, note: "Брак при приёмке",
                                            lines: [SupplierReturnQuantity(productID: line.productID, qty: Quantity(thousandths: product.step))]),
                          by: demo.company.keeper(of: receipt.warehouseID))
    }

    /// The order lines for `lines` (product index, quantity wanted): whole delivery packs at about the product's cost.
    private func orderLines(_ lines: [(Int, Int64)], _ demo: DemoState) -> [NewPurchaseOrderLine] {
        lines.filter { $0.1 > 0 }.map { index, wanted in
            let product = demo.products[index]
            let cost = product.cost * Int64(demo.random.int(in: 97...103)) / 100
            return NewPurchaseOrderLine(productID: product.id, qty: Quantity(thousandths: Self.rounded(wanted, to: Self.pack(of: product))),
                                        price: Money(minorUnits: max(1, cost)))
        }
    }
}
