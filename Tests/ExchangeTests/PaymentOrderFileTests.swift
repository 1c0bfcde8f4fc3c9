import ERPCore
import Foundation
import TestShop
import Testing

@testable import Exchange

/// Our payment orders as a bank file, read back by our parser and by client-bank-1c; and the
/// public statements read by both alike.
@Suite("Payment orders and the client-bank-1c oracle")
struct PaymentOrderFileTests {
    static let us = PaymentOrderParty(name: "ООО «Инструмент»", inn: "7736207543", kpp: "773601001", account: "40702810938000012345",
                                      bankName: "ПАО Сбербанк", bic: "044525225", corrAccount: "30101810400000000225")
    static let supplier = PaymentOrderParty(name: "ООО «Опт-Снаб»", inn: "5408117935", kpp: "540801001", account: "40702810944050000002",
                                            bankName: "Сибирский банк ПАО Сбербанк", bic: "045004641", corrAccount: "30101810500000000641")

    /// 09:45:30 on 3 December on the company's clock.
    private static func created() throws -> (day: CalendarDate, secondsOfDay: Int) {
        (try CalendarDate(parsing: "2026-12-03"), 9 * 3600 + 45 * 60 + 30)
    }

    private func orders() throws -> [PaymentOrder] {
        [
            PaymentOrder(number: "15", date: try CalendarDate(parsing: "2026-12-01"), amount: try Money(parsing: "12200.00"), payer: Self.us,
                         payee: Self.supplier, purpose: "Оплата по счёту № 77 от 28.11.2026 за гвозди, в т.ч. НДС 22% - 2200.00"),
            PaymentOrder(number: "16", date: try CalendarDate(parsing: "2026-12-02"), amount: try Money(parsing: "500.50"), payer: Self.us,
                         payee: Self.supplier, purpose: "Доставка\nпо договору № 3"),
        ]
    }

    @Test func ourOrdersReadBackByOurParserAndByClientBank1C() throws {
        let bytes = try PaymentOrderFile.make(try orders(), account: Self.us.account, created: try Self.created())
        let (text, encoding) = try StatementEncoding.decode(bytes)
        #expect(encoding == "windows-1251" && text.contains("\r\n") && !text.contains("\n\n"))
        #expect(text.contains("ДатаСоздания=03.12.2026\r\nВремяСоздания=09:45:30\r\n"))
        let ours = try BankStatement.parse(text, encoding: encoding)
        #expect(ours.documents.map(\.amount) == [Money("12200.00"), Money("500.50")])
        #expect(ours.documents.allSatisfy { !StatementImporting.isIncoming($0, ours: ours.ourAccounts) })
        #expect(ours.documents[1].purpose == "Доставка по договору № 3")

        let file = try TemporaryFile(named: "kl_to_1c.txt", bytes: bytes)
        let oracle = try ClientBank1COracle.read(file.path)
        #expect(oracle.documents.count == 2)
        #expect(oracle.documents.map { $0["Сумма"] } == ["12200.00", "500.50"])
        #expect(oracle.documents.map { $0["ВидДокумента"] } == ["Платежное поручение", "Платежное поручение"])
        #expect(oracle.documents[0]["ПолучательИНН"] == "5408117935" && oracle.documents[0]["Дата"] == "01.12.2026")
        #expect(oracle.documents[0]["НазначениеПлатежа"] == "Оплата по счёту № 77 от 28.11.2026 за гвозди, в т.ч. НДС 22% - 2200.00")
    }

    @Test func ordersFromAnotherAccountOrWithUnwritableTextAreRefused() throws {
        var bad = try orders()
        bad[0].payer.account = "40702810000000000001"
        bad[1].purpose = "Оплата 😀"
        let error = try #require(throws: ERPError.self) { try PaymentOrderFile.make(bad, account: Self.us.account, created: try Self.created()) }
        #expect(error.fields?.keys.sorted() == ["orders[0].payer.account", "orders[1].purpose"])
    }

    @Test(arguments: ["kilylabs_one_day.txt", "odoo-ru_kl_to_1c.txt", "odoo-ru_1c_to_kl-win-min-example.txt"])
    func thePublicStatementsReadAsClientBank1CReadsThem(_ name: String) throws {
        let oracle = try ClientBank1COracle.read(ExchangeTestData.path("bank-statements/" + name))
        let (text, encoding) = try StatementEncoding.decode(try ExchangeTestData.bytes("bank-statements/" + name))
        let ours = try BankStatement.parse(text, encoding: encoding)
        #expect(ours.documents.count == oracle.documents.count && ours.accounts.count == oracle.accounts.count)
        for (mine, theirs) in zip(ours.documents, oracle.documents) {
            #expect(mine.type == theirs["ВидДокумента"])
            #expect(mine.amount?.description == theirs["Сумма"].flatMap { Money($0)?.description })
            #expect(mine.date?.dotted == theirs["Дата"])
            for field in mine.fields where !["Сумма", "Дата"].contains(field.key) && theirs[field.key] != nil {
                #expect(theirs[field.key]?.trimmingCharacters(in: .whitespaces) == field.value.trimmingCharacters(in: .whitespaces), "\(field.key)")
            }
        }
        for (mine, theirs) in zip(ours.accounts, oracle.accounts) {
            #expect(mine.account == theirs["РасчСчет"])
            #expect(mine["КонечныйОстаток"].flatMap { Money($0) } == theirs["КонечныйОстаток"].flatMap { Money($0) })
        }
    }
}
