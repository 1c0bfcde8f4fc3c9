import ERPCore
import Foundation
import HTTP1
import Testing

@testable import Web

/// The owner's administration pages in-process: a user added once per form, a wrong INN refused at
/// its field with nothing saved, a token shown once and never again, and nobody else let in.
@Suite("Administration pages")
struct AdminPagesTests {
    private func post(_ web: WebFixture, _ path: String, _ form: [(String, String)], key: String = UUID().uuidString) throws -> HTTPResponse {
        let (cookies, csrf) = try web.signIn("owner")
        return web.call(.post, path, cookies: cookies, form: [("csrf", csrf), (FormFields.idempotencyName, key)] + form)
    }

    @Test func theOwnerAddsAUserOncePerFormAndTheUserSignsIn() throws {
        let web = try WebFixture()
        let form = [("login", "vera"), ("name", "Вера"), ("role", "manager"), ("all_clients", "1"), ("password", "vera-password")]
        let first = try post(web, "/admin/users/new", form, key: "same-key")
        let again = try post(web, "/admin/users/new", form, key: "same-key")
        #expect(first.status == 303 && again.status == 303)
        #expect(first.header("Location") == again.header("Location"))
        let vera = try AccessService().user(login: "vera", by: web.owner, on: web.connection)
        #expect(vera.role == .manager && vera.allClients && vera.hasPassword)
        #expect(first.header("Location")?.hasPrefix("/admin/users/\(vera.id.rawValue)?notice=user_added") == true)
        #expect(try WebSessions.signIn(login: "vera", password: "vera-password", on: web.connection).session.principal.login == "vera")
        let users = try web.connection.query("SELECT count(*) FROM users WHERE login = 'vera'").single().decode(0, as: Int64.self)
        #expect(users == 1)
    }

    @Test func aWrongINNIsShownAtItsFieldAndNothingIsSaved() throws {
        let web = try WebFixture()
        let before = try CompanySettings.get(by: web.owner, on: web.connection)
        let page = try post(web, "/admin/company", [("version", String(before.version)), ("kind", "company"), ("name", "ООО «Ромашка»"),
                                                    ("inn", "7707083894"), ("time_zone", "Europe/Moscow")])
        #expect(page.status == 422)
        #expect(page.text.contains("<p class=\"field-error\" id=\"inn-error\">Неверная контрольная цифра — проверьте номер</p>"))
        #expect(page.text.contains("value=\"7707083894\""))
        #expect(try CompanySettings.get(by: web.owner, on: web.connection) == before)
        let saved = try post(web, "/admin/company", [("version", String(before.version)), ("kind", "company"), ("name", "ООО «Ромашка»"),
                                                     ("inn", "7707083893"), ("vat_payer", "1"), ("time_zone", "Asia/Yekaterinburg")])
        #expect(saved.status == 303)
        let after = try CompanySettings.get(by: web.owner, on: web.connection)
        #expect(after.inn == "7707083893" && after.timeZone == "Asia/Yekaterinburg" && after.vatPayer && !after.pricesIncludeVAT)
    }

    @Test func anIssuedTokenIsShownOnceAndItsListNeverShowsASecret() throws {
        let web = try WebFixture()
        let kirill = try AccessService().user(login: "kirill", by: web.owner, on: web.connection)
        let issued = try post(web, "/admin/tokens/issue", [("user", String(kirill.id.rawValue)), ("days", "30")])
        #expect(issued.status == 200 && issued.header("Cache-Control") == "no-store")
        let token = try #require(issued.text.firstMatch(of: /value="(erp_[A-Za-z0-9_-]+)"/)?.1)
        #expect(try AccessService().authenticate(token: String(token), channel: .api, on: web.connection).login == "kirill")
        let list = web.call(.get, "/admin/tokens", cookies: try web.signIn("owner").cookies)
        #expect(list.status == 200 && !list.text.contains(String(token)) && list.text.contains(String(token.prefix(12))))
    }

    @Test func othersAreRefusedEveryAdministrationPageAndSeeNoMenuEntry() throws {
        let web = try WebFixture(users: [("kirill", .storekeeper), ("anna", .manager)])
        for login in ["kirill", "anna"] {
            let cookies = try web.signIn(login).cookies
            for path in ["/admin/users", "/admin/users/1", "/admin/tokens", "/admin/company", "/admin/warehouses"] {
                #expect(web.call(.get, path, cookies: cookies).status == 403)
            }
            #expect(!web.call(.get, "/stock", cookies: cookies).text.contains("href=\"/admin/"))
        }
        #expect(web.call(.get, "/stock", cookies: try web.signIn("owner").cookies).text.contains("href=\"/admin/users\""))
    }
}
