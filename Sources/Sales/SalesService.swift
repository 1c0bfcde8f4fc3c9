// The sales facade: one method per use case, each in its own transaction (or the caller's, for
// the routes' idempotency), failures as ERPError. The rules live in Orders, OrderPricing,
// OrderLifecycle, Shipments, SalesReturns and StaleOrders; stock moves only through the
// Warehouse's ledger, in the same transaction.

import ERPCore
import Postgres
import Warehouse

/// What `/api/v1/orders…` and `erp order …` call.
package struct SalesService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// Creates a draft order.
    package func create(_ command: NewOrder, by principal: Principal, in tx: Transaction) throws -> SalesOrder {
        try Orders.create(command, by: principal, at: time.now, in: tx)
    }

    /// `create(_:by:in:)` in a transaction of its own.
    package func create(_ command: NewOrder, by principal: Principal, on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// Creates a day's drafts at once — each by the rules of `create(_:by:in:)`, all or nothing,
    /// every table written once for the batch (Orders+Create.swift): a history load, an import.
    package func create(_ batch: [NewOrder], by principal: Principal, in tx: Transaction) throws -> [SalesOrder] {
        try Orders.create(batch, by: principal, at: time.now, in: tx)
    }

    /// `create(_:by:in:)` for a batch, in a transaction of its own.
    package func create(_ batch: [NewOrder], by principal: Principal, on connection: Connection) throws(ERPError) -> [SalesOrder] {
        try connection.serviceTransaction { tx in try create(batch, by: principal, in: tx) }
    }

    /// Changes a draft at its version.
    package func update(_ id: SalesOrderID, with changes: OrderChanges, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try Orders.update(id, with: changes, by: principal, at: time.now, in: tx) }
    }

    /// Confirms a draft: reserves every goods line or none.
    package func confirm(_ id: SalesOrderID, by principal: Principal, in tx: Transaction) throws -> SalesOrder {
        try OrderLifecycle.confirm(id, by: principal, at: time.now, in: tx)
    }

    /// `confirm(_:by:in:)` in a transaction of its own (retried on serialization failures).
    package func confirm(_ id: SalesOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try confirm(id, by: principal, in: tx) }
    }

    /// Confirms many drafts at once — every goods line of every order reserved, or nothing —
    /// through one ledger call (OrderLifecycle.swift): a day's confirmations.
    package func confirm(_ batch: [SalesOrderID], by principal: Principal, in tx: Transaction) throws -> [SalesOrder] {
        try OrderLifecycle.confirm(batch, by: principal, at: time.now, in: tx)
    }

    /// `confirm(_:by:in:)` for a batch, in a transaction of its own (retried on serialization failures).
    package func confirm(_ batch: [SalesOrderID], by principal: Principal, on connection: Connection) throws(ERPError) -> [SalesOrder] {
        try connection.serviceTransaction { tx in try confirm(batch, by: principal, in: tx) }
    }

    /// Ships reserved goods (all of them when `request` names no lines).
    package func ship(_ id: SalesOrderID, _ request: ShipRequest, by principal: Principal,
                      in tx: Transaction) throws -> (order: SalesOrder, shipment: Shipment) {
        try Shipments.ship(id, request, by: principal, at: time.now, in: tx)
    }

    /// `ship(_:_:by:in:)` in a transaction of its own.
    package func ship(_ id: SalesOrderID, _ request: ShipRequest = ShipRequest(), by principal: Principal,
                      on connection: Connection) throws(ERPError) -> (order: SalesOrder, shipment: Shipment) {
        try connection.serviceTransaction { tx in try ship(id, request, by: principal, in: tx) }
    }

    /// Ships many orders at once — what each request asks, all or nothing — writing every table
    /// once for the whole batch (Shipments+Batch.swift): the day's wave of a warehouse, a history load.
    package func ship(_ batch: [OrderShipment], by principal: Principal, in tx: Transaction) throws -> [(order: SalesOrder, shipment: Shipment)] {
        try Shipments.ship(batch, by: principal, at: time.now, in: tx)
    }

    /// `ship(_:by:in:)` in a transaction of its own.
    package func ship(_ batch: [OrderShipment], by principal: Principal,
                      on connection: Connection) throws(ERPError) -> [(order: SalesOrder, shipment: Shipment)] {
        try connection.serviceTransaction { tx in try ship(batch, by: principal, in: tx) }
    }

    /// Cancels an order, releasing what is still reserved.
    package func cancel(_ id: SalesOrderID, by principal: Principal, in tx: Transaction) throws -> SalesOrder {
        try OrderLifecycle.cancel(id, by: principal, at: time.now, in: tx)
    }

    /// `cancel(_:by:in:)` in a transaction of its own.
    package func cancel(_ id: SalesOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try cancel(id, by: principal, in: tx) }
    }

    /// Takes goods back against an order's shipments.
    package func takeReturn(_ request: ReturnRequest, against id: SalesOrderID, by principal: Principal,
                            in tx: Transaction) throws -> (order: SalesOrder, return: SalesReturn) {
        try SalesReturns.take(request, against: id, by: principal, at: time.now, in: tx)
    }

    /// `takeReturn(_:against:by:in:)` in a transaction of its own.
    package func takeReturn(_ request: ReturnRequest, against id: SalesOrderID, by principal: Principal,
                            on connection: Connection) throws(ERPError) -> (order: SalesOrder, return: SalesReturn) {
        try connection.serviceTransaction { tx in try takeReturn(request, against: id, by: principal, in: tx) }
    }

    /// The order `id`, when `principal` sees it.
    package func order(_ id: SalesOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try Orders.get(id, by: principal, in: tx) }
    }

    /// The order with this number (`SO-2026-000001`) or id, when `principal` sees it.
    package func order(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> SalesOrder {
        try connection.serviceTransaction { tx in try Orders.get(reference: reference, by: principal, in: tx) }
    }

    /// The days a reservation may age before the dashboard lists it, unless asked otherwise.
    package static let reservationAgeDays = 7

    /// Confirmed orders holding their reservation for more than `days` days (7 unless given), newest first.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (days outside 1–365).
    package func reservationsOlderThan(days: Int?, limit: Int = 10, by principal: Principal,
                                       on connection: Connection) throws(ERPError) -> Page<OrderSummary> {
        try connection.serviceTransaction { tx in try OrderQueries.heldLongerThan(days: days, limit: limit, by: principal, at: time.now, in: tx) }
    }

    /// One page of the orders `principal` sees that match `filter`, newest first, as summaries
    /// without their lines (every list: API, CLI, pages; `order(_:by:on:)` has the lines), in one query.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor).
    package func orders(_ filter: OrderFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<OrderSummary> {
        try connection.serviceTransaction { tx in try OrderQueries.summaries(filter, by: principal, in: tx) }
    }

    /// Every reservation that disagrees with the orders holding it, and every hour of revenue that
    /// disagrees with its shipments (empty: all agree). For `erp check`.
    package func check(on connection: Connection) throws(ERPError) -> [LedgerViolation] {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try ReservationCheck.run(in: tx) + RevenueHours.check(in: tx)
        }
    }

    /// Cancels confirmed orders older than `days` days with nothing shipped (owners).
    package func releaseStale(olderThan days: Int, by principal: Principal, on connection: Connection) throws(ERPError) -> [ReleasedOrder] {
        try connection.serviceTransaction { tx in try StaleOrders.release(olderThan: days, by: principal, at: time.now, in: tx) }
    }
}
