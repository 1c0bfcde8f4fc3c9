import Foundation
import HTTP1
import Testing

@testable import ERPServer

/// Every HTML answer is built by `HTTPResponse.html` and carries the security headers.
@Suite("HTML responses")
struct HTMLResponseTests {
    @Test func anHTMLAnswerCarriesThePolicyNosniffAndNoFraming() {
        let response = HTTPResponse.html("<p>hi</p>", policy: .printForm)
        #expect(response.status == 200 && response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Content-Security-Policy"] == ContentSecurityPolicy.printForm.value)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["X-Frame-Options"] == "DENY")
    }

    @Test func printFormsMayRunNoScriptAndCannotBeFramed() {
        let directives = ContentSecurityPolicy.printForm.value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(directives.contains("default-src 'none'"), "script-src falls back to default-src 'none'")
        #expect(!directives.contains { $0.hasPrefix("script-src") })
        #expect(directives.contains("frame-ancestors 'none'"))
        #expect(directives.contains("style-src 'unsafe-inline'"), "the forms' one <style> block")
    }
}
