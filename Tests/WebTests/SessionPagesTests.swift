import ERPCore
import ERPServer
import Foundation
import HTTP1
import Testing

@testable import Web

/// Sign-in, sign-out, CSRF and the headers of every page, in-process against a real database.
@Suite("Session pages")
struct SessionPagesTests {
    @Test func signInWithTheFormsCSRFCookieStartsASessionAndRedirectsBack() throws {
        let web = try WebFixture()
        let form = web.call(.get, "/login?next=%2Fstock")
        let cookie = try #require(form.header("Set-Cookie"))
        #expect(cookie.hasPrefix("erp_login_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        let token = String(cookie.dropFirst("erp_login_csrf=".count).prefix { $0 != ";" })
        #expect(form.text.contains("value=\"\(token)\""))
        let answer = web.call(.post, "/login?next=%2Fstock", cookies: [Cookies.signInCSRF: token],
                              form: [("csrf", token), ("login", "kirill"), ("password", WebFixture.password)])
        #expect(answer.status == 303)
        #expect(answer.header("Location") == "/stock")
        let session = try #require(answer.header("Set-Cookie"))
        #expect(session.hasPrefix("erp_session=") && session.contains("HttpOnly") && session.contains("Path=/"))
        #expect(!session.contains("Secure"))
    }

    @Test func signInWithoutTheMatchingCSRFCookieIsRefusedAndStartsNoSession() throws {
        let web = try WebFixture()
        for cookies in [[:], [Cookies.signInCSRF: String(repeating: "b", count: 43)]] {
            let answer = web.call(.post, "/login", cookies: cookies,
                                  form: [("csrf", String(repeating: "a", count: 43)), ("login", "kirill"),
                                         ("password", WebFixture.password)])
            #expect(answer.status == 403)
        }
        #expect(try web.connection.query("SELECT count(*) FROM web_sessions").single().decode(0, as: Int64.self) == 0)
    }

    @Test func aWrongPasswordShowsTheFormAgainWithTheLoginTyped() throws {
        let web = try WebFixture()
        let token = String(repeating: "c", count: 43)
        let answer = web.call(.post, "/login", cookies: [Cookies.signInCSRF: token],
                              form: [("csrf", token), ("login", "kirill"), ("password", "wrong")])
        #expect(answer.status == 401)
        #expect(answer.text.contains("Неверный логин или пароль"))
        #expect(answer.text.contains("value=\"kirill\""))
        #expect(answer.header("Set-Cookie") == nil)
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefusedAndChangesNothing() throws {
        let web = try WebFixture()
        let (cookies, csrf) = try web.signIn("kirill")
        for form in [[], [("csrf", String(repeating: "x", count: 43))], [("csrf", csrf + "x")]] {
            #expect(web.call(.post, "/logout", cookies: cookies, form: form).status == 403)
        }
        #expect(web.call(.get, "/stock", cookies: cookies).status == 200)
        let out = web.call(.post, "/logout", cookies: cookies, form: [("csrf", csrf)])
        #expect(out.status == 303)
        #expect(out.header("Set-Cookie")?.contains("erp_session=;") == true)
        let after = web.call(.get, "/stock", cookies: cookies)
        #expect(after.status == 303)
        #expect(after.header("Location")?.hasPrefix("/login") == true)
    }

    @Test func everyPageCarriesTheStrictPolicyAndNoInlineScriptOrStyle() throws {
        let web = try WebFixture()
        let (cookies, _) = try web.signIn("kirill")
        for target in ["/login", "/stock"] {
            let page = web.call(.get, target, cookies: target == "/login" ? [:] : cookies)
            #expect(page.status == 200, "\(target)")
            #expect(page.header("Content-Security-Policy") == ContentSecurityPolicy.page.value)
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(page.header("Referrer-Policy") == "same-origin")
            #expect(!page.text.contains("<script>") && !page.text.contains("style="), "\(target)")
            #expect(page.text.contains("<html lang=\"ru\""))
        }
        let english = web.call(.get, "/stock", cookies: cookies, headers: [("Accept-Language", "en-US,en;q=0.9")])
        #expect(english.text.contains("<html lang=\"en\"") && english.text.contains("Sign out"))
    }

    @Test func assetsAreServedUnderTheirHashWithAYearLongImmutableLifetime() throws {
        let web = try WebFixture()
        let path = try #require(Assets.byName["app.css"]?.path)
        let css = web.call(.get, path)
        #expect(css.status == 200)
        #expect(css.header("Cache-Control") == "public, max-age=31536000, immutable")
        #expect(css.header("Content-Type") == "text/css; charset=utf-8")
        #expect(web.call(.get, "/assets/app.0000000000000000.css").status == 404)
    }

    @Test func pagesAreNotPartOfTheAPIsDocuments() throws {
        let web = try WebFixture()
        let paths = web.server.openAPIDocument["paths"]
        #expect(paths?["/login"] == nil && paths?["/stock"] == nil)
        #expect(paths?["/api/v1/users/me"] != nil)
        let reference = RouteReference.markdown(routes: web.server.routes)
        #expect(!reference.contains(" /login`") && !reference.contains(" /stock`") && reference.contains(" /api/v1/auth/login`"))
    }
}
