import ERPCore
import Foundation
import Parties
import Purchasing
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// Our recorded payments to suppliers out as payment orders, read back by client-bank-1c.
@Suite("Payment orders from supplier payments")
struct SupplierPaymentOrdersTests {
    /// The shop, its supplier with two bills, a payment of 1000.00 settling the first bill on
    /// 01.12, an advance of 300.00 with the accountant's note on 02.12, and 50.00 paid out through a
    /// bank statement (the bank has done that one already).
    private func shopWithPayments() throws -> (TestShop, Party, [SupplierPayment], SupplierPaymentID) {
        let shop = try TestShop.exchangeShop()
        let (supplier, bills) = try shop.supplierWithBills()
        let settling = try shop.purchasing.pay(NewSupplierPayment(supplierID: supplier.id, amount: Money("1000.00")!, date: CalendarDate("2026-12-01")!,
                                                                  allocations: [BillAllocation(billID: bills[0].id, amount: Money("1000.00")!)]),
                                               by: shop.accountant, on: shop.connection)
        let advance = try shop.purchasing.pay(NewSupplierPayment(supplierID: supplier.id, amount: Money("300.00")!, date: CalendarDate("2026-12-02")!,
                                                                 note: "Аванс по договору № 5, НДС не облагается", allocations: []),
                                              by: shop.accountant, on: shop.connection)
        let file = StatementFile(entries: [.init(number: "61", amount: "50.00", payerINN: "7736207543", payeeINN: "5408117935",
                                                 payee: "ООО «Опт-Снаб»", purpose: "Оплата", incoming: false)])
        let imported = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        return (shop, supplier, [settling, advance], try #require(imported.lines.first?.supplierPaymentID))
    }

    private func exports(_ shop: TestShop) throws -> Int64? {
        try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'payment_orders.export'").firstRow?.decode(0, as: Int64.self)
    }

    @Test func aPeriodsPaymentsBecomeOrdersTheBankClientReadsAndStatementPaymentsStayOut() throws {
        let (shop, _, payments, _) = try shopWithPayments()
        let bytes = try shop.exchange.paymentOrders(PaymentOrderSelection(from: CalendarDate("2026-12-01"), to: CalendarDate("2026-12-31")),
                                                    by: shop.accountant, on: shop.connection)
        let file = try TemporaryFile(named: "kl_to_1c.txt", bytes: bytes)
        let oracle = try ClientBank1COracle.read(file.path)
        #expect(oracle.documents.map { $0["Сумма"] } == ["1000.00", "300.00"])
        #expect(oracle.documents.map { $0["Номер"] } == payments.map { SupplierPaymentOrders.sequence(of: $0.number) })
        #expect(oracle.documents.map { $0["Номер"] } == ["1", "2"])
        #expect(oracle.documents[0]["НазначениеПлатежа"] == "Оплата по счёту № С-1 от 20.11.2026, в т.ч. НДС - 180.33")
        #expect(oracle.documents[1]["НазначениеПлатежа"] == "Аванс по договору № 5, НДС не облагается")
        #expect(oracle.documents.allSatisfy { $0["ПолучательИНН"] == "5408117935" && $0["ПлательщикИНН"] == "7736207543" })
        #expect(oracle.documents.allSatisfy { $0["ПолучательСчет"] == "40702810044050000002" && $0["ПолучательБИК"] == "045004641" })
        #expect(try exports(shop) == 1)
    }

    @Test func chosenPaymentsAreExportedAndAStatementPaymentIsRefused() throws {
        let (shop, _, payments, fromStatement) = try shopWithPayments()
        let bytes = try shop.exchange.paymentOrders(PaymentOrderSelection(ids: [payments[1].id]), by: shop.accountant, on: shop.connection)
        let (text, _) = try StatementEncoding.decode(bytes)
        #expect(try BankStatement.parse(text, encoding: "windows-1251").documents.map(\.amount) == [Money("300.00")])
        let before = try exports(shop)
        let error = try #require(throws: ERPError.self) {
            try shop.exchange.paymentOrders(PaymentOrderSelection(ids: [payments[0].id, fromStatement]), by: shop.accountant, on: shop.connection)
        }
        #expect(error.fields?.keys.sorted() == ["ids[1]"])
        #expect(try exports(shop) == before)
    }

    @Test func theExportReadsPurchasingInTheCallersTransaction() throws {
        let (shop, supplier, _, _) = try shopWithPayments()
        let (orders, paid) = try shop.connection.transaction { tx in
            let paid = try shop.purchasing.pay(NewSupplierPayment(supplierID: supplier.id, amount: Money("25.00")!, date: CalendarDate("2026-12-03")!),
                                               by: shop.accountant, in: tx)
            return (try shop.exchange.paymentOrders(PaymentOrderSelection(ids: [paid.id]), by: shop.accountant, in: tx), paid)
        }
        let (text, _) = try StatementEncoding.decode(orders)
        let documents = try BankStatement.parse(text, encoding: "windows-1251").documents
        #expect(documents.map(\.amount) == [Money("25.00")] && documents.map(\.number) == [SupplierPaymentOrders.sequence(of: paid.number)])
        #expect(try exports(shop) == 1)
    }

    @Test(arguments: [
        (PaymentOrderSelection(), ["from", "to"]),
        (PaymentOrderSelection(from: CalendarDate("2026-12-31"), to: CalendarDate("2026-12-01")), ["to"]),
        (PaymentOrderSelection(from: CalendarDate("2026-12-01"), ids: [SupplierPaymentID(rawValue: 1)]), ["ids"]),
        (PaymentOrderSelection(from: CalendarDate("2027-01-01"), to: CalendarDate("2027-01-31")), ["orders"]),
    ])
    func aBadOrEmptySelectionIsRefusedAndNothingIsAudited(_ selection: PaymentOrderSelection, _ fields: [String]) throws {
        let (shop, _, _, _) = try shopWithPayments()
        let error = try #require(throws: ERPError.self) { try shop.exchange.paymentOrders(selection, by: shop.accountant, on: shop.connection) }
        #expect(error.fields?.keys.sorted() == fields)
        #expect(try exports(shop) == 0)
    }

    @Test func aSupplierWithoutBankDetailsIsNamedAndAStorekeeperMayNotExport() throws {
        let (shop, _, _, _) = try shopWithPayments()
        let bare = try PartiesService(time: .fixed(TestShop.now)).create(NewParty(kind: .company, name: "ООО «Без счёта»", isSupplier: true),
                                                                         by: shop.owner, on: shop.connection)
        let payment = try shop.purchasing.pay(NewSupplierPayment(supplierID: bare.id, amount: Money("10.00")!, date: CalendarDate("2026-12-01")!),
                                              by: shop.accountant, on: shop.connection)
        let error = try #require(throws: ERPError.self) {
            try shop.exchange.paymentOrders(PaymentOrderSelection(ids: [payment.id]), by: shop.accountant, on: shop.connection)
        }
        #expect(error.fields?.keys.sorted() == ["payments[\(payment.number)]"])
        #expect { try shop.exchange.paymentOrders(PaymentOrderSelection(ids: [payment.id]), by: shop.keeper, on: shop.connection) }
            throws: { if case ERPError.forbidden = $0 { true } else { false } }
        #expect(try exports(shop) == 0)
    }
}
