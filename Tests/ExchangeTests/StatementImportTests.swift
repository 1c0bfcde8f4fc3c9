import Billing
import ERPCore
import Foundation
import Parties
import Sales
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// A statement written the way a bank client writes it (windows-1251, CRLF) for the shop's account.
struct StatementFile {
    struct Entry {
        var number: String
        var amount: String
        var payerINN: String
        var payerKPP = ""
        var payer = "ООО «Ромашка»"
        var payeeINN = "7736207543"
        var payee = "ООО «Инструмент»"
        var purpose: String
        var incoming = true
    }

    static let ours = "40702810938000012345"
    var entries: [Entry]

    var bytes: [UInt8] {
        var lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Сбербанк Бизнес Онлайн",
                     "ДатаНачала=01.12.2026", "ДатаКонца=01.12.2026", "РасчСчет=\(Self.ours)",
                     "СекцияРасчСчет", "РасчСчет=\(Self.ours)", "НачальныйОстаток=0.00", "КонецРасчСчет"]
        for entry in entries {
            let (payerAccount, payeeAccount) = entry.incoming ? ("40702810000000000777", Self.ours) : (Self.ours, "40702810000000000888")
            lines += ["СекцияДокумент=Платежное поручение", "Номер=\(entry.number)", "Дата=01.12.2026", "Сумма=\(entry.amount)",
                      "ПлательщикСчет=\(payerAccount)", "ПлательщикИНН=\(entry.payerINN)", "ПлательщикКПП=\(entry.payerKPP)",
                      "Плательщик1=\(entry.payer)", "ПолучательСчет=\(payeeAccount)", "ПолучательИНН=\(entry.payeeINN)",
                      "Получатель1=\(entry.payee)", entry.incoming ? "ДатаПоступило=01.12.2026" : "ДатаСписано=01.12.2026",
                      "НазначениеПлатежа=\(entry.purpose)", "СвояСтрокаБанка=сохраняется", "КонецДокумента"]
        }
        lines.append("КонецФайла")
        return CodePage.windows1251.encode(lines.joined(separator: "\r\n") + "\r\n") ?? []
    }
}

@Suite("Bank statement import")
struct StatementImportTests {
    /// The shop with an invoice for 3 hammers (4320.00 with VAT) to ООО «Ромашка».
    private func shopWithInvoice() throws -> (TestShop, IssuedDocument) {
        let shop = try TestShop.exchangeShop()
        return (shop, try shop.hammerInvoice())
    }

    private func counts(_ shop: TestShop) throws -> [Int64] {
        [try shop.count("payments"), try shop.count("payment_allocations"), try shop.count("bank_statement_lines"),
         try shop.count("audit_log"), try shop.count("exchange_guids")]
    }

    private func statement(_ invoice: IssuedDocument) -> StatementFile {
        StatementFile(entries: [
            .init(number: "101", amount: "1000.00", payerINN: "7707083893", payerKPP: "773601001",
                  purpose: "Оплата по сч. № \(invoice.number) от 01.12.2026, в т.ч. НДС 22%"),
            .init(number: "102", amount: "77.00", payerINN: "500100732259", payer: "ИП Неизвестный", purpose: "За товар"),
            .init(number: "7", amount: "50.00", payerINN: "7736207543", payer: "ООО «Инструмент»", payeeINN: "", payee: "ПАО Сбербанк",
                  purpose: "Комиссия за ведение счёта", incoming: false),
        ])
    }

    @Test func aPreviewShowsWhatWillHappenAndChangesNothing() throws {
        let (shop, invoice) = try shopWithInvoice()
        let before = try counts(shop)
        let preview = try shop.exchange.importStatement(statement(invoice).bytes, dryRun: true, by: shop.accountant, on: shop.connection)
        #expect(preview.applied == false && preview.encoding == "windows-1251" && preview.accounts == [StatementFile.ours])
        #expect(preview.lines.map(\.outcome) == [.paid, .queued, .outgoing])
        #expect(preview.lines[0].invoiceNumber == invoice.number && preview.lines[0].matchedBy == "inn, invoice number")
        #expect(preview.lines[1].reason == "no client has INN 500100732259")
        #expect(try counts(shop) == before)
    }

