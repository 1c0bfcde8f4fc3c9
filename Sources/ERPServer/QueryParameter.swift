// The query parameters a route declares. One declaration serves three readers: the check that
// runs before every handler (unknown or repeated names → 400, a value outside its type or bounds
// → 422 naming it), the handler's typed reading (`QueryFilterReader`), and `/openapi.json`.

import ERPCore
import Foundation

/// One query parameter of a route: its name, type and bounds, and a description.
///
/// ```swift
/// Route(.get, "/api/v1/orders", summary: "Orders", access: .permission(.readOrders),
///       query: [.id("client_id", "Only this client's orders"), .limit, .cursor]) { ctx in … }
/// ```
package struct QueryParameter: Sendable {
    /// What a value must look like.
    package enum Kind: Sendable, Equatable {
        /// A whole number within the bounds.
        case integer(ClosedRange<Int>)
        /// A positive whole number, digits only (an id of any entity).
        case id
        /// `true` or `false`.
        case boolean
        /// A calendar date, `2026-12-01`.
        case date
        /// An RFC 3339 timestamp, or a date meaning the company's day (`TimeBound`).
        case timestamp
        /// One of these words.
        case enumeration([String])
        /// Text of at most this many characters, without control characters.
        case text(maxLength: Int)
    }

    /// The name in the query string.
    package let name: String
    /// Its type and bounds.
    package let kind: Kind
    /// What it does, for the OpenAPI document.
    package let summary: String

    /// A declared parameter.
    package init(_ name: String, _ kind: Kind, _ summary: String) {
        self.name = name
        self.kind = kind
        self.summary = summary
    }

    /// The largest page any list serves (docs/http.md: `limit` ≤ 500).
    package static let maxLimit = PageRequest.maximumLimit

    /// `limit`: 1–500, 100 when absent.
    package static let limit = QueryParameter("limit", .integer(1...maxLimit), "Page size (1–500, default 100)")
    /// `cursor`: the `next_cursor` of the previous page.
    package static let cursor = QueryParameter("cursor", .text(maxLength: 100), "The next_cursor of the previous page")
    /// `format`: `json` (the default) or `csv`.
    package static let format = QueryParameter("format", .enumeration(["json", "csv"]), "json (default) or csv")
    /// `dry_run`: check and report without saving.
    package static let dryRun = QueryParameter("dry_run", .boolean, "true: check and report without saving")

    /// An id filter: `client_id=42`.
    package static func id(_ name: String, _ summary: String) -> QueryParameter {
        QueryParameter(name, .id, summary)
    }

    /// A `true`/`false` filter.
    package static func boolean(_ name: String, _ summary: String) -> QueryParameter {
        QueryParameter(name, .boolean, summary)
    }

    /// A date (`2026-12-01`).
    package static func date(_ name: String, _ summary: String) -> QueryParameter {
        QueryParameter(name, .date, summary)
    }

    /// A timestamp or date.
    package static func timestamp(_ name: String, _ summary: String) -> QueryParameter {
        QueryParameter(name, .timestamp, summary)
    }

    /// One of an enumeration's raw values.
    package static func enumeration<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, _ summary: String) -> QueryParameter
    where T.RawValue == String {
        QueryParameter(name, .enumeration(T.allCases.map(\.rawValue)), summary)
    }

    /// Text up to `maxLength` characters (200 unless said: search text, natural keys).
    package static func text(_ name: String, maxLength: Int = 200, _ summary: String) -> QueryParameter {
        QueryParameter(name, .text(maxLength: maxLength), summary)
    }

    /// What is wrong with `text` as a value of this parameter, nil when it is acceptable.
    package func problem(with text: String) -> String? {
        switch kind {
        case .integer(let bounds):
            guard let value = Int(text) else { return "'\(text)' is not a whole number" }
            return bounds.contains(value) ? nil : "must be between \(bounds.lowerBound) and \(bounds.upperBound)"
        case .id:
            return Self.parseID(text) == nil ? "'\(text)' is not an id" : nil
        case .boolean:
            return text == "true" || text == "false" ? nil : "'\(text)' is not true or false"
        case .date:
            return CalendarDate(text) == nil ? "'\(text)' is not a date like 2026-12-01" : nil
        case .timestamp:
            return TimeBound(text) == nil ? "'\(text)' is not an RFC 3339 timestamp or a date like 2026-12-01" : nil
        case .enumeration(let words):
            return words.contains(text) ? nil : "'\(text)' is not one of " + words.joined(separator: ", ")
        case .text(let maxLength):
            if text.count > maxLength { return "must be at most \(maxLength) characters" }
            return text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "must not contain control characters" : nil
        }
    }

    /// A raw id: a positive whole number, digits only.
    static func parseID(_ text: String) -> Int64? {
        text.utf8.allSatisfy { (48...57).contains($0) } ? Int64(text).flatMap { $0 > 0 ? $0 : nil } : nil
    }
}

extension QueryParameters {
    /// Checks the query against a route's declarations.
    /// - Throws: `ERPError.badRequest` naming undeclared or repeated parameters (a misspelled
    ///   filter must not silently widen a list); `.validationFailed` naming each bad value.
    package func check(against declared: [QueryParameter]) throws(ERPError) {
        guard !pairs.isEmpty else { return }  // most requests: nothing to check, nothing to build
        var byName: [String: QueryParameter] = [:]
        for parameter in declared { byName[parameter.name] = parameter }
        var unknown: [String] = []
        var seen: Set<String> = []
        var repeated: [String] = []
        var problems = FieldErrors()
        for (name, value) in pairs {
            guard let parameter = byName[name] else {
                if !unknown.contains(name) { unknown.append(name) }
                continue
            }
            guard seen.insert(name).inserted else {
                if !repeated.contains(name) { repeated.append(name) }
                continue
            }
            if let problem = parameter.problem(with: value) { problems.add(name, problem) }
        }
        if !unknown.isEmpty {
            let known = declared.isEmpty ? "none" : declared.map(\.name).joined(separator: ", ")
            throw .badRequest(reason: "unknown query parameter " + Self.quoted(unknown) + " (this route takes: \(known))")
        }
        if !repeated.isEmpty {
            throw .badRequest(reason: "the query parameter " + Self.quoted(repeated) + " is given more than once")
        }
        try problems.throwIfAny()
    }

    private static func quoted(_ names: [String]) -> String {
        names.map { "'\(String($0.prefix(64)))'" }.joined(separator: ", ")
    }
}
