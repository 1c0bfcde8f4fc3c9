import ERPCore
import Foundation
import HTTP1
import TestSupport
import Testing

@testable import ERPServer

/// The per-token rate limit: generous by default, a 429 with its headers beyond it, and
/// recovery once the bucket refills.
@Suite("Rate limits")
struct RateLimitTests {
    @Test(arguments: [
        ("50", RateLimit(rate: 50, burst: 200)), ("10:30", RateLimit(rate: 10, burst: 30)), ("1:1", RateLimit(rate: 1, burst: 1)),
    ])
    func theSettingReadsRateAndBurst(text: String, expected: RateLimit) throws {
        #expect(try RateLimit.parse(text) == expected)
    }

    @Test func offMeansNoLimit() throws {
        #expect(try RateLimit.parse("off") == nil)
    }

    @Test(arguments: ["0", "", "fast", "5:", ":5", "-1", "+5", "5:0", "1:2:3", "2000000"])
    func aMalformedSettingIsRefusedNamingIt(text: String) {
        do {
            let limit = try RateLimit.parse(text)
            Issue.record("'\(text)' was read as \(String(describing: limit))")
        } catch {
            #expect(error == .validationFailed(fields: ["ERP_RATE_LIMIT": "'\(text)' is not RATE or RATE:BURST (e.g. 50:200), or off"]))
        }
    }

    @Test func everyAnswerToATokenCarriesItsLimit() throws {
        let api = try APIFixture(users: [])
        let response = api.call(.get, "/api/v1/warehouses", as: "owner")
        #expect(response.status == 200)
        #expect(response.headers["X-RateLimit-Limit"] == "200")
        #expect(response.headers["X-RateLimit-Remaining"] == "199")
        #expect(response.headers["X-RateLimit-Reset"] == "1")
        let missing = api.call(.get, "/api/v1/products/999999", as: "owner")
        #expect(missing.status == 404 && ["198", "199"].contains(missing.headers["X-RateLimit-Remaining"] ?? ""))
        #expect(api.call(.get, "/health", as: nil).headers["X-RateLimit-Limit"] == nil)
    }

    @Test func aTokenBeyondItsBurstGets429WithHeadersAndRecoversAfterTheWait() throws {
        let api = try APIFixture(users: [("anna", .manager)], rateLimit: RateLimit(rate: 2, burst: 2))
        let first = api.call(.get, "/api/v1/warehouses", as: "owner")
        let second = api.call(.get, "/api/v1/warehouses", as: "owner")
        #expect(first.status == 200 && first.headers["X-RateLimit-Remaining"] == "1")
        #expect(second.status == 200 && second.headers["X-RateLimit-Remaining"] == "0")
        let refused = api.call(.post, "/api/v1/warehouses", as: "owner", body: #"{"code": "LATE", "name": "Поздний"}"#)
        #expect(refused.status == 429)
        #expect(refused.errorCode == "rate_limited")
        #expect(refused.headers["Retry-After"] == "1")
        #expect(refused.headers["X-RateLimit-Limit"] == "2" && refused.headers["X-RateLimit-Remaining"] == "0")
        #expect(refused.headers["X-RateLimit-Reset"] == "1")
        let created = try api.connection.query("SELECT count(*) FROM warehouses WHERE code = 'LATE'").firstRow?.decode(0, as: Int64.self)
        #expect(created == 0)
        // Another token has a bucket of its own.
        #expect(api.call(.get, "/api/v1/warehouses", as: "anna").status == 200)
        Thread.sleep(forTimeInterval: 0.6)
        let recovered = api.call(.get, "/api/v1/warehouses", as: "owner")
        #expect(recovered.status == 200 && recovered.headers["X-RateLimit-Remaining"] == "0")
    }
}