    @Test func applyingRecordsThePaymentToTheNamedInvoiceQueuesTheUnknownAndKeepsEveryKey() throws {
        let (shop, invoice) = try shopWithInvoice()
        let result = try shop.exchange.importStatement(statement(invoice).bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.applied && result.lines.map(\.outcome) == [.paid, .queued, .outgoing])
        let payment = try shop.billing.payment(try #require(result.lines[0].paymentID), by: shop.accountant, on: shop.connection)
        #expect(payment.amount == Money("1000.00") && payment.clientID == shop.client.id && payment.bankRef == "п/п № 101 от 01.12.2026")
        #expect(payment.allocations == [Allocation(documentID: invoice.id, amount: Money("1000.00")!)])
        let queue = try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection)
        #expect(queue.map(\.number) == ["102"] && queue[0].amount == Money("77.00"))
        let fields = try shop.connection.query("SELECT fields::text FROM bank_statement_lines WHERE doc_number = '101'").firstRow?
            .decode(0, as: String.self)
        #expect(fields?.contains("СвояСтрокаБанка") == true)
        let audit = try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'bank_statement.import'").firstRow?
            .decode(0, as: Int64.self)
        #expect(audit == 1)
    }

    @Test func importingTheSameStatementTwiceCreatesNothingTheSecondTime() throws {
        let (shop, invoice) = try shopWithInvoice()
        _ = try shop.exchange.importStatement(statement(invoice).bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let payments = try shop.count("payments"), lines = try shop.count("bank_statement_lines")
        let again = try shop.exchange.importStatement(statement(invoice).bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(again.lines.map(\.outcome) == [.duplicate, .duplicate, .duplicate])
        #expect(try shop.count("payments") == payments && shop.count("bank_statement_lines") == lines)
    }

    @Test(arguments: [
        "Оплата по счету INV-2026-1 за молотки",
        "оплата сч.№inv-2026-000001 от 01.12.2026г. НДС не облагается",
        "Предоплата 100% по счёту № INV 2026 000001; НДС 22% - 779.02",
    ])
    func awkwardPurposesStillNameTheInvoice(_ purpose: String) throws {
        let (shop, invoice) = try shopWithInvoice()
        #expect(invoice.number == "INV-2026-000001")
        let file = StatementFile(entries: [.init(number: "1", amount: "10.00", payerINN: "7707083893", purpose: purpose)])
        let result = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.lines.first?.invoiceID == invoice.id, "\(purpose)")
    }

    @Test func withoutANumberTheOnlyInvoiceOwingExactlyTheAmountMatches() throws {
        let (shop, invoice) = try shopWithInvoice()
        let file = StatementFile(entries: [.init(number: "5", amount: invoice.total.description, payerINN: "7707083893", purpose: "За молотки")])
        let result = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.lines.first?.matchedBy == "inn, amount" && result.lines.first?.invoiceID == invoice.id)
        #expect(try shop.billing.document(invoice.id, by: shop.accountant, on: shop.connection).outstanding == Money("0.00"))
    }

    @Test func aQueuedLineIsResolvedOnceByChoosingTheClientAndInvoice() throws {
        let (shop, invoice) = try shopWithInvoice()
        _ = try shop.exchange.importStatement(statement(invoice).bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let queued = try #require(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).first)
        let resolved = try shop.exchange.resolve(queued.id, StatementResolution(clientID: shop.client.id, invoiceID: invoice.id),
                                                 by: shop.accountant, on: shop.connection)
        #expect(resolved.status == "resolved" && resolved.clientID == shop.client.id)
        let payment = try shop.billing.payment(try #require(resolved.paymentID), by: shop.accountant, on: shop.connection)
        #expect(payment.allocations == [Allocation(documentID: invoice.id, amount: Money("77.00")!)])
        let before = try counts(shop)
        #expect { try shop.exchange.resolve(queued.id, StatementResolution(clientID: shop.client.id), by: shop.accountant,
                                            on: shop.connection) } throws: { if case ERPError.invalidState = $0 { true } else { false } }
        #expect(try counts(shop) == before)
        #expect(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).isEmpty)
    }

    @Test func aManagerMayNotImportAndNothingChanges() throws {
        let (shop, invoice) = try shopWithInvoice()
        let before = try counts(shop)
        #expect { try shop.exchange.importStatement(statement(invoice).bytes, dryRun: false, by: shop.keeper, on: shop.connection) }
            throws: { if case ERPError.forbidden = $0 { true } else { false } }
        #expect(try counts(shop) == before)
    }

    @Test func thePublicOneDayStatementImportsWithItsLinesQueuedOrOutgoing() throws {
        let shop = try TestShop.exchangeShop()
        let bytes = try ExchangeTestData.bytes("bank-statements/kilylabs_one_day_utf8.txt")
        let result = try shop.exchange.importStatement(bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(result.encoding == "utf-8" && result.lines.count == 13)
        #expect(result.lines.allSatisfy { [.queued, .outgoing].contains($0.outcome) })
        let again = try shop.exchange.importStatement(try ExchangeTestData.bytes("bank-statements/kilylabs_one_day.txt"),
                                                      dryRun: false, by: shop.accountant, on: shop.connection)
        #expect(again.lines.allSatisfy { $0.outcome == .duplicate })
    }
}
