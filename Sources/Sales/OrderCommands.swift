// The bodies of the order endpoints: the JSON a client sends *is* the command, and the CLI fills
// the same structs from its flags.

import Catalog
import ERPCore
import Foundation
import Parties
import Warehouse

/// A line of a new or changed order: `{"product_id", "qty", "price"?, "discount_pct"?}`.
package struct NewOrderLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// Default: the catalog price now.
    package var price: Money?
    /// 0–100 with at most 2 decimals; default 0.
    package var discountPct: Percentage?

    package init(productID: ProductID, qty: Quantity, price: Money? = nil, discountPct: Percentage? = nil) {
        self.productID = productID
        self.qty = qty
        self.price = price
        self.discountPct = discountPct
    }
}

/// `POST /api/v1/orders`: a draft order.
package struct NewOrder: Codable, Sendable, Equatable {
    package var clientID: PartyID
    package var warehouseID: WarehouseID
    /// Default: the creating user.
    package var managerID: UserID?
    package var comment: String?
    package var lines: [NewOrderLine]

    package init(clientID: PartyID, warehouseID: WarehouseID, managerID: UserID? = nil, comment: String? = nil,
                 lines: [NewOrderLine]) {
        self.clientID = clientID
        self.warehouseID = warehouseID
        self.managerID = managerID
        self.comment = comment
        self.lines = lines
    }
}

/// `PATCH /api/v1/orders/{id}`: changes to a draft at its `version`; absent fields stay.
package struct OrderChanges: Codable, Sendable, Equatable {
    package var version: Int64
    package var clientID: PartyID?
    package var warehouseID: WarehouseID?
    package var comment: String?
    /// When given, replaces every line.
    package var lines: [NewOrderLine]?

    package init(version: Int64, clientID: PartyID? = nil, warehouseID: WarehouseID? = nil, comment: String? = nil,
                 lines: [NewOrderLine]? = nil) {
        self.version = version
        self.clientID = clientID
        self.warehouseID = warehouseID
        self.comment = comment
        self.lines = lines
    }
}

/// A quantity of one product of an order: what to ship or take back.
package struct OrderQuantity: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity

    package init(productID: ProductID, qty: Quantity) {
        self.productID = productID
        self.qty = qty
    }
}

/// `POST /api/v1/orders/{id}/ship`: the lines to ship; absent, everything still reserved.
package struct ShipRequest: Codable, Sendable, Equatable {
    package var lines: [OrderQuantity]?

    package init(lines: [OrderQuantity]? = nil) {
        self.lines = lines
    }
}

/// Why goods come back.
package enum ReturnReason: String, Codable, Sendable, Equatable, CaseIterable {
    case defective
    case wrongItem = "wrong_item"
    case notNeeded = "not_needed"
    case damagedInTransit = "damaged_in_transit"
    /// Needs a note.
    case other
}

/// `POST /api/v1/orders/{id}/returns`.
package struct ReturnRequest: Codable, Sendable, Equatable {
    package var reason: ReturnReason
    package var note: String?
    package var lines: [OrderQuantity]

    package init(reason: ReturnReason, note: String? = nil, lines: [OrderQuantity]) {
        self.reason = reason
        self.note = note
        self.lines = lines
    }
}
