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
        sql += binds.isEmpty ? other.sql : other.sql.shiftingPlaceholders(upTo: other.binds.count, by: binds.count)
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
    /// Adds `offset` to every placeholder `$1…$count` (a `$` and a maximal run of digits without
    /// a leading zero), in one pass: composed statements (`+`) are built on every call, and a
    /// pass per placeholder cost the order workloads a tenth of the server's time.
    fileprivate func shiftingPlaceholders(upTo count: Int, by offset: Int) -> String {
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        var result: [UInt8] = []
        var text = self
        return text.withUTF8 { bytes in
            result.reserveCapacity(bytes.count + count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                result.append(byte)
                index += 1
                guard byte == UInt8(ascii: "$"), index < bytes.count, bytes[index] != digit.lowerBound,
                    digit.contains(bytes[index])
                else { continue }
                var end = index
                var number = 0
                while end < bytes.count, digit.contains(bytes[end]), number <= count {
                    number = number * 10 + Int(bytes[end] - digit.lowerBound)
                    end += 1
                }
                // A run longer than `count` allows is copied as it is, digit by digit.
                guard end == bytes.count || !digit.contains(bytes[end]), number <= count else { continue }
                result.append(contentsOf: String(number + offset).utf8)
                index = end
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}
