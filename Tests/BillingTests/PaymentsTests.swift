import Catalog
import ERPCore
import Foundation
import Parties
import Sales
import Testing
import TestSupport

@testable import Billing

@Suite("Payments and receivables")
struct PaymentsTests {
    @Test func aPaymentFillsTheOldestInvoicesFirstAndKeepsTheRestAsCredit() throws {
        let shop = try BillingShop.make()
        let older = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"), date: "2026-11-01")
        let newer = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "2"), date: "2026-11-20")
        let payment = try shop.pay("2000.00")
        #expect(payment.number == "PAY-2026-000001")
        #expect(payment.allocations == [Allocation(documentID: older.id, amount: Money("1200.00")!),
                                        Allocation(documentID: newer.id, amount: Money("800.00")!)])
        #expect(payment.unallocated == .zero())
        let second = try shop.pay("2000.00")
        #expect(second.allocations == [Allocation(documentID: newer.id, amount: Money("1600.00")!)])
        #expect(second.unallocated == Money("400.00"))
        #expect(try shop.billing.document(newer.id, by: shop.owner, on: shop.connection).outstanding == .zero())
    }

    @Test func explicitAllocationsAreCheckedAndNothingIsWrittenWhenOneIsBad() throws {
        let shop = try BillingShop.make()
        let invoice = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))
        let error = try #require(throws: ERPError.self) {
            try shop.pay("100.00", allocations: [Allocation(documentID: invoice.id, amount: Money("1300.00")!),
                                                 Allocation(documentID: DocumentID(rawValue: 999), amount: Money("1.00")!)])
        }
        guard case .validationFailed(let fields) = error else { Issue.record("\(error)"); return }
        #expect(fields.keys.sorted() == ["allocations", "allocations[0].amount", "allocations[1].document_id"])
        #expect(try shop.billing.payments(by: shop.owner, on: shop.connection).items.isEmpty)
        let credit = try shop.pay("100.00", allocations: [])
        #expect(credit.unallocated == Money("100.00"))
        #expect(throws: ERPError.forbidden(action: "record payments")) {
            try shop.billing.record(NewPayment(clientID: shop.client.id, amount: Money("1.00")!, date: CalendarDate("2026-11-30")!),
                                    by: shop.manager, on: shop.connection)
        }
    }

    @Test func theOrdersPaymentStatusFollowsItsInvoiceAndAReversal() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "2")
        _ = try shop.issue(.invoice, for: order)
        #expect(try shop.billing.paymentStatus(of: order.id, by: shop.manager, on: shop.connection).status == .unpaid)
        let part = try shop.pay("1000.00")
        let partly = try shop.billing.paymentStatus(of: order.id, by: shop.manager, on: shop.connection)
        #expect(partly.status == .partiallyPaid && partly.due == Money("1400.00"))
        _ = try shop.pay("1400.00")
        #expect(try shop.billing.paymentStatus(of: order.id, by: shop.manager, on: shop.connection).status == .paid)
        let reversed = try shop.billing.reverse(part.id, reason: "ошибочный платёж", by: shop.accountant, on: shop.connection)
        #expect(reversed.status == .reversed && reversed.reversalReason == "ошибочный платёж")
        #expect(try shop.billing.paymentStatus(of: order.id, by: shop.manager, on: shop.connection).status == .partiallyPaid)
        #expect(throws: ERPError.self) { try shop.billing.reverse(part.id, reason: "again", by: shop.accountant, on: shop.connection) }
    }

    @Test func receivablesAgeWhatIsDeliveredAndUnpaidOldestFirst() throws {
        let shop = try BillingShop.make()
        let old = try shop.confirmedOrder(hammers: "1")
        try shop.ship(old)
        _ = try shop.issue(.upd, for: old, date: "2026-08-01")  // 121 days before 2026-11-30
        let recent = try shop.confirmedOrder(hammers: "2")
        try shop.ship(recent)
        _ = try shop.issue(.upd, for: recent, date: "2026-11-15")
        _ = try shop.pay("1000.00")  // settles the oldest first
        let report = try shop.billing.receivables(asOf: CalendarDate("2026-11-30"), by: shop.accountant, on: shop.connection)
        let row = try #require(report.items.first)
        #expect(row.balance == Money("2600.00"))
        #expect(row.daysOver90 == Money("200.00") && row.days0To30 == Money("2400.00"))
        #expect(row.overdue == Money("200.00"))
        #expect(report.totals.clients == 1 && report.totals.balance == Money("2600.00"))
        let earlier = try shop.billing.receivables(asOf: CalendarDate("2026-09-01"), by: shop.accountant, on: shop.connection)
        #expect(earlier.items.first?.balance == Money("1200.00"))  // neither the later UPD nor the payment had happened
        #expect(try shop.billing.receivables(by: shop.otherManager, on: shop.connection).items.isEmpty)
        #expect(throws: ERPError.forbidden(action: "see payments and receivables")) {
            try shop.billing.receivables(by: shop.keeper, on: shop.connection)
        }
    }

    @Test func aPaymentSettlesTheOldestAgeBucketsFirstAndEachBucketKeepsItsRest() throws {
        let shop = try BillingShop.make()
        for (hammers, date) in [("1", "2026-08-01"), ("1", "2026-09-15"), ("1", "2026-10-20"), ("2", "2026-11-15")] {
            let order = try shop.confirmedOrder(hammers: hammers)
            try shop.ship(order)
            _ = try shop.issue(.upd, for: order, date: date)
        }
        _ = try shop.pay("1500.00")  // the 121-day UPD and 300.00 of the 76-day one
        let row = try #require(try shop.billing.receivables(asOf: CalendarDate("2026-11-30"), by: shop.accountant, on: shop.connection).items.first)
        #expect(row.balance == Money("4500.00"))
        #expect(row.daysOver90 == Money("0.00") && row.days61To90 == Money("900.00"))
        #expect(row.days31To60 == Money("1200.00") && row.days0To30 == Money("2400.00"))
        #expect(row.overdue == Money("2100.00"))
    }
}

