// The change feed's log (docs/decisions.md, "Integrations"): every module appends the events of its
// changes inside the transaction that makes them, so an event exists exactly when its change
// committed (a transactional outbox). The feed reads it in id order, and must never pass an id a
// transaction still in progress holds — identity values are drawn at insert, not at commit, so id 7
// can be visible before id 6 commits. Writers therefore hold a shared advisory lock from their first
// event to their commit (they never wait for each other), and a reader reads only while it holds
// the same lock exclusively: at that moment no transaction holding an unfinished id exists, and
// every id drawn later is larger than any the reader sees.

import Foundation
import Postgres

/// The kinds of change the feed carries and webhooks subscribe to.
package enum ChangeEventType: String, Sendable, Codable, CaseIterable, Equatable {
    case orderCreated = "order.created"
    case orderConfirmed = "order.confirmed"
    case orderShipped = "order.shipped"
    case orderCancelled = "order.cancelled"
    /// A product's available quantity (on hand − reserved) changed in one warehouse.
    case stockAvailableChanged = "stock.available_changed"
    case productChanged = "product.changed"
    case priceChanged = "price.changed"
    case partyChanged = "party.changed"
    case documentIssued = "document.issued"
    case documentAnnulled = "document.annulled"
    case paymentReceived = "payment.received"
    case paymentReversed = "payment.reversed"
    /// Goods arrived against a supplier order (its stock moves as `stock.available_changed`).
    case purchaseOrderReceived = "purchase_order.received"
    case supplierBillRecorded = "supplier_bill.recorded"
    case supplierPaymentMade = "supplier_payment.made"
    case supplierPaymentReversed = "supplier_payment.reversed"

    /// What a reader needs to see events of this type: the permission that reads the entity itself.
    package var permission: Permission {
        switch self {
        case .orderCreated, .orderConfirmed, .orderShipped, .orderCancelled: .readOrders
        case .stockAvailableChanged: .readStock
        case .productChanged, .priceChanged: .readCatalog
        case .partyChanged: .readParties
        // Storekeepers read only the UPDs of their shipments, which a feed of every document would overstep.
        case .documentIssued, .documentAnnulled: .issueDocuments
        case .paymentReceived, .paymentReversed: .readPayments
        // Storekeepers receive against supplier orders, so they follow receipts (quantities, no prices).
        case .purchaseOrderReceived: .readPurchasing
        case .supplierBillRecorded, .supplierPaymentMade, .supplierPaymentReversed: .readPayables
        }
    }
}

/// One committed change, as `GET /api/v1/changes` returns it and webhooks post it.
package struct ChangeEvent: Codable, Sendable, Equatable {
    /// The event's id: its stable position in the feed (webhooks send it as `X-ERP-Event-Id`).
    package var id: Int64
    /// When the changing transaction started.
    package var at: Date
    /// What happened.
    package var type: ChangeEventType
    /// The kind of entity changed: `order`, `stock_level`, `product`, `party`, `document`, `payment`,
    /// `purchase_order`, `supplier_bill`, `supplier_payment`.
    package var entity: String
    /// The entity's id (for a stock level: the product's).
    package var entityID: Int64
    /// The entity's new state, or what changed.
    package var data: JSONValue
}

/// An event to append: what a module passes to `ChangeEvents.record`.
package struct NewChangeEvent: Sendable {
    package var type: ChangeEventType
    package var entity: String
    package var entityID: Int64
    /// The client whose business the change is (managers see only their clients'); nil for none.
    package var clientID: Int64?
    package var data: JSONValue

    /// An event of `type` on `entity` `id`, in `client`'s business (nil: no client's).
    package init(_ type: ChangeEventType, entity: String, id: some EntityID, client: Int64? = nil, data: JSONValue) {
        (self.type, self.entity, self.entityID, self.clientID, self.data) = (type, entity, id.rawValue, client, data)
    }
}

