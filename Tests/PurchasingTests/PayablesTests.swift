import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Supplier bills, payments and payables")
struct PayablesTests {
    private let day = CalendarDate(utcDayOf: TestShop.now)

    private func bill(_ p: PurchasingShop, _ number: String, _ amount: String, daysAgo: Double) throws -> SupplierBill {
        try p.purchasing.record(NewSupplierBill(supplierID: p.shop.supplier.id, number: number,
                                                date: CalendarDate(utcDayOf: TestShop.now.addingTimeInterval(-daysAgo * 86_400)),
                                                amount: Money(amount)!, vat: .zero()), by: p.purchaser, on: p.shop.connection)
    }

    private func payables(_ p: PurchasingShop) throws -> PayablesReport {
        try p.purchasing.payables(by: p.shop.accountant, on: p.shop.connection)
    }

    @Test func payablesAreBillsLessAllocatedPaymentsAgedByTheBillsDate() throws {
        let p = try PurchasingShop()
        let old = try bill(p, "СЧ-1", "1000.00", daysAgo: 45)
        let recent = try bill(p, "СЧ-2", "600.00", daysAgo: 3)
        // Oldest first: the whole of СЧ-1, then 200.00 of СЧ-2.
        let paid = try p.purchasing.pay(NewSupplierPayment(supplierID: p.shop.supplier.id, amount: Money("1200.00")!, date: day),
                                        by: p.shop.accountant, on: p.shop.connection)
        #expect(paid.number == "OUT-2026-000001")
        #expect(paid.allocations == [BillAllocation(billID: old.id, amount: Money("1000.00")!),
                                     BillAllocation(billID: recent.id, amount: Money("200.00")!)])
        var report = try payables(p)
        #expect(report.items.map(\.owed) == [Money("400.00")!])
        #expect(report.items.first?.days0To30 == Money("400.00"))
        #expect(report.items.first?.overdue == .zero())
        #expect(report.total == Money("400.00"))
        // A reversed payment counts for nothing: the old bill is overdue again.
        _ = try p.purchasing.reverse(paid.id, reason: "ошибка в реквизитах", by: p.shop.accountant, on: p.shop.connection)
        report = try payables(p)
        #expect(report.total == Money("1600.00"))
        #expect(report.items.first?.days31To60 == Money("1000.00"))
        #expect(report.items.first?.overdue == Money("1000.00"))
        #expect(report.csv.contains("\(p.shop.supplier.id.rawValue),Опт,1600.00,600.00,1000.00,0.00,0.00,1000.00"))
        let bills = try p.purchasing.bills(supplier: p.shop.supplier.id, openOnly: true, by: p.purchaser, on: p.shop.connection).items
        #expect(bills.map(\.open) == [Money("600.00")!, Money("1000.00")!])
    }

    @Test func anAllocationBeyondWhatABillIsOwedOrABillTwiceIsRefusedAndChangesNothing() throws {
        let p = try PurchasingShop()
        let first = try bill(p, "A-1", "500.00", daysAgo: 1)
        _ = try p.purchasing.pay(NewSupplierPayment(supplierID: p.shop.supplier.id, amount: Money("300.00")!, date: day,
                                                    allocations: [BillAllocation(billID: first.id, amount: Money("300.00")!)]),
                                 by: p.shop.accountant, on: p.shop.connection)
        let before = try p.snapshot() + String(describing: try payables(p))
        #expect(throws: ERPError.validationFailed(fields: ["allocations[0].amount": "the bill is owed only 200.00"])) {
            _ = try p.purchasing.pay(NewSupplierPayment(supplierID: p.shop.supplier.id, amount: Money("300.00")!, date: day,
                                                        allocations: [BillAllocation(billID: first.id, amount: Money("300.00")!)]),
                                     by: p.shop.accountant, on: p.shop.connection)
        }
        #expect(throws: ERPError.duplicate(entity: "supplier bill", field: "number", existingID: nil)) {
            _ = try bill(p, "A-1", "10.00", daysAgo: 0)
        }
        #expect(throws: ERPError.forbidden(action: Permission.paySuppliers.phrase)) {
            _ = try p.purchasing.pay(NewSupplierPayment(supplierID: p.shop.supplier.id, amount: Money("1.00")!, date: day),
                                     by: p.purchaser, on: p.shop.connection)
        }
        #expect(try p.snapshot() + String(describing: try payables(p)) == before)
    }
}
