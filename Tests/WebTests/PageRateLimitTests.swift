import ERPCore
import ERPServer
import Foundation
import HTTP1
import Testing

@testable import Web

/// A signed-in browser has the API tokens' rate limit, a bucket per session (issue #21).
@Suite("Page rate limit")
struct PageRateLimitTests {
    @Test func aSessionBeyondItsBurstGetsA429PageWithRetryAfterChangesNothingAndRecovers() throws {
        let web = try WebFixture(users: [("kirill", .storekeeper)], rateLimit: RateLimit(rate: 2, burst: 2))
        let (cookies, csrf) = try web.signIn("owner")
        let first = web.call(.get, "/admin/warehouses", cookies: cookies)
        #expect(first.status == 200 && first.headers["X-RateLimit-Remaining"] == "1")
        #expect(web.call(.get, "/admin/warehouses", cookies: cookies).status == 200)
        let refused = web.call(.post, "/admin/warehouses", cookies: cookies, form: [
            ("csrf", csrf), (FormFields.idempotencyName, "late-warehouse"), ("code", "LATE"), ("name", "Поздний"),
        ])
        #expect(refused.status == 429)
        #expect(refused.headers["Retry-After"] == "1" && refused.headers["X-RateLimit-Limit"] == "2")
        #expect(refused.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("Слишком много запросов"))
        let created = try web.connection.query("SELECT count(*) FROM warehouses WHERE code = 'LATE'").single().decode(0, as: Int64.self)
        #expect(created == 0)
        // Another session has a bucket of its own; the sign-in page and assets need no session.
        let (other, _) = try web.signIn("kirill")
        #expect(web.call(.get, "/stock", cookies: other).status == 200)
        #expect(web.call(.get, "/login").status == 200)
        Thread.sleep(forTimeInterval: 0.6)
        #expect(web.call(.get, "/admin/warehouses", cookies: cookies).status == 200)
    }
}
