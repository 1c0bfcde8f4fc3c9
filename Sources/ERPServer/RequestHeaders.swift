// What the API reads from request headers itself: the request id and the bearer token.
//
// `X-Request-Id`: one id follows a request through the load balancer, our access log, error
// messages and the client's bug report. An incoming id is echoed only if it is short and made of
// characters that cannot inject anything into a header or a log line.

import ERPCore
import HTTP1
import Postgres
import Synchronization

/// Accepting and generating request ids.
package enum RequestID {
    /// The header carrying the id, in requests and in every response.
    package static let header = "X-Request-Id"

    /// The client's id if it is 1–128 characters of `A–Z a–z 0–9 - _ . : + / = @`, else nil.
    package static func accept(_ candidate: String?) -> String? {
        guard let candidate, (1...128).contains(candidate.utf8.count),
            candidate.utf8.allSatisfy(isSafe)
        else { return nil }
        return candidate
    }

    /// A fresh id: 32 lowercase hex digits, unique within the process and, with overwhelming
    /// probability, across processes.
    ///
    /// Ids are identifiers, not secrets: a process-wide counter goes through two bijective
    /// SplitMix64 finalizers keyed by 128 bits from the system's CSPRNG (getrandom on Linux) at
    /// first use. One relaxed atomic add per id instead of a getrandom call.
    package static func generate() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let high = mix(seeds.high &+ n &* 0x9E37_79B9_7F4A_7C15)
        let low = mix(seeds.low ^ n)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = hexDigits[Int(high >> (60 - 4 * UInt64(index)) & 0xF)]
                buffer[16 + index] = hexDigits[Int(low >> (60 - 4 * UInt64(index)) & 0xF)]
            }
            return 32
        }
    }

    /// The client's acceptable id, or a fresh one.
    package static func resolve(_ candidate: String?) -> String {
        accept(candidate) ?? generate()
    }

    private static func isSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true  // digits, letters
        case 45, 95, 46, 58, 43, 47, 61, 64: true  // - _ . : + / = @
        default: false
        }
    }

    private static let counter = Atomic<UInt64>(0)
    private static let seeds: (high: UInt64, low: UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// SplitMix64's finalizer: a bijection on 64 bits that spreads every input bit.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Authorization
// The API layer does not know how tokens work: ERPCore's access module does. The server is given
// an `Authenticator` and only extracts the bearer token (RFC 6750 §2.1) to hand it over.

/// Turns a bearer token into the acting user, using the request's database connection.
/// Throws `ERPError.unauthorized` for unknown, expired or revoked tokens; database failures must
/// be translated with `ERPError.from(_:reference:)` (a broken connection → `unavailable`).
package typealias Authenticator = @Sendable (_ bearerToken: String, _ connection: Connection) throws(ERPError) -> Principal

/// Reading `Authorization: Bearer <token>`.
package enum BearerToken {
    /// The token of the request's `Authorization` header, nil when there is none.
    ///
    /// RFC 6750 §2.1: `Bearer 1*SP b64token`, b64token = `1*( ALPHA / DIGIT / "-" / "." / "_" /
    /// "~" / "+" / "/" ) *"="`; the scheme is case-insensitive (RFC 9110 §11.1).
    /// - Throws: `ERPError.unauthorized` for a repeated header, another scheme or a malformed token.
    package static func parse(_ headers: HTTPHeaders) throws(ERPError) -> String? {
        let values = headers.values(for: "Authorization")
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw .unauthorized(reason: "more than one Authorization header") }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized(reason: "the Authorization header must be 'Bearer <token>'")
        }
        let token = parts[1].drop { $0 == " " }
        let body = token.utf8.reversed().drop { $0 == 61 }  // trailing '='
        guard !body.isEmpty, body.allSatisfy(isTokenByte) else {
            throw .unauthorized(reason: "the bearer token is malformed")
        }
        return String(token)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 45, 46, 95, 126, 43, 47: true  // - . _ ~ + /
        default: false
        }
    }
}