@Suite("Payments with extreme values")
struct PaymentExtremeValuesTests {
    @Test func aPaymentBeyondTheLargestIsRefusedNamingItsAmount() throws {
        let shop = try BillingShop.make()
        for amount in [Int64.max, 1_000_000_000_000_001] {
            let error = try #require(throws: ERPError.self) {
                try shop.billing.record(NewPayment(clientID: shop.client.id, amount: Money(minorUnits: amount), date: CalendarDate("2026-11-30")!),
                                        by: shop.accountant, on: shop.connection)
            }
            #expect(error.fields == ["amount": "must be at most 10000000000000.00"])
        }
        #expect(try shop.billing.payments(by: shop.owner, on: shop.connection).items.isEmpty)
        let largest = try shop.pay("10000000000000.00")
        #expect(largest.unallocated == Money("10000000000000.00"))
    }

    /// Found by the API fuzz: a payment dated 1311 reached the numbering counter's range check (500).
    @Test(arguments: ["1311-10-10", "1999-12-31", "2028-01-01"])
    func aDateOutsideTheNumberedYearsIsRefusedNamingIt(date: String) throws {
        let shop = try BillingShop.make()
        let invoice = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))
        let payment = try #require(throws: ERPError.self) { try shop.pay("100.00", on: date) }
        #expect(payment.fields == ["date": "must be between 2000-01-01 and 2027-12-31"])
        let document = try #require(throws: ERPError.self) {
            try shop.issue(.upd, for: try shop.sales.order(invoice.orderID, by: shop.owner, on: shop.connection), date: date)
        }
        #expect(document.fields?["date"] == "must be between 2000-01-01 and 2027-12-31")
        #expect(try shop.billing.payments(by: shop.owner, on: shop.connection).items.isEmpty)
        #expect(try shop.connection.query("SELECT count(*) FROM document_counters WHERE year < 2000 OR year > 2027")
            .single().decode(0, as: Int64.self) == 0)
    }

    @Test func allocationsWhoseSumDoesNotFitAreRefused() throws {
        let shop = try BillingShop.make()
        let invoice = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))
        let error = try #require(throws: ERPError.self) {
            try shop.pay("100.00", allocations: [Allocation(documentID: invoice.id, amount: Money(minorUnits: .max)),
                                                 Allocation(documentID: invoice.id, amount: Money(minorUnits: .max))])
        }
        #expect(error.fields?["allocations"] == "allocate at most the payment's 100.00")
        #expect(try shop.billing.payments(by: shop.owner, on: shop.connection).items.isEmpty)
    }

    @Test func receivablesOfClientsPayingTheLargestAmountsAddUp() throws {
        let shop = try BillingShop.make()
        for _ in 0..<3 { _ = try shop.pay("10000000000000.00") }
        let report = try shop.billing.receivables(asOf: CalendarDate("2026-11-30"), by: shop.accountant, on: shop.connection)
        #expect(report.totals.balance == Money("-30000000000000.00"))
    }
}