/// Writing and reading the change feed.
package enum ChangeEvents {
    /// The advisory lock writers share and readers take alone (an arbitrary constant: "feed").
    static let lockKey: Int64 = 0x6665_6564

    /// Appends `events` inside the changing transaction, in the order given. A tail write
    /// (`Transaction.queueWrite`): it goes out with the transaction's next statement or its
    /// COMMIT, so the writer holds the feed's shared lock from then to its commit.
    /// - Throws: `PostgresError` (let it propagate so the change rolls back); a failure surfaces
    ///   from the next statement or the commit.
    package static func record(_ events: [NewChangeEvent], in tx: Transaction) throws(PostgresError) {
        guard !events.isEmpty else { return }
        // The lock is taken in the FROM clause, so before any identity value is drawn.
        try tx.queueWrite("""
            INSERT INTO change_events (type, entity_type, entity_id, client_id, data)
            SELECT e.t, e.en, e.id, e.c, e.d::jsonb
            FROM pg_advisory_xact_lock_shared(\(lockKey)),
                 unnest(\(events.map(\.type.rawValue))::text[], \(events.map(\.entity))::text[],
                        \(events.map(\.entityID))::bigint[], \(events.map(\.clientID))::bigint[],
                        \(events.map(\.data.description))::text[]) WITH ORDINALITY AS e(t, en, id, c, d, n)
            ORDER BY e.n
            """)
    }

    /// Appends one event; see `record(_:in:)`.
    /// - Throws: `PostgresError`.
    package static func record(_ event: NewChangeEvent, in tx: Transaction) throws(PostgresError) {
        try record([event], in: tx)
    }

    /// Up to `limit` committed events after id `after`, of `types`, in id order; events of a client
    /// only when `clients` is nil or holds it, and events whose data names a `warehouse_id` only
    /// when `warehouses` is nil or holds it (a storekeeper's scope). Empty when writers kept the
    /// feed busy for about a second: the caller asks again from the same place (nothing is lost,
    /// only delayed). `tx` must be READ COMMITTED, so the read takes its snapshot after the lock is held.
    /// - Throws: `PostgresError`.
    package static func page(after: Int64, types: [ChangeEventType], clients: [Int64]?, warehouses: [Int64]? = nil,
                             limit: Int, in tx: Transaction) throws -> [ChangeEvent] {
        guard try settle(in: tx) else { return [] }
        let rows = try tx.query("""
            SELECT id, at, type, entity_type, entity_id, data::text FROM change_events
            WHERE id > \(after) AND type = ANY(\(types.map(\.rawValue)))
              AND (client_id IS NULL OR \(clients == nil) OR client_id = ANY(\(clients ?? [])))
              AND (\(warehouses == nil) OR jsonb_typeof(data->'warehouse_id') IS DISTINCT FROM 'number'
                   OR (data->>'warehouse_id')::bigint = ANY(\(warehouses ?? [])))
            ORDER BY id LIMIT \(Int64(limit))
            """)
        return try rows.map { (row) throws(PostgresError) in
            guard let type = ChangeEventType(rawValue: try row.decode(2, as: String.self)) else {
                throw PostgresError(.decoding, message: "unknown change event type")
            }
            return ChangeEvent(id: try row.decode(0, as: Int64.self), at: try row.decode(1, as: Date.self), type: type,
                               entity: try row.decode(3, as: String.self), entityID: try row.decode(4, as: Int64.self),
                               data: try JSONValue(jsonText: try row.decode(5, as: String.self)))
        }
    }

    /// The newest event's id (0 when there is none): where a new subscriber starts.
    /// - Throws: `PostgresError`.
    package static func lastID(in tx: Transaction) throws(PostgresError) -> Int64 {
        try tx.query("SELECT coalesce(max(id), 0) FROM change_events").single().decode(0, as: Int64.self)
    }

    /// Takes the feed's lock alone until `tx` ends, trying for about a second without ever queueing
    /// (a queued request would hold up every new writer behind it).
    private static func settle(in tx: Transaction) throws -> Bool {
        for attempt in 0..<50 {
            if try tx.query("SELECT pg_try_advisory_xact_lock(\(lockKey))").single().decode(0, as: Bool.self) { return true }
            usleep(UInt32(min(40, 2 + attempt) * 1000))
        }
        return false
    }
}
