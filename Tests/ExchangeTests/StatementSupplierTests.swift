import Billing
import ERPCore
import Foundation
import Parties
import Purchasing
import TestShop
import TestSupport
import Testing

@testable import Exchange

@Suite("Bank statement import: money out to suppliers")
struct StatementSupplierTests {
    private func shopWithSupplierBills() throws -> (TestShop, Party, [SupplierBill]) {
        let shop = try TestShop.exchangeShop()
        let (supplier, bills) = try shop.supplierWithBills()
        return (shop, supplier, bills)
    }

    private func counts(_ shop: TestShop) throws -> [Int64] {
        [try shop.count("supplier_payments"), try shop.count("supplier_payment_allocations"), try shop.count("bank_statement_lines"),
         try shop.count("payments"), try shop.count("audit_log")]
    }

    /// Money out: 1500.00 to the supplier (by INN), 200.00 to someone we do not buy from, 30.00 of bank fees.
    private let statement = StatementFile(entries: [
        .init(number: "31", amount: "1500.00", payerINN: "7736207543", payer: "ООО «Инструмент»", payeeINN: "5408117935",
              payee: "ООО «Опт-Снаб»", purpose: "Оплата по счёту С-1 от 20.11.2026, в т.ч. НДС 22%", incoming: false),
        .init(number: "32", amount: "200.00", payerINN: "7736207543", payer: "ООО «Инструмент»", payeeINN: "7702070139",
              payee: "ПАО Банк ВТБ", purpose: "Оплата за аренду", incoming: false),
        .init(number: "33", amount: "30.00", payerINN: "7736207543", payer: "ООО «Инструмент»", payeeINN: "", payee: "ПАО Сбербанк",
              purpose: "Комиссия банка", incoming: false),
    ])

    @Test func aPreviewShowsTheSupplierPaymentAndTheQueuedLineAndChangesNothing() throws {
        let (shop, supplier, _) = try shopWithSupplierBills()
        let before = try counts(shop)
        let preview = try shop.exchange.importStatement(statement.bytes, dryRun: true, by: shop.accountant, on: shop.connection)
        #expect(!preview.applied && preview.lines.map(\.outcome) == [.paid, .queued, .outgoing])
        #expect(preview.lines[0].supplierID == supplier.id && preview.lines[0].matchedBy == "inn" && preview.lines[0].payeeINN == "5408117935")
        #expect(preview.lines[1].reason == "no supplier has INN 7702070139")
        #expect(preview.lines[2].reason == "money out to a payee without an INN")
        #expect(try counts(shop) == before)
    }

