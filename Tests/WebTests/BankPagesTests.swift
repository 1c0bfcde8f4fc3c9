import ERPCore
import Foundation
import HTTP1
import TestShop
import Testing

@testable import Web

/// The accountant's bank page in-process over the test shop: a statement uploaded as a file is
/// previewed with nothing changed, imported once however often the form is sent, and its queued
/// line resolved or dismissed; a manager has no bank page.
@Suite("Bank pages")
struct BankPagesTests {
    private static let boundary = "----erpTestBoundary7"

    /// A windows-1251 statement: 100.00 from the shop's client, 77.00 from a payer no client has.
    private static let statement: [UInt8] = CodePage.windows1251.encode([
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "РасчСчет=40702810938000012345",
        "СекцияДокумент=Платежное поручение", "Номер=11", "Дата=01.12.2026", "Сумма=100.00", "ПлательщикИНН=7707083893",
        "Плательщик1=ООО «Ромашка»", "ПолучательСчет=40702810938000012345", "НазначениеПлатежа=Оплата за молотки", "КонецДокумента",
        "СекцияДокумент=Платежное поручение", "Номер=12", "Дата=01.12.2026", "Сумма=77.00", "ПлательщикИНН=500100732259",
        "Плательщик1=ИП Неизвестный", "ПолучательСчет=40702810938000012345", "НазначениеПлатежа=За товар", "КонецДокумента",
        "КонецФайла",
    ].joined(separator: "\r\n") + "\r\n") ?? []

    /// Uploads `file` to the preview as `login`, a multipart form as a browser sends it.
    private func upload(_ web: WebFixture, _ file: [UInt8], as login: String = "acc") throws -> HTTPResponse {
        let (cookies, csrf) = try web.signIn(login)
        let body = MultipartFormTests.body([("csrf", nil, Array(csrf.utf8)), ("file", "kl_to_1c.txt", file)], boundary: Self.boundary)
        let headers = HTTPHeaders([("Host", "test"), ("Content-Type", "multipart/form-data; boundary=\(Self.boundary)"),
                                   ("Cookie", "\(Cookies.session)=\(cookies[Cookies.session] ?? "")")])
        return web.server.handle(HTTPRequest(head: HTTPRequestHead(method: .post, target: "/bank/preview", headers: headers),
                                             body: body, remoteAddress: "127.0.0.1:5555"))
    }

    private func post(_ web: WebFixture, _ path: String, _ form: [(String, String)], key: String = UUID().uuidString) throws -> HTTPResponse {
        let (cookies, csrf) = try web.signIn("acc")
        return web.call(.post, path, cookies: cookies, form: [("csrf", csrf), (FormFields.idempotencyName, key)] + form)
    }

    private func counts(_ web: WebFixture) throws -> [Int64] {
        [try web.connection.query("SELECT count(*) FROM payments").single().decode(0, as: Int64.self),
         try web.connection.query("SELECT count(*) FROM bank_statement_lines").single().decode(0, as: Int64.self),
         try web.connection.query("SELECT count(*) FROM audit_log WHERE action NOT LIKE 'session.%'").single().decode(0, as: Int64.self)]
    }

    private func queuedLine(_ web: WebFixture) throws -> Int64 {
        try web.connection.query("SELECT id FROM bank_statement_lines WHERE status = 'queued'").single().decode(0, as: Int64.self)
    }

    @Test func aStatementIsPreviewedWithNothingChangedThenImportedOnceHoweverOftenItIsSent() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let before = try counts(web)
        let preview = try upload(web, Self.statement)
        #expect(preview.status == 200, "\(preview.text)")
        #expect(preview.text.contains("windows-1251") && preview.text.contains("ИП Неизвестный") && preview.text.contains("нет клиента с ИНН 500100732259"))
        #expect(try counts(web) == before)

        let hidden = try #require(preview.text.firstMatch(of: /name="statement" value="([^"]+)"/)?.1).description
        let applied = try post(web, "/bank/apply", [("statement", hidden)], key: "apply-1")
        #expect(applied.status == 303 && applied.header("Location")?.contains("notice=imported") == true, "\(applied.text)")
        let after = try counts(web)
        #expect(after[0] == before[0] + 1 && after[1] == before[1] + 2)
        #expect(try post(web, "/bank/apply", [("statement", hidden)], key: "apply-1").status == 303)
        #expect(try post(web, "/bank/apply", [("statement", hidden)], key: "apply-2").status == 303)
        #expect(try counts(web)[0...1] == after[0...1])
    }

    @Test func aQueuedLineIsResolvedWithTheChosenClientAndAnotherDismissedOnlyWithAComment() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let hidden = Data(Self.statement).base64EncodedString()
        #expect(try post(web, "/bank/apply", [("statement", hidden)]).status == 303)
        let line = try queuedLine(web)
        let (cookies, _) = try web.signIn("acc")
        let page = web.call(.get, "/bank", cookies: cookies)
        #expect(page.status == 200 && page.text.contains("/bank/queue/\(line)/resolve") && page.text.contains("ИП Неизвестный"))

        let before = try counts(web)
        let refused = try post(web, "/bank/queue/\(line)/dismiss", [("reason", "other"), ("comment", "")])
        #expect(refused.status == 422 && refused.text.contains("comment"), "\(refused.text)")
        #expect(try counts(web) == before)
        let dismissed = try post(web, "/bank/queue/\(line)/dismiss", [("reason", "other"), ("comment", "возврат подотчётных")])
        #expect(dismissed.status == 303 && dismissed.header("Location")?.contains("notice=dismissed") == true)
        #expect(web.call(.get, "/bank", cookies: cookies).text.contains("возврат подотчётных"))
        #expect(try post(web, "/bank/queue/\(line)/reopen", []).status == 303)

        let resolved = try post(web, "/bank/queue/\(line)/resolve", [("client", String(shop.client.id.rawValue)), ("invoice", "")])
        #expect(resolved.status == 303 && resolved.header("Location")?.contains("notice=resolved") == true, "\(resolved.text)")
        #expect(try counts(web)[0] == before[0] + 1)
        let again = try post(web, "/bank/queue/\(line)/resolve", [("client", String(shop.client.id.rawValue))])
        let payments = try counts(web)[0]
        #expect(again.status == 409 && payments == before[0] + 1)
    }

    @Test func aManagerHasNoBankPageAndABrokenUploadIsRefused() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let (cookies, _) = try web.signIn("anna")
        #expect(web.call(.get, "/bank", cookies: cookies).status == 403)
        #expect(!web.call(.get, "/", cookies: cookies).text.contains("href=\"/bank\""))
        #expect(try upload(web, Self.statement, as: "anna").status == 403)
        let empty = try upload(web, [])
        #expect(empty.status == 422 && empty.text.contains("Выберите файл"))
        let unreadable = try upload(web, Array("not a statement".utf8))
        #expect(unreadable.status == 422, "\(unreadable.text)")
        #expect(try counts(web)[1] == 0)
    }
}
