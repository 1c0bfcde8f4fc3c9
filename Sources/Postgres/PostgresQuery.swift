/// A SQL statement whose interpolated values become `$n` bind parameters, never SQL text.
///
/// ```swift
/// let rows = try connection.query("SELECT name FROM products WHERE id = \(id) AND sku = \(sku)")
/// ```
/// Raw fragments (an `ORDER BY` choice) can only be spliced in from a `StaticString`, so no
/// runtime value can ever reach the SQL text.
package struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The statement text with `$1…$n` placeholders.
    package private(set) var sql: String
    /// The parameters in placeholder order, as text (`nil` is NULL).
    package private(set) var binds: [String?]
    /// The declared type of each parameter.
    package private(set) var types: [PostgresType]

    package init(unsafeSQL sql: String) {
        self.sql = sql
        self.binds = []
        self.types = []
    }

    package init(stringLiteral value: StaticString) {
        self.init(unsafeSQL: value.description)
    }

    package init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
        self.types = stringInterpolation.types
    }

    /// Appends another query, renumbering its placeholders after ours.
    package mutating func append(_ other: PostgresQuery) {
        var renumbered = other.sql
        if !binds.isEmpty {
            // Rewrite from the highest number down so `$1` never clobbers `$10`.
            for index in stride(from: other.binds.count, through: 1, by: -1) {
                renumbered = renumbered.replacingPlaceholder(index, with: index + binds.count)
            }
        }
        sql += renumbered
        binds += other.binds
        types += other.types
    }

    package static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var result = lhs
        result.append(rhs)
        return result
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [String?] = []
        var types: [PostgresType] = []

        package init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
            types.reserveCapacity(interpolationCount)
        }

        package mutating func appendLiteral(_ literal: StaticString) {
            sql += literal.description
        }

        /// A bind parameter: becomes `$n` with its declared type.
        package mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(value.postgresText)
            types.append(Value.postgresType)
            sql += "$\(binds.count)"
        }

        /// A bind parameter that may be NULL.
        package mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresText)
            types.append(Value.postgresType)
            sql += "$\(binds.count)"
        }

        /// A fragment of SQL chosen by the program, never by input (e.g. `ORDER BY` direction).
        package mutating func appendInterpolation(unescaped fragment: StaticString) {
            sql += fragment.description
        }
    }
}

extension String {
    /// Replaces `$old` (not followed by another digit) with `$new`.
    fileprivate func replacingPlaceholder(_ old: Int, with new: Int) -> String {
        let pattern = Array("$\(old)".utf8)
        let bytes = Array(utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            let end = index + pattern.count
            if end <= bytes.count, Array(bytes[index..<end]) == pattern,
               end == bytes.count || !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) {
                result += Array("$\(new)".utf8)
                index = end
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
