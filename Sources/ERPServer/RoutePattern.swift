import ERPCore

// Path patterns like `/api/v1/products/{id}`: literal segments and named parameters, one
// parameter per whole segment. Matching works on the raw (still percent-encoded) path, split at
// `/` first, so an encoded `%2F` stays inside its segment (RFC 3986 §2.2: reserved characters
// percent-encoded are data, not delimiters).

/// A parsed path pattern: literal segments and `{name}` parameters.
package struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a pattern.
    package enum Segment: Sendable, Hashable {
        /// Must equal the request's segment exactly (case-sensitive).
        case literal(String)
        /// Matches any non-empty segment and captures it, percent-decoded, under this name.
        case parameter(String)
    }

    /// The segments between slashes; empty for `/`.
    package let segments: [Segment]

    /// The pattern as written, e.g. `/api/v1/products/{id}` (the metrics `route` label).
    package var description: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name): "{\(name)}"
            }
        }.joined(separator: "/")
    }

    /// The names of the parameters, in order.
    package var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// Parses a pattern: it starts with `/`, has no empty segments, and each `{name}` fills a
    /// whole segment with a name of letters, digits and `_`, used once.
    /// - Throws: `RouteTableError.invalidPattern`.
    package init(parsing text: String) throws(RouteTableError) {
        guard text.hasPrefix("/") else { throw .invalidPattern(text, "must start with /") }
        guard text != "/" else {
            segments = []
            return
        }
        var segments: [Segment] = []
        var names: Set<String> = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw .invalidPattern(text, "has an empty segment") }
            if part.hasPrefix("{") || part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                guard part.hasPrefix("{"), part.hasSuffix("}"), !name.isEmpty,
                    name.utf8.allSatisfy({ $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
                else { throw .invalidPattern(text, "has a malformed parameter '\(part)'") }
                guard names.insert(name).inserted else { throw .invalidPattern(text, "repeats parameter '\(name)'") }
                segments.append(.parameter(name))
            } else {
                guard !part.contains("{"), !part.contains("}"), !part.contains("?"), !part.contains("%") else {
                    throw .invalidPattern(text, "has a malformed segment '\(part)'")
                }
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }

    /// How specific the pattern is: literal segments win over parameters, earlier ones first,
    /// so `/orders/export` is chosen over `/orders/{id}`. Compared lexicographically.
    var specificity: [Int] {
        segments.map { if case .literal = $0 { 1 } else { 0 } }
    }

    /// Whether the raw path segments fit this pattern (lengths and literals; no decoding).
    func matches(_ raw: [Substring]) -> Bool {
        guard raw.count == segments.count else { return false }
        for (segment, part) in zip(segments, raw) {
            switch segment {
            case .literal(let text): if part != text { return false }
            case .parameter: if part.isEmpty { return false }
            }
        }
        return true
    }

    /// The captured parameters of a path that `matches`, percent-decoded.
    /// - Throws: `ERPError.badRequest` for broken percent-encoding or non-UTF-8 bytes.
    func parameters(of raw: [Substring]) throws(ERPError) -> RouteParameters {
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, raw) {
            guard case .parameter(let name) = segment else { continue }
            guard let decoded = PercentDecoding.decode(part, plusAsSpace: false) else {
                throw .badRequest(reason: "the path segment '\(part)' is not valid percent-encoded UTF-8")
            }
            values[name] = decoded
        }
        return RouteParameters(values: values, pattern: self)
    }

    /// Splits a request path into raw segments: `/a/b` → `["a", "b"]`, `/` → `[]`, `/a/` → `["a", ""]`.
    static func split(path: String) -> [Substring] {
        guard path != "/" else { return [] }
        let trimmed = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return trimmed.split(separator: "/", omittingEmptySubsequences: false)
    }
}

/// A route table that cannot be built.
package enum RouteTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern text is not a valid pattern; the second value says why.
    case invalidPattern(String, String)
    /// Two routes have the same method and pattern.
    case duplicate(method: String, pattern: String)

    /// A sentence for the startup failure.
    package var description: String {
        switch self {
        case .invalidPattern(let text, let why): "route pattern '\(text)' \(why)"
        case .duplicate(let method, let pattern): "route \(method) \(pattern) is registered twice"
        }
    }
}
