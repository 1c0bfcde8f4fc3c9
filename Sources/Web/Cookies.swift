// Cookies of the pages: the session id, the language and the pre-session CSRF token of the
// sign-in form. All `HttpOnly; SameSite=Lax; Path=/`, `Secure` when the server sits behind TLS
// (`ERP_COOKIE_SECURE=1`).

import Foundation
import HTTP1

/// Reading the `Cookie` header and writing `Set-Cookie`.
enum Cookies {
    /// The session id.
    static let session = "erp_session"
    /// The chosen language (`ru`, `en`).
    static let language = "erp_lang"
    /// The sign-in form's CSRF token (double submit: the cookie and the hidden field must match).
    static let signInCSRF = "erp_login_csrf"

    /// The value of cookie `name` in the request's `Cookie` headers (`a=1; b=2`), or nil.
    static func value(_ name: String, in headers: HTTPHeaders) -> String? {
        for header in headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name { return String(trimmed[trimmed.index(after: equals)...]) }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value; `expires` nil makes a browser-session cookie, `.distantPast` deletes it.
    static func setCookie(_ name: String, _ value: String, expires: Date?, secure: Bool) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Lax"]
        if let expires { parts.append("Expires=" + String(decoding: DateCache.format(Int(expires.timeIntervalSince1970)), as: UTF8.self)) }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
