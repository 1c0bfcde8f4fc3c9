import ERPCore

// The values captured by a route pattern's `{name}` segments, and their typed reading: a path
// segment that is not a valid id is a resource that does not exist (404), never a server error.

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
