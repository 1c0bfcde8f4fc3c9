// Fair use per API token: a token bucket per bearer token (and per signed-in page session, keyed
// `session:ID`), so one runaway script cannot take every handler thread from the people and
// integrations sharing the server. Generous by default
// (50 requests a second with bursts of 200: a shop's website syncing stock never meets it);
// `ERP_RATE_LIMIT` sets it (`RATE` or `RATE:BURST`, `off` for none).
//
// The buckets live in this process's memory: two servers behind a balancer each allow the limit
// (docs/decisions.md, "Rate limits"). Kept as the "theoretical arrival time" of the next request
// (GCRA, the token bucket in integer nanoseconds): one integer per token, no timer, no Double.

import ERPCore
import HTTP1
import Synchronization

/// How many requests a token may make: `rate` a second on average, `burst` at once.
package struct RateLimit: Sendable, Equatable {
    /// Requests a second, on average.
    package var rate: Int
    /// Requests that may come at once after a quiet spell (the bucket's size).
    package var burst: Int

    /// A limit of `rate` a second with bursts of `burst`.
    package init(rate: Int, burst: Int) {
        self.rate = rate
        self.burst = burst
    }

    /// The default: 50 a second, bursts of 200.
    package static let standard = RateLimit(rate: 50, burst: 200)

    /// `ERP_RATE_LIMIT`: `50` (the burst is four seconds' worth), `50:200`, or `off` (nil).
    /// - Throws: `ERPError.validationFailed` naming `ERP_RATE_LIMIT` for anything else.
    package static func parse(_ text: String) throws(ERPError) -> RateLimit? {
        if text == "off" { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let numbers = parts.map { part in
            part.utf8.allSatisfy { (48...57).contains($0) } ? Int(part).flatMap { (1...1_000_000).contains($0) ? $0 : nil } : nil
        }
        guard (1...2).contains(numbers.count), let rate = numbers[0], let burst = numbers.count == 2 ? numbers[1] : rate * 4 else {
            throw .validationFailed(fields: ["ERP_RATE_LIMIT": "'\(text)' is not RATE or RATE:BURST (e.g. 50:200), or off"])
        }
        return RateLimit(rate: rate, burst: burst)
    }
}

/// The buckets of one server process, by key (a bearer token, or `session:ID` for a page session).
package final class RateLimiter: Sendable {
    /// What one request was allowed, for the `X-RateLimit-*` headers.
    package struct Decision: Sendable, Equatable {
        /// Whether the request may run.
        package var allowed: Bool
        /// The bucket's size.
        package var limit: Int
        /// Requests left in the bucket after this one.
        package var remaining: Int
        /// Seconds until the bucket is full again (`X-RateLimit-Reset`).
        package var resetSeconds: Int
        /// When refused: seconds until one more request is allowed (`Retry-After`).
        package var retryAfterSeconds: Int

        /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds until the bucket is full).
        func addHeaders(to response: inout HTTPResponse) {
            response.headers.replaceOrAdd(name: "X-RateLimit-Limit", value: String(limit))
            response.headers.replaceOrAdd(name: "X-RateLimit-Remaining", value: String(remaining))
            response.headers.replaceOrAdd(name: "X-RateLimit-Reset", value: String(resetSeconds))
        }
    }

    /// The limit every key gets.
    package let limit: RateLimit
    private let interval: Int64
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// Per key: when its bucket will be full again, in nanoseconds since `start`.
    private let full = Mutex<[String: Int64]>([:])
    /// Beyond this many keys, buckets that have filled up again are forgotten (they mean nothing).
    private static let pruneAbove = 10_000

    /// Buckets for `limit`.
    package init(limit: RateLimit) {
        self.limit = limit
        self.interval = 1_000_000_000 / Int64(limit.rate)
        self.start = clock.now
    }

    /// Takes one request from `key`'s bucket, if it holds one.
    package func admit(_ key: String) -> Decision {
        let elapsed = clock.now - start
        let now = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let capacity = interval * Int64(limit.burst)
        return full.withLock { full in
            if full.count > Self.pruneAbove { full = full.filter { $0.value > now } }
            let current = max(full[key] ?? now, now)
            let next = current + interval
            guard next - capacity <= now else {
                return Decision(allowed: false, limit: limit.burst, remaining: 0, resetSeconds: Self.seconds(current - now),
                                retryAfterSeconds: max(1, Self.seconds(next - capacity - now)))
            }
            full[key] = next
            return Decision(allowed: true, limit: limit.burst, remaining: Int((now + capacity - next) / interval),
                            resetSeconds: Self.seconds(next - now), retryAfterSeconds: 0)
        }
    }

    /// Nanoseconds as whole seconds, rounded up.
    private static func seconds(_ nanoseconds: Int64) -> Int {
        Int((nanoseconds + 999_999_999) / 1_000_000_000)
    }
}
