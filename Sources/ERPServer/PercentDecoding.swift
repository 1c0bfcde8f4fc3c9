import ERPCore

// Percent-decoding of path segments and query components (RFC 3986 §2.1), and the query-string
// form `application/x-www-form-urlencoded` where `+` means a space (WHATWG URL, §5.1).

/// Percent-decoding that refuses broken escapes and non-UTF-8 results instead of guessing.
package enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`); nil if an escape is not
    /// two hex digits or the bytes are not valid UTF-8.
    package static func decode(_ text: some StringProtocol, plusAsSpace: Bool) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(37) || (plusAsSpace && utf8.contains(43)) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 37:  // %
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case 43 where plusAsSpace:
                bytes.append(32)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}

/// The decoded parameters of a query string, in order, repeated names kept.
package struct QueryParameters: Sendable, Equatable {
    /// Every `name=value` pair in order of appearance (`name` alone has the value `""`).
    package let pairs: [(name: String, value: String)]

    /// No parameters.
    package init() { pairs = [] }

    /// Parses a raw query (`a=1&b=x+y&b=%C3%A9`); empty pieces (`a=1&&b=2`) are skipped.
    /// - Throws: `ERPError.badRequest` when a name or value has a broken escape or is not UTF-8.
    package init(parsing raw: String?) throws(ERPError) {
        var pairs: [(name: String, value: String)] = []
        for piece in (raw ?? "").split(separator: "&") {
            let equals = piece.firstIndex(of: "=")
            let rawName = equals.map { piece[..<$0] } ?? piece
            let rawValue = equals.map { piece[piece.index(after: $0)...] } ?? ""
            guard let name = PercentDecoding.decode(rawName, plusAsSpace: true),
                let value = PercentDecoding.decode(rawValue, plusAsSpace: true)
            else {
                throw .badRequest(reason: "the query parameter '\(rawName)' is not valid percent-encoded UTF-8")
            }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of `name`, or nil when absent.
    package func first(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name` in order (`?tag=a&tag=b` → `["a", "b"]`).
    package func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// Same pairs in the same order.
    package static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }
}
