// HTML answers: the print forms now, every page later. They all go through `HTTPResponse.html`,
// so none can ship without the headers that keep a page from running foreign script, being
// sniffed as something else or framed by another site (clickjacking).

import HTTP1

/// The `Content-Security-Policy` of an HTML answer.
package struct ContentSecurityPolicy: Sendable, Equatable {
    /// The policy as a header value.
    package var value: String

    /// Print forms: self-contained A4 pages with one inline `<style>` block, no script, no
    /// images other than `data:` ones, no forms, never framed, no `<base>` tricks.
    package static let printForm = ContentSecurityPolicy(value: [
        "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "base-uri 'none'", "form-action 'none'",
        "frame-ancestors 'none'",
    ].joined(separator: "; "))

    /// Pages for people: script, styles and images only from our own embedded assets (no inline
    /// script or style at all), scripts fetching only from us (the type-ahead), forms posting only
    /// to us, never framed.
    package static let page = ContentSecurityPolicy(value: [
        "default-src 'none'", "script-src 'self'", "connect-src 'self'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; "))
}

extension HTTPResponse {
    /// An HTML answer with the security headers every page carries: the CSP (`frame-ancestors
    /// 'none'` in it, and `X-Frame-Options: DENY` for browsers that predate it),
    /// `X-Content-Type-Options: nosniff` and `Referrer-Policy` (`no-referrer` unless given: pages
    /// say `same-origin`, so our own links keep their referrer and no other site sees our URLs).
    package static func html(
        _ page: String, policy: ContentSecurityPolicy, status: Int = 200, referrerPolicy: String = "no-referrer"
    ) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(page.utf8))
        response.headers.add(name: "Content-Security-Policy", value: policy.value)
        response.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.add(name: "X-Frame-Options", value: "DENY")
        response.headers.add(name: "Referrer-Policy", value: referrerPolicy)
        return response
    }
}
