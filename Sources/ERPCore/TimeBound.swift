// A list filter's `from`/`to` as a person writes it: an exact instant (RFC 3339) or just a day.
// A day means the company's day, not the UTC one: `from=2026-12-06` starts at midnight in Moscow
// (21:00 UTC the day before), and `to=2026-12-06` takes in the whole of that day up to the next
// local midnight. Every door's date filter (orders, stock moves, the audit log, the documents page)
// resolves through `CompanyCalendar.instants(from:to:)`, so they all cut the day at the same place.

import Foundation
import Postgres

/// One end of a time filter: an instant, or a day of the company's calendar.
package enum TimeBound: Sendable, Equatable {
    /// An exact instant (`2026-12-06T20:30:00Z`): used as given.
    case instant(Date)
    /// A day (`2026-12-06`): as `from` its local midnight, as `to` the midnight after it.
    case day(CalendarDate)

    /// Parses an RFC 3339 timestamp or a date like `2026-12-01`; nil for anything else.
    package init?(_ text: String) {
        if let instant = RFC3339.date(from: text) {
            self = .instant(instant)
        } else if let day = CalendarDate(text) {
            self = .day(day)
        } else {
            return nil
        }
    }
}

extension CompanyCalendar {
    /// The instants a filter's bounds stand for: `from` (inclusive) and `to` (exclusive); a day as
    /// `to` includes the whole of that company day.
    /// - Throws: `PostgresError`.
    package static func instants(from: TimeBound?, to: TimeBound?, in tx: Transaction) throws -> (from: Date?, to: Date?) {
        func resolve(_ bound: TimeBound?, end: Bool) throws -> Date? {
            switch bound {
            case nil: return nil
            case .instant(let instant): return instant
            case .day(let day):
                let span = try span(from: day, to: day, in: tx)
                return end ? span.end : span.start
            }
        }
        return (try resolve(from, end: false), try resolve(to, end: true))
    }

    /// `instants(from:to:in:)` in a transaction of its own (a door building a list filter).
    /// - Throws: `ERPError` translated from a database failure.
    package static func instants(from: TimeBound?, to: TimeBound?, on connection: Connection) throws(ERPError) -> (from: Date?, to: Date?) {
        try connection.serviceTransaction { tx in try instants(from: from, to: to, in: tx) }
    }
}
