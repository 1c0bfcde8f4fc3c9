// Reading a route's query parameters as typed values. The route's declarations have already
// been checked against the query (`QueryParameters.check`, before the handler runs), so a read
// cannot meet a bad value; what it can meet is a handler asking for a parameter its route does
// not declare, or reading it as another type — a bug, answered `500` by `finish()`.

import ERPCore
import Foundation

/// Typed reading of declared query parameters.
///
/// ```swift
/// var query = QueryFilterReader(ctx)
/// let filter = OrderFilter(clientID: query.value("client_id", as: PartyID.self), limit: query.limit())
/// try query.finish()
/// ```
package struct QueryFilterReader {
    private let ctx: RequestContext
    private var misuse: [String] = []

    package init(_ ctx: RequestContext) {
        self.ctx = ctx
    }

    /// The text of declared parameter `name`, nil when absent.
    package mutating func text(_ name: String) -> String? {
        guard isDeclared(name) else { return nil }
        return ctx.query(name)
    }

    /// `name` converted by `convert`, nil when absent.
    package mutating func value<T>(_ name: String, _ convert: (String) -> T?) -> T? {
        guard let text = text(name) else { return nil }
        guard let value = convert(text) else {
            misuse.append("'\(name)' was read as another type than it is declared with")
            return nil
        }
        return value
    }

    /// `name` parsed by the type's own `init(_:)` (ids, numbers, booleans).
    package mutating func value<T: LosslessStringConvertible>(_ name: String, as type: T.Type) -> T? {
        value(name) { T($0) }
    }

    /// `name` as one of an enumeration's raw values.
    package mutating func value<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        value(name) { T(rawValue: $0) }
    }

    /// `name` as an RFC 3339 timestamp or a company day, for `CompanyCalendar.instants(from:to:on:)`.
    package mutating func timestamp(_ name: String) -> TimeBound? {
        value(name) { TimeBound($0) }
    }

    /// `name` as a calendar date.
    package mutating func date(_ name: String) -> CalendarDate? {
        value(name) { CalendarDate($0) }
    }

    /// `name` as a raw id of any entity.
    package mutating func id(_ name: String) -> Int64? {
        value(name, QueryParameter.parseID)
    }

    /// `limit`, 100 when absent.
    package mutating func limit() -> Int { value("limit", as: Int.self) ?? 100 }

    /// `format=csv` (else JSON).
    package mutating func wantsCSV() -> Bool { text("format") == "csv" }

    /// Throws when the handler read what its route does not declare.
    /// - Throws: `RouteParameterError.undeclared` (→ `500 internal`, logged).
    package func finish() throws(RouteParameterError) {
        if let first = misuse.first { throw .undeclared(name: first, pattern: ctx.route.path) }
    }

    private mutating func isDeclared(_ name: String) -> Bool {
        guard ctx.route.query.contains(where: { $0.name == name }) else {
            misuse.append(name)
            return false
        }
        return true
    }
}
