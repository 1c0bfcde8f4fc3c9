// Reading a list's filters from the query string: each parameter parsed into its type, every
// parameter that does not parse reported at once (`422` with `details.fields`).

import ERPCore
import Foundation

/// Collects typed query parameters and the problems with them.
///
/// ```swift
/// var query = QueryFilterReader(ctx)
/// let filter = Filter(limit: query.value("limit", as: Int.self, "a whole number") ?? 100)
/// try query.finish()
/// ```
package struct QueryFilterReader {
    private let ctx: RequestContext
    private var problems = FieldErrors()

    package init(_ ctx: RequestContext) {
        self.ctx = ctx
    }

    /// The raw text of `name`, nil when absent.
    package func text(_ name: String) -> String? { ctx.query(name) }

    /// `name` converted by `convert`; a failure is recorded as "'text' is not `expected`".
    package mutating func value<T>(_ name: String, _ expected: String, _ convert: (String) -> T?) -> T? {
        guard let text = ctx.query(name) else { return nil }
        guard let value = convert(text) else {
            problems.add(name, "'\(text)' is not \(expected)")
            return nil
        }
        return value
    }

    /// `name` parsed by the type's own `init(_:)` (ids, numbers, booleans).
    package mutating func value<T: LosslessStringConvertible>(_ name: String, as type: T.Type, _ expected: String) -> T? {
        value(name, expected) { T($0) }
    }

    /// `name` as one of an enumeration's raw values.
    package mutating func value<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        value(name, "one of " + T.allCases.map(\.rawValue).joined(separator: ", ")) { T(rawValue: $0) }
    }

    /// `name` as an RFC 3339 timestamp, or a date (`2026-12-01`, meaning its midnight UTC).
    package mutating func date(_ name: String) -> Date? {
        value(name, "an RFC 3339 timestamp or a date like 2026-12-01") { text in
            RFC3339.date(from: text) ?? (text.count == 10 ? RFC3339.date(from: text + "T00:00:00Z") : nil)
        }
    }

    /// `name` as a raw id: a positive whole number, digits only (an id of any entity).
    package mutating func id(_ name: String) -> Int64? {
        value(name, "an id") { text in
            text.utf8.allSatisfy { (48...57).contains($0) } ? Int64(text).flatMap { $0 > 0 ? $0 : nil } : nil
        }
    }

    /// `limit`, 100 when absent.
    package mutating func limit() -> Int { value("limit", as: Int.self, "a whole number") ?? 100 }

    /// Throws when any parameter did not parse.
    /// - Throws: `ERPError.validationFailed` naming each such parameter.
    package func finish() throws(ERPError) {
        try problems.throwIfAny()
    }
}
