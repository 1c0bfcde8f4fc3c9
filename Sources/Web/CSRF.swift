// Cross-site request forgery: every POST carries a token a foreign site cannot read. Signed-in
// forms carry the session's secret (`web_sessions.csrf_secret`); the sign-in form, before any
// session exists, carries the value of its own cookie (double submit). `SameSite=Lax` already keeps
// the session cookie off cross-site POSTs; the token is the second, browser-independent lock.

import ERPCore
import Foundation
import HTTP1

/// The CSRF check of every page POST.
enum CSRF {
    /// Whether the form's token is the session's (signed in) or the sign-in cookie's (anonymous).
    static func isValid(form: FormFields, session: WebSession?, headers: HTTPHeaders) -> Bool {
        guard let sent = form.pairs.first(FormFields.csrfName), !sent.isEmpty else { return false }
        if let session { return equal(sent, session.csrfToken) }
        guard let cookie = Cookies.value(Cookies.signInCSRF, in: headers), !cookie.isEmpty else { return false }
        return equal(sent, cookie)
    }

    /// Compares in time independent of where the first difference is.
    static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
