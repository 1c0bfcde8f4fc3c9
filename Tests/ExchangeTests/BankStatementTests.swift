import ERPCore
import Foundation
import Testing

@testable import Exchange

/// Reading `1CClientBankExchange` files: the public samples, every encoding a bank may send, and
/// files that declare one encoding and are in another.
@Suite("Bank statement parsing")
struct BankStatementTests {
    private func read(_ bytes: [UInt8]) throws -> BankStatement {
        let (text, encoding) = try StatementEncoding.decode(bytes)
        return try BankStatement.parse(text, encoding: encoding)
    }

    private func sample(_ name: String) throws -> BankStatement {
        try read(try ExchangeTestData.bytes("bank-statements/" + name))
    }

    @Test func aOneDayWindows1251StatementHasItsAccountBalancesAndThirteenDocumentsOfBothTypes() throws {
        let statement = try sample("kilylabs_one_day.txt")
        #expect(statement.encoding == "windows-1251")
        #expect(statement.accounts.count == 1 && statement.accounts[0].account == "40702810200000000001")
        #expect(statement.accounts[0]["КонечныйОстаток"] == "44145.91" && statement.accounts[0]["НачальныйОстаток"] == "45329.91")
        #expect(statement.documents.count == 13)
        #expect(statement.documents.filter { $0.type == "Платежное поручение" }.count == 7)
        #expect(statement.documents.filter { $0.type == "Банковский ордер" }.count == 6)
        #expect(statement.documents.allSatisfy { $0.number != nil && $0.date != nil && $0.amount != nil })
        #expect(statement.documents[0].amount == Money("83.23") && statement.documents[0]["КвитанцияСодержание"] != nil)
    }

    @Test func aUTF8FileDeclaringWindowsGivesTheSameThirteenDocuments() throws {
        let windows = try sample("kilylabs_one_day.txt")
        let utf8 = try sample("kilylabs_one_day_utf8.txt")
        #expect(utf8.encoding == "utf-8")
        #expect(utf8.header.first { $0.key == "Кодировка" }?.value == "Windows")
        #expect(utf8.documents == windows.documents && utf8.accounts == windows.accounts && utf8.documents.count == 13)
    }

    @Test func anLFStatementKeepsItsEmptyBudgetFields() throws {
        let statement = try sample("odoo-ru_kl_to_1c.txt")
        #expect(statement.accounts.map(\.account) == ["00000000000000000001"])
        #expect(statement.documents.count == 1)
        let document = try #require(statement.documents.first)
        #expect(document.type == "Платежное поручение" && document.amount == Money("108159.12") && document.number == "3")
        #expect(document.fields.contains { $0.key == "ПоказательДаты" && $0.value.isEmpty })
        #expect(StatementImporting.isIncoming(document, ours: statement.ourAccounts) == false)
    }

    @Test func theMinimalFileIsAHeaderWithAnUnknownKey() throws {
        let statement = try sample("odoo-ru_1c_to_kl-win-min-example.txt")
        #expect(statement.header == [BankField(key: "Поле", value: "Значение")])
        #expect(statement.accounts.isEmpty && statement.documents.isEmpty)
    }

    @Test func aDOS866FileIsReadEvenWhenItDeclaresWindows() throws {
        let windows = try sample("kilylabs_one_day.txt")
        let text = try #require(CodePage.windows1251.decode(try ExchangeTestData.bytes("bank-statements/kilylabs_one_day.txt")))
        for declared in ["Кодировка=DOS", "Кодировка=Windows"] {
            let bytes = try #require(CodePage.dos866.encode(text.replacingOccurrences(of: "Кодировка=Windows", with: declared)))
            let dos = try read(bytes)
            #expect(dos.encoding == "cp866")
            #expect(dos.documents == windows.documents)
        }
    }

    @Test func withoutADeclarationTheLettersDecideAndAnAmbiguousFileIsRefusedNotGuessed() throws {
        let windows = try sample("kilylabs_one_day.txt")
        let text = try #require(CodePage.windows1251.decode(try ExchangeTestData.bytes("bank-statements/kilylabs_one_day.txt")))
        let undeclared = text.replacingOccurrences(of: "Кодировка=Windows", with: "")
        #expect(try read(try #require(CodePage.windows1251.encode(undeclared))).documents == windows.documents)
        #expect(try read(try #require(CodePage.dos866.encode(undeclared))).encoding == "cp866")
        // Bytes 0xE0–0xEF are letters in both code pages (а–п in 1251, р–я in 866).
        let ambiguous = Array("1CClientBankExchange\n".utf8) + [0xE0, 0xE1, 0xE2] + Array("=1\n".utf8)
        let error = try #require(throws: ERPError.self) { try read(ambiguous) }
        #expect(error.fields?["file"]?.contains("cannot tell the statement's encoding") == true)
    }

    @Test(arguments: [
        ("1CClientBankExchange\nСекцияДокумент=Платежное поручение\nНомер=1\nКонецФайла\n", "the file ends inside a section"),
        ("1CClientBankExchange\nВерсияФормата=1.03\n", "has no КонецФайла"),
        ("Hello\nКонецФайла\n", "does not start with 1CClientBankExchange"),
        ("1CClientBankExchange\nгарбидж\nКонецФайла\n", "is not Key=Value"),
    ])
    func brokenFilesAreRefusedWithTheReason(_ text: String, _ reason: String) throws {
        let error = try #require(throws: ERPError.self) { try read(Array(text.utf8)) }
        #expect(error.fields?["file"]?.contains(reason) == true, "\(error)")
    }
}
