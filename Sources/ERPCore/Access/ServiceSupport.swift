// Plumbing the access services share, and that later modules' facades can use too: a
// transaction whose failures arrive as ERPError, an injectable time source, and a page of a
// keyset-paginated list.

import Foundation
import Postgres

/// Where services read "now" from, so tests fix time instead of sleeping.
package struct TimeSource: Sendable {
    private let read: @Sendable () -> Date

    /// A time source reading `read` on every call.
    package init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system clock.
    package static let system = TimeSource { Date() }

    /// A clock stopped at `date`.
    package static func fixed(_ date: Date) -> TimeSource {
        TimeSource { date }
    }

    /// The current instant.
    package var now: Date { read() }
}

/// One page of a keyset-paginated list: `{"items": [...], "next_cursor": "…" | null}` (docs/http.md).
package struct Page<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The items of this page, in list order.
    package var items: [Item]
    /// Pass as `cursor` to get the next page; nil on the last page.
    package var nextCursor: String?

    /// A page of `items` followed by `nextCursor`.
    package init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    private enum CodingKeys: String, CodingKey { case items, nextCursor }

    /// Encodes `next_cursor` as `null` on the last page rather than leaving it out (docs/http.md).
    /// - Throws: `EncodingError` from the items.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

}

/// Checks a list's `limit` (1…500, docs/http.md) and parses its `cursor` (the last id of a page).
package enum PageRequest {
    /// The largest `limit` a list accepts.
    package static let maximumLimit = 500

    /// Validates `limit` and `cursor` together, reporting both when both are bad.
    /// - Throws: `ERPError.validationFailed` for `limit` outside 1…500 or a malformed `cursor`.
    package static func validate(limit: Int, cursor: String?) throws(ERPError) -> Int64? {
        var problems = FieldErrors()
        if !(1...maximumLimit).contains(limit) {
            problems.add("limit", "must be between 1 and \(maximumLimit)")
        }
        var after: Int64?
        if let cursor {
            after = Int64(cursor).flatMap { $0 > 0 && cursor.utf8.allSatisfy { (48...57).contains($0) } ? $0 : nil }
            if after == nil { problems.add("cursor", "is not a cursor returned by this list") }
        }
        try problems.throwIfAny()
        return after
    }
}

extension Connection {
    /// Runs `body` in a transaction (retried on serialization failures and deadlocks) and turns
    /// every failure into an `ERPError`: ours pass through, database errors are translated.
    ///
    /// Service facades use this so callers see only `ERPError`; lower-level `in tx:` functions
    /// throw freely inside `body` so a `40001` still reaches the retry loop untranslated.
    /// - Throws: `ERPError` — whatever `body` threw, or the translation of a database failure.
    package func serviceTransaction<T>(
        isolation: IsolationLevel = .readCommitted, _ body: (Transaction) throws -> T
    ) throws(ERPError) -> T {
        do {
            return try transaction(isolation: isolation, body)
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// Runs one statement on its own (autocommit) and translates a failure into an `ERPError`.
    /// - Throws: `ERPError` translated from the `PostgresError`.
    @discardableResult
    package func serviceQuery(_ query: PostgresQuery) throws(ERPError) -> PostgresRows {
        do {
            return try self.query(query)
        } catch {
            throw ServiceFailure.translate(error)
        }
    }
}

/// Translation of unexpected failures for the service facades.
package enum ServiceFailure {
    /// `ERPError.reporting(_:)`: ours pass through, the rest is translated and logged once under
    /// the reference of the bound `FailureScope` (the request id, or the CLI's invocation id).
    package static func translate(_ error: any Error) -> ERPError {
        ERPError.reporting(error)
    }
}
