// One entry of a client's timeline (the client card): something that happened — an activity, an
// order, a shipment, a document, a payment, a change of the card — with when, what and how much.
// Each module contributes the events of its own records; the CRM merges them newest first.

import Foundation

/// An event on a client's timeline.
package struct TimelineEvent: Codable, Sendable, Equatable {
    package var at: Date
    /// `activity`, `order`, `shipment`, `document`, `payment`, `change`.
    package var kind: String
    /// The id of the record behind it, within its kind.
    package var id: Int64
    /// One line a person reads: "Order SO-2026-000012 (confirmed)".
    package var title: String
    package var detail: String?
    package var amount: Money?

    package init(at: Date, kind: String, id: Int64, title: String, detail: String? = nil, amount: Money? = nil) {
        self.at = at
        self.kind = kind
        self.id = id
        self.title = title
        self.detail = detail
        self.amount = amount
    }

    /// This event's place in the newest-first order, for paging.
    package var position: TimelinePosition { TimelinePosition(at: at, kind: kind, id: id) }
}

/// A place in a timeline ordered newest first by (time, kind, id): pages continue strictly after it.
package struct TimelinePosition: Sendable, Equatable, Comparable {
    package var at: Date
    package var kind: String
    package var id: Int64

    package init(at: Date, kind: String, id: Int64) {
        self.at = at
        self.kind = kind
        self.id = id
    }

    /// The very start: every event comes after it.
    package static let start = TimelinePosition(at: Date(timeIntervalSince1970: 253_402_300_799), kind: "~", id: Int64.max)

    package static func < (lhs: TimelinePosition, rhs: TimelinePosition) -> Bool {
        (lhs.at, lhs.kind, lhs.id) < (rhs.at, rhs.kind, rhs.id)
    }

    /// The cursor text: `microseconds.kind.id`.
    package var cursor: String { "\(Int64((at.timeIntervalSince1970 * 1_000_000).rounded())).\(kind).\(id)" }

    /// Parses a cursor made by `cursor`; nil for anything else.
    package init?(cursor text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let micros = Int64(parts[0]), let id = Int64(parts[1 + 1]), !parts[1].isEmpty,
              parts[1].allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        self.init(at: Date(timeIntervalSince1970: Double(micros) / 1_000_000), kind: String(parts[1]), id: id)
    }
}
