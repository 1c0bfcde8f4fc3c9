// One row of the ledger, as `GET /api/v1/stock/moves` returns it, and what the Warehouse's
// documents (and, through package functions, the sales module) ask the ledger to post.

import Catalog
import ERPCore
import Foundation
import Postgres

/// What a ledger row records (docs/architecture.md, "Invariants").
package enum MoveKind: String, Codable, Sendable, Equatable, CaseIterable {
    case receipt
    case transferOut = "transfer_out"
    case transferIn = "transfer_in"
    case writeOff = "write_off"
    case countAdjustment = "count_adjustment"
    case shipment
    case `return`
    /// Goods going back to their supplier, at the cost they came in at (Purchasing).
    case supplierReturn = "supplier_return"
}

/// A posted movement of stock. Quantity and cost are signed: positive in, negative out.
package struct StockMove: Codable, Sendable, Equatable {
    package var id: StockMoveID
    package var at: Date
    package var productID: ProductID
    package var warehouseID: WarehouseID
    package var qty: Quantity
    /// The value the move brought in or took out; nil for users who may not see costs.
    package var cost: Money?
    package var kind: MoveKind
    /// The document it belongs to: `receipt`, `transfer`, `write_off`, `stock_count`, `shipment`, …
    package var documentType: String
    package var documentID: Int64
    /// Set on a reversal: the move it undoes.
    package var reversesMoveID: StockMoveID?
    package var actorID: UserID?
    package var actorLogin: String
}

extension StockMove {
    static let columns: PostgresQuery = """
        SELECT id, at, product_id, warehouse_id, qty, cost_minor, kind, document_type, document_id,
               reverses_move_id, actor_id, actor_login FROM stock_moves
        """

    init(row: PostgresRow) throws(PostgresError) {
        let kindText = try row.decode(6, as: String.self)
        guard let kind = MoveKind(rawValue: kindText) else {
            throw PostgresError(.decoding, message: "stock_moves.kind \"\(kindText)\" is not a move kind")
        }
        id = try row.decode(0, as: StockMoveID.self)
        at = try row.decode(1, as: Date.self)
        productID = try row.decode(2, as: ProductID.self)
        warehouseID = try row.decode(3, as: WarehouseID.self)
        qty = Quantity(thousandths: try row.decode(4, as: Int64.self))
        cost = Money(minorUnits: try row.decode(5, as: Int64.self))
        self.kind = kind
        documentType = try row.decode(7, as: String.self)
        documentID = try row.decode(8, as: Int64.self)
        reversesMoveID = try row.decode(9, as: StockMoveID?.self)
        actorID = try row.decode(10, as: UserID?.self)
        actorLogin = try row.decode(11, as: String.self)
    }

    /// The move as `principal` may see it (costs left out for those without `readStockCosts`).
    func visible(to principal: Principal) -> StockMove {
        var move = self
        if !principal.may(.readStockCosts) { move.cost = nil }
        return move
    }
}

/// How the ledger values a move it posts.
package enum MovePricing: Sendable, Equatable {
    /// Incoming at quantity × this unit cost (receipts), rounded half-up to kopecks.
    case unitCost(Money)
    /// Incoming at exactly this total (a reversal of an outgoing move: the cost it left at).
    case totalCost(Money)
    /// Incoming at the (negated) cost of an earlier request of the same posting: a transfer's
    /// arriving half at the cost its leaving half left at.
    case costOfRequest(Int)
    /// At the level's moving average cost: every outgoing move, and a count surplus (at the last
    /// unit cost when the bin was empty).
    case averageCost
    /// Outgoing at the cost the goods came in at (a return to the supplier), never more than the
    /// level's value; the last units take exactly what is left, so `value = SUM(cost)` holds.
    case entryCost(Money)
}

/// One movement for `StockLedger.post`: the only way stock changes.
package struct MoveRequest: Sendable, Equatable {
    package var productID: ProductID
    package var warehouseID: WarehouseID
    /// Signed: positive in, negative out.
    package var qty: Quantity
    package var kind: MoveKind
    package var pricing: MovePricing
    package var documentType: String
    package var documentID: Int64
    package var reversesMoveID: StockMoveID?
    /// How much of the level's reservation this outgoing move uses up (a shipment of reserved
    /// goods); the rest of an outgoing move must come from unreserved stock.
    package var releasesReserved: Quantity

    package init(
        productID: ProductID, warehouseID: WarehouseID, qty: Quantity, kind: MoveKind, pricing: MovePricing,
        documentType: String, documentID: Int64, reversesMoveID: StockMoveID? = nil, releasesReserved: Quantity = .zero
    ) {
        self.productID = productID
        self.warehouseID = warehouseID
        self.qty = qty
        self.kind = kind
        self.pricing = pricing
        self.documentType = documentType
        self.documentID = documentID
        self.reversesMoveID = reversesMoveID
        self.releasesReserved = releasesReserved
    }
}
