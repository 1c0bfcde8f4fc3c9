// The change feed as a reader gets it (docs/integrations.md): committed changes after a cursor, in
// commit order per entity, of the types the reader asks for and may read, and — for a manager
// without `all_clients` — only those of their own clients (the parties' visibility rule, applied
// when the feed is read, so a client handed to another manager moves their history with them); for
// a storekeeper with a warehouse scope, only events of their warehouses (those whose data names one).

import ERPCore
import Parties
import Postgres

/// What `GET /api/v1/changes` and `erp changes` ask for.
package struct ChangeFeedRequest: Sendable, Equatable {
    /// The `next_cursor` of the previous page; nil reads from the beginning.
    package var since: String?
    /// Only these types; nil: every type the reader may read.
    package var types: [ChangeEventType]?
    /// At most this many events (1…500).
    package var limit: Int

    package init(since: String? = nil, types: [ChangeEventType]? = nil, limit: Int = 100) {
        (self.since, self.types, self.limit) = (since, types, limit)
    }
}

extension ChangeFeedRequest {
    /// The types of a comma-separated list (`order.confirmed,stock.available_changed`).
    /// - Throws: `ERPError.validationFailed` naming `field` and the unknown types.
    package static func types(parsing list: String, field: String = "types") throws(ERPError) -> [ChangeEventType] {
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        let unknown = names.filter { ChangeEventType(rawValue: $0) == nil }
        guard unknown.isEmpty else {
            throw .validationFailed(fields: [field: "unknown event types: \(unknown.joined(separator: ", ")); known: "
                + ChangeEventType.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        return names.compactMap(ChangeEventType.init(rawValue:))
    }
}

/// One page of the feed. `next_cursor` is always where to continue — the same cursor again when
/// nothing new has committed yet.
package struct ChangeFeedPage: Codable, Sendable, Equatable {
    package var items: [ChangeEvent]
    package var nextCursor: String
}

/// Reading the feed with the reader's rights.
enum ChangeFeed {
    /// The page `request` asks for, as `principal` may see it.
    /// - Throws: `ERPError.validationFailed` for a bad cursor or limit; `.forbidden` for a type the
    ///   reader may not read; `PostgresError`.
    static func page(_ request: ChangeFeedRequest, by principal: Principal, in tx: Transaction) throws -> ChangeFeedPage {
        let after = try cursor(request.since, limit: request.limit)
        let types = try readableTypes(request.types, by: principal)
        let clients = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        let warehouses = principal.warehouseScope.map { $0.sorted() }
        let events = try ChangeEvents.page(after: after, types: types, clients: clients, warehouses: warehouses,
                                           limit: request.limit, in: tx)
        return ChangeFeedPage(items: events, nextCursor: String(events.last?.id ?? after))
    }

    /// The types asked for (all when none are), each one the reader may read.
    /// - Throws: `ERPError.forbidden` naming the first type the reader may not read.
    static func readableTypes(_ asked: [ChangeEventType]?, by principal: Principal) throws(ERPError) -> [ChangeEventType] {
        guard let asked else { return ChangeEventType.allCases.filter { principal.may($0.permission) } }
        for type in asked where !principal.may(type.permission) {
            throw .forbidden(action: "\(type.permission.phrase) (events \(type.rawValue))")
        }
        return asked
    }

    /// The event id a cursor stands for: `0` (or none) is the beginning.
    /// - Throws: `ERPError.validationFailed` naming `since` or `limit`.
    private static func cursor(_ since: String?, limit: Int) throws(ERPError) -> Int64 {
        var problems = FieldErrors()
        if !(1...PageRequest.maximumLimit).contains(limit) { problems.add("limit", "must be between 1 and \(PageRequest.maximumLimit)") }
        var after: Int64 = 0
        if let since {
            if since.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(since) {
                after = value
            } else {
                problems.add("since", "is not a cursor returned by the feed")
            }
        }
        try problems.throwIfAny()
        return after
    }
}
