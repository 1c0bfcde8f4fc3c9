import ERPCore

// A request's parameters: the values captured by a route pattern's `{name}` segments, with their
// typed reading (a path segment that is not a valid id is a resource that does not exist: 404,
// never a server error), and the query string.

/// The percent-decoded path parameters of a matched route.
package struct RouteParameters: Sendable, Equatable {
    /// Parameter name → decoded segment.
    package let values: [String: String]
    /// The pattern that captured them (names the entity in `not_found` errors).
    package let pattern: RoutePattern

    /// Parameters captured by `pattern`.
    package init(values: [String: String], pattern: RoutePattern) {
        self.values = values
        self.pattern = pattern
    }

    /// The decoded text of parameter `name`.
    /// - Throws: `RouteParameterError.undeclared` when the pattern has no such parameter (a bug
    ///   in the route, answered as `500 internal`).
    package func text(_ name: String) throws(RouteParameterError) -> String {
        guard let value = values[name] else {
            throw .undeclared(name: name, pattern: pattern.description)
        }
        return value
    }

    /// Parameter `name` parsed as `T` (`ProductID`, `Int64`, any lossless text type).
    ///
    /// `/products/abc` with `as: ProductID.self` is `404 not_found` for entity "product": no
    /// resource has that name. `entity` defaults to the singular of the literal segment before
    /// the parameter (`products` → `product`, `categories` → `category`).
    /// - Throws: `ERPError.notFound` for an unparseable segment; `RouteParameterError.undeclared`
    ///   for a name the pattern lacks.
    package func value<T: LosslessStringConvertible>(_ name: String, as type: T.Type, entity: String? = nil) throws -> T {
        let text = try text(name)
        guard let value = T(text) else {
            throw ERPError.notFound(entity: entity ?? defaultEntity(of: name), id: text)
        }
        return value
    }

    /// `products/{id}` → `product`; a parameter without a literal before it → `resource`.
    private func defaultEntity(of name: String) -> String {
        var previous: String?
        for segment in pattern.segments {
            switch segment {
            case .literal(let text): previous = text
            case .parameter(let parameter) where parameter == name:
                return previous.map(Self.singular) ?? "resource"
            case .parameter: previous = nil
            }
        }
        return "resource"
    }

    private static func singular(_ plural: String) -> String {
        let word: String
        if plural.hasSuffix("ies") {
            word = plural.dropLast(3) + "y"
        } else if plural.hasSuffix("s") && !plural.hasSuffix("ss") {
            word = String(plural.dropLast())
        } else {
            word = plural
        }
        return word.split(separator: "-").joined(separator: " ")
    }
}

/// A route handler asked for something its own declaration does not provide: a bug, so it is
/// answered `500 internal` and logged, not shown to the client.
package enum RouteParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern has no parameter of this name.
    case undeclared(name: String, pattern: String)

    /// A sentence for the log.
    package var description: String {
        switch self {
        case .undeclared(let name, let pattern): "route \(pattern) has no parameter '\(name)'"
        }
    }
}

// MARK: - Query string and percent-decoding

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

    /// These pairs (a multipart form's text fields).
    package init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

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

    /// Same pairs in the same order.
    package static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }
}
