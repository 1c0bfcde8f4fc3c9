// The one place that writes `stock_moves` and `stock_levels` (docs/architecture.md, "Invariants"). A
// posting locks every level it touches in ascending (product, warehouse) order — the order the
// reservation of sales orders uses too — so concurrent postings queue instead of deadlocking;
// computes every move's cost and the new levels in Swift; refuses the whole posting when any
// line would take stock below zero or below what is reserved, naming every short line; then
// writes all moves, all levels and the movements report's totals in one statement (with the
// document the moves belong to, when it is a stock document's posting). Nothing is written before
// the check passes.

import Catalog
import ERPCore
import Foundation
import Postgres

/// Posting movements: the only way stock changes.
package enum StockLedger {
    /// Posts `requests` atomically inside `tx` and returns the moves written, in request order.
    /// Every warehouse written to must be in the principal's scope: this is the one place every
    /// stock action (documents, cancellations, counts, shipments, returns) writes through.
    /// - Throws: `ERPError.forbidden` for a warehouse outside the scope, `.insufficientStock` with
    ///   every short line (nothing written); `ERPError.validationFailed` naming `lines` when a cost
    ///   or a level would not fit in Int64; `PostgresError`.
    @discardableResult
    package static func post(_ requests: [MoveRequest], by principal: Principal, at now: Date, in tx: Transaction) throws -> [StockMove] {
        try post(requests, writing: nil, by: principal, at: now, in: tx).moves
    }

    /// Posts `requests` as `post(_:by:at:in:)` does, writing `document` in the same statement: the
    /// CTEs (each followed by a comma) of a stock document's header — named `doc`, returning its
    /// `number`, `created_at` and `version` — and its lines (`StockDocuments.post`). The header takes
    /// its gapless number there, in the last statement before COMMIT, so the counter row stays locked
    /// only through that statement and the commit (docs/decisions.md, "Concurrency").
    /// Returns the moves and, with a document, the row of those three values.
    /// - Throws: as `post(_:by:at:in:)`.
    static func post(_ requests: [MoveRequest], writing document: PostgresQuery?, by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> (moves: [StockMove], document: PostgresRow?) {
        try principal.requireScope(requests.map(\.warehouseID))
        guard !requests.isEmpty else { return ([], nil) }
        var levels = try lockLevels(Set(requests.map(LevelKey.init)), in: tx)
        let availableBefore = levels.mapValues(\.available)
        var costs: [Int64] = []
        var short: [ShortLine] = []
        for request in requests {
            let key = LevelKey(request)
            guard var level = levels[key] else { preconditionFailure("level \(key) was locked above") }
            let qty = request.qty.thousandths
            do {
                let cost: Int64
                if qty < 0 {
                    let available = level.available + request.releasesReserved.thousandths
                    guard -qty <= available, request.releasesReserved.thousandths <= level.reserved else {
                        short.append(ShortLine(product: request.productID, requested: Quantity(thousandths: -qty),
                                               available: Quantity(thousandths: max(0, level.available))))
                        costs.append(0)
                        continue
                    }
                    cost = -(try Valuation.outgoingCost(of: -qty, from: level, pricing: request.pricing))
                    level.reserved -= request.releasesReserved.thousandths
                } else {
                    cost = try incomingCost(of: request, into: level, earlierCosts: costs)
                    // Goods that arrive at a price of their own set the price a later count surplus enters at.
                    if request.pricing != .averageCost {
                        level.lastUnitCost = try Valuation.averageUnitCost(value: cost, onHand: qty)
                    }
                }
                level.onHand = try checkedSum(level.onHand, qty, "quantity")
                level.value = try checkedSum(level.value, cost, "value")
                levels[key] = level
                costs.append(cost)
            } catch let error as ValueError {
                // A level or a cost beyond Int64 is refused like any bad input, before anything is written.
                throw ERPError.validationFailed(fields: [
                    "lines": "product \(request.productID.rawValue) in warehouse \(request.warehouseID.rawValue): \(error)",
                ])
            }
        }
        guard short.isEmpty else { throw ERPError.insufficientStock(lines: short) }
        let rows = try write(requests, costs: costs, levels: levels, document: document, by: principal, at: now, in: tx)
        try recordAvailable(before: availableBefore, after: levels.mapValues(\.available), in: tx)
        let actorID: UserID? = principal.isSystem ? nil : principal.userID
        let moves = try zip(requests, zip(rows, costs)).map { (request, posted) throws(PostgresError) in
            StockMove(id: try posted.0.decode(0, as: StockMoveID.self), at: now, productID: request.productID,
                      warehouseID: request.warehouseID, qty: request.qty, cost: Money(minorUnits: posted.1), kind: request.kind,
                      documentType: request.documentType, documentID: request.documentID,
                      reversesMoveID: request.reversesMoveID, actorID: actorID, actorLogin: principal.login)
        }
        return (moves, document == nil ? nil : rows.firstRow)
    }

    /// `total + change`, or `ValueError.overflow` naming the level's `what`.
    private static func checkedSum(_ total: Int64, _ change: Int64, _ what: String) throws(ValueError) -> Int64 {
        let (sum, overflow) = total.addingReportingOverflow(change)
        guard !overflow else { throw .overflow(operation: "adding to the stock \(what)") }
        return sum
    }

    private static func incomingCost(of request: MoveRequest, into level: LevelState, earlierCosts: [Int64]) throws -> Int64 {
        switch request.pricing {
        case .unitCost(let unitCost): return try request.qty.amount(at: unitCost).minorUnits
        case .totalCost(let total): return total.minorUnits
        case .costOfRequest(let index): return -earlierCosts[index]
        case .averageCost: return try Valuation.surplusCost(of: request.qty.thousandths, into: level)
        case .entryCost(let cost): return cost.minorUnits
        }
    }

    /// Creates missing levels and locks all of them, in ascending key order, until `tx` ends: a
    /// stock count reads its book quantities this way so nothing moves before it posts.
    static func lockLevels(_ keySet: Set<LevelKey>, in tx: Transaction) throws -> [LevelKey: LevelState] {
        let keys = keySet.sorted()
        // One statement creates and locks in the order of its input without rewriting a level, then
        // reads the locked rows as committed (migration 0034): the posting's UPDATE is then the
        // only new version of each level, and it runs no foreign-key checks.
        let rows = try tx.query("""
            SELECT product_id, warehouse_id, on_hand, reserved, value_minor, last_unit_cost_minor
            FROM lock_stock_levels(\(keys.map(\.product))::bigint[], \(keys.map(\.warehouse))::bigint[])
            """)
        var levels: [LevelKey: LevelState] = [:]
        for row in rows {
            let key = LevelKey(product: try row.decode(0, as: Int64.self), warehouse: try row.decode(1, as: Int64.self))
            levels[key] = LevelState(onHand: try row.decode(2, as: Int64.self), reserved: try row.decode(3, as: Int64.self),
                                     value: try row.decode(4, as: Int64.self), lastUnitCost: try row.decode(5, as: Int64.self))
        }
        return levels
    }

    /// Appends the moves, writes the levels they leave and adds them to the movements report's
    /// totals (`MoveTotals`), after `document`'s CTEs, in one statement (one round trip); a row per
    /// move comes back in input order (INSERT … SELECT keeps it): its id, then the document's
    /// number, created_at and version. The levels were locked by `lockLevels`, so the UPDATE in the
    /// WITH clause waits for no one.
    private static func write(_ requests: [MoveRequest], costs: [Int64], levels: [LevelKey: LevelState], document: PostgresQuery?,
                              by principal: Principal, at now: Date, in tx: Transaction) throws -> PostgresRows {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let entries = levels.sorted { $0.key < $1.key }
        let moves: PostgresQuery = """
            m(p, w, q, c, k, dt, d, r, n) AS (
                SELECT * FROM unnest(\(requests.map(\.productID.rawValue))::bigint[], \(requests.map(\.warehouseID.rawValue))::bigint[],
                                     \(requests.map(\.qty.thousandths))::bigint[], \(costs)::bigint[], \(requests.map(\.kind.rawValue))::text[],
                                     \(requests.map(\.documentType))::text[], \(requests.map(\.documentID))::bigint[],
                                     \(requests.map(\.reversesMoveID?.rawValue))::bigint[]) WITH ORDINALITY),
            levels AS (
                UPDATE stock_levels l
                SET on_hand = v.o, reserved = v.r, value_minor = v.v, last_unit_cost_minor = v.c
                FROM unnest(\(entries.map(\.key.product))::bigint[], \(entries.map(\.key.warehouse))::bigint[],
                            \(entries.map(\.value.onHand))::bigint[], \(entries.map(\.value.reserved))::bigint[],
                            \(entries.map(\.value.value))::bigint[], \(entries.map(\.value.lastUnitCost))::bigint[]) AS v(p, w, o, r, v, c)
                WHERE l.product_id = v.p AND l.warehouse_id = v.w)
            """
        let insert: PostgresQuery = """

            INSERT INTO stock_moves (at, product_id, warehouse_id, qty, cost_minor, kind, document_type, document_id,
                                     reverses_move_id, actor_id, actor_login)
            SELECT \(now), m.p, m.w, m.q, m.c, m.k, m.dt, m.d, m.r, \(actorID), \(principal.login)
            FROM m ORDER BY m.n
            RETURNING id
            """
        let returning: PostgresQuery = document == nil ? ""
            : ", (SELECT number FROM doc), (SELECT created_at FROM doc), (SELECT version FROM doc)"
        return try tx.query("WITH " + (document ?? "") + moves + MoveTotals.adding(at: now) + insert + returning)
    }
}

/// A stock level's key; ordered by product, then warehouse (the lock order).
struct LevelKey: Hashable, Comparable, CustomStringConvertible {
    var product: Int64
    var warehouse: Int64

    init(product: Int64, warehouse: Int64) {
        self.product = product
        self.warehouse = warehouse
    }

    init(_ request: MoveRequest) {
        self.init(product: request.productID.rawValue, warehouse: request.warehouseID.rawValue)
    }

    static func < (lhs: LevelKey, rhs: LevelKey) -> Bool {
        (lhs.product, lhs.warehouse) < (rhs.product, rhs.warehouse)
    }

    var description: String { "product \(product) in warehouse \(warehouse)" }
}
