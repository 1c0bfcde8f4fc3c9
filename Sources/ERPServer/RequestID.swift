// `X-Request-Id`: one id follows a request through the load balancer, our access log, error
// messages and the client's bug report. An incoming id is echoed only if it is short and made of
// characters that cannot inject anything into a header or a log line.

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

    /// A fresh id: 32 lowercase hex digits from the system's CSPRNG (getrandom on Linux).
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
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

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