    @Test func anOutgoingLineToASupplierBecomesItsPaymentAllocatedToTheOldestBillsFirst() throws {
        let (shop, supplier, bills) = try shopWithSupplierBills()
        let result = try shop.exchange.importStatement(statement.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.applied && result.lines.map(\.outcome) == [.paid, .queued, .outgoing])
        let id = try #require(result.lines[0].supplierPaymentID)
        let payment = try #require(try shop.purchasing.payments(supplier: supplier.id, by: shop.accountant, on: shop.connection)
            .items.first { $0.id == id })
        #expect(payment.amount == Money("1500.00") && payment.date == CalendarDate("2026-12-01") && payment.bankRef == "п/п № 31 от 01.12.2026")
        #expect(payment.allocations == [BillAllocation(billID: bills[0].id, amount: Money("1000.00")!),
                                        BillAllocation(billID: bills[1].id, amount: Money("500.00")!)])
        #expect(try result.lines[0].paymentID == nil && shop.count("payments") == 0)
        let queue = try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection)
        #expect(queue.map(\.number) == ["32"] && queue[0].amount == Money("-200.00") && queue[0].payeeINN == "7702070139")
    }

    @Test func importingTheSameMoneyOutTwicePaysTheSupplierOnce() throws {
        let (shop, _, _) = try shopWithSupplierBills()
        _ = try shop.exchange.importStatement(statement.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let before = try counts(shop)
        let again = try shop.exchange.importStatement(statement.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(again.lines.map(\.outcome) == [.duplicate, .duplicate, .duplicate])
        #expect(try counts(shop).prefix(4) == before.prefix(4))
    }

    @Test func twoSuppliersWithOneINNAreToldApartByKPP() throws {
        let (shop, supplier, _) = try shopWithSupplierBills()
        let branch = try PartiesService(time: .fixed(TestShop.now)).create(NewParty(
            kind: .company, name: "ООО «Опт-Снаб», филиал", isSupplier: true, inn: "5408117935", kpp: "772801002"),
            by: shop.owner, on: shop.connection)
        // The first names the branch's KPP; the second gives none.
        let text = """
            1CClientBankExchange\r\nКодировка=Windows\r\nРасчСчет=\(StatementFile.ours)\r\nСекцияДокумент=Платежное поручение\r
            Номер=41\r\nДата=01.12.2026\r\nСумма=10.00\r\nПлательщикСчет=\(StatementFile.ours)\r\nПолучательИНН=5408117935\r
            ПолучательКПП=772801002\r\nНазначениеПлатежа=Оплата\r\nКонецДокумента\r\nСекцияДокумент=Платежное поручение\r
            Номер=42\r\nДата=01.12.2026\r\nСумма=10.00\r\nПлательщикСчет=\(StatementFile.ours)\r\nПолучательИНН=5408117935\r
            НазначениеПлатежа=Оплата\r\nКонецДокумента\r\nКонецФайла\r\n
            """
        let result = try shop.exchange.importStatement(Array(text.utf8), dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.lines.map(\.outcome) == [.paid, .queued])
        #expect(result.lines[0].supplierID == branch.id && result.lines[0].matchedBy == "inn+kpp")
        #expect(result.lines[1].reason == "several suppliers have INN 5408117935" && supplier.id != branch.id)
    }

    @Test func aQueuedOutgoingLineIsResolvedByChoosingTheSupplier() throws {
        let (shop, supplier, bills) = try shopWithSupplierBills()
        _ = try shop.exchange.importStatement(statement.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let queued = try #require(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).first)
        let before = try counts(shop)
        for wrong in [StatementResolution(clientID: shop.client.id), StatementResolution(clientID: shop.client.id, supplierID: supplier.id)] {
            #expect { try shop.exchange.resolve(queued.id, wrong, by: shop.accountant, on: shop.connection) }
                throws: { if case ERPError.validationFailed(let fields) = $0 { fields["supplier_id"] != nil } else { false } }
        }
        #expect { try shop.exchange.resolve(queued.id, StatementResolution(supplierID: supplier.id), by: shop.keeper, on: shop.connection) }
            throws: { if case ERPError.forbidden = $0 { true } else { false } }
        #expect(try counts(shop) == before)
        let resolved = try shop.exchange.resolve(queued.id, StatementResolution(supplierID: supplier.id), by: shop.accountant,
                                                 on: shop.connection)
        #expect(resolved.status == "resolved" && resolved.supplierID == supplier.id && resolved.clientID == nil)
        let payment = try #require(try shop.purchasing.payments(supplier: supplier.id, by: shop.accountant, on: shop.connection)
            .items.first { $0.id == resolved.supplierPaymentID })
        #expect(payment.amount == Money("200.00") && payment.allocations == [BillAllocation(billID: bills[1].id, amount: Money("200.00")!)])
        #expect(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).isEmpty)
    }

    @Test func anIncomingQueuedLineRefusesASupplier() throws {
        let (shop, supplier, _) = try shopWithSupplierBills()
        let file = StatementFile(entries: [.init(number: "9", amount: "77.00", payerINN: "500100732259", payer: "ИП Неизвестный",
                                                 purpose: "За товар")])
        _ = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let queued = try #require(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).first)
        let before = try counts(shop)
        #expect { try shop.exchange.resolve(queued.id, StatementResolution(supplierID: supplier.id), by: shop.accountant, on: shop.connection) }
            throws: { if case ERPError.validationFailed(let fields) = $0 { fields["client_id"] != nil } else { false } }
        #expect(try counts(shop) == before)
    }
}
