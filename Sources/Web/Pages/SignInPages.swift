// Sign-in and sign-out. The form posts to `/login` with a CSRF token that matches its own cookie
// (no session exists yet); the password goes through the same login service as the API (bcrypt,
// rate limit, disabled users refused). Sign-out ends the session row, so the old cookie stops
// working at once, and clears the cookie.

import ERPCore
import ERPServer
import Foundation
import HTTP1

/// `/login`, `/logout`.
struct SignInPages: PageGroup {
    let configuration: WebSite.Configuration

    var menu: [MenuEntry] { [] }

    var pages: [Page] {
        [
            Page(.get, "/login", access: .anonymous, query: [.text("next", maxLength: 2000, "Where to go after signing in")]) { context in
                if context.session != nil { return context.redirect(to: safeNext(context.query("next"))) }
                return try form(context, login: "", error: nil, status: 200)
            },
            Page(.post, "/login", access: .anonymous, query: [.text("next", maxLength: 2000, "Where to go after signing in")]) { context in
                try signIn(context)
            },
            Page(.post, "/logout", access: .permission(.readSelf)) { context in
                if let session = context.session {
                    let time = configuration.time
                    try context.withConnection { try WebSessions.signOut(session, time: time, on: $0) }
                }
                var response = context.redirect(to: "/login")
                response.headers.add(name: "Set-Cookie", value: Cookies.setCookie(
                    Cookies.session, "", expires: .distantPast, secure: configuration.cookieSecure))
                return response
            },
        ]
    }

    private func signIn(_ context: PageContext) throws -> HTTPResponse {
        let login = context.form["login"] ?? ""
        let password = context.form.pairs.first("password") ?? ""
        let time = configuration.time
        do {
            let started = try context.withConnection { connection in
                try WebSessions.signIn(login: login, password: password, time: time, on: connection)
            }
            var response = context.redirect(to: safeNext(context.query("next")))
            response.headers.add(name: "Set-Cookie", value: Cookies.setCookie(
                Cookies.session, started.secret, expires: started.expiresAt, secure: configuration.cookieSecure))
            return response
        } catch {
            let message: Message = if case .rateLimited = error { .tooManyAttempts } else { .wrongLogin }
            let status = if case .rateLimited = error { 429 } else if case .unavailable = error { 503 } else { 401 }
            return try form(context, login: login, error: message, status: status)
        }
    }

    /// The sign-in form; sets the form's CSRF cookie when the browser has none yet.
    private func form(_ context: PageContext, login: String, error: Message?, status: Int) throws -> HTTPResponse {
        let headers = context.request.request.head.headers
        var token = Cookies.value(Cookies.signInCSRF, in: headers) ?? ""
        var newCookie: String?
        if token.utf8.count != 43 {
            token = try Tokens.randomSecret()
            newCookie = token
        }
        let next = context.query("next").map { "?next=" + (($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)) ?? "") } ?? ""
        let problem: HTML = error.map { "<p class=\"error\" role=\"alert\" id=\"login-error\">\(context.text($0))</p>" } ?? ""
        let body: HTML = """
            <form method="post" action="/login\(next)" class="signin">
            <h1>\(context.text(.signInTitle))</h1>\(problem)
            <input type="hidden" name="\(FormFields.csrfName)" value="\(token)">
            <label for="login">\(context.text(.login))</label>
            <input id="login" name="login" autocomplete="username" required value="\(login)" autofocus>
            <label for="password">\(context.text(.password))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit" class="primary">\(context.text(.signIn))</button>
            </form>
            """
        var response = context.render(title: context.text(.signInTitle), body, status: status)
        if let newCookie {
            response.headers.add(name: "Set-Cookie", value: Cookies.setCookie(
                Cookies.signInCSRF, newCookie, expires: nil, secure: configuration.cookieSecure))
        }
        return response
    }
}

/// A `next` that stays on this site (`/stock?q=1`), else `/`: never `//other.site` or a URL.
func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
          next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
    else { return "/" }
    return next
}
