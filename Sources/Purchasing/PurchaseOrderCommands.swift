// The bodies of the supplier order endpoints: the JSON a client sends *is* the command, and the
// CLI fills the same structs from its flags.

import Catalog
import ERPCore
import Foundation
import Parties
import Warehouse

/// A line of a new or changed supplier order: `{"product_id", "qty", "price"?}`.
package struct NewPurchaseOrderLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// Without VAT. Default: the unit cost of the latest receipt from this supplier.
    package var price: Money?

    package init(productID: ProductID, qty: Quantity, price: Money? = nil) {
        self.productID = productID
        self.qty = qty
        self.price = price
    }
}

/// `POST /api/v1/purchase-orders`: a draft supplier order.
package struct NewPurchaseOrder: Codable, Sendable, Equatable {
    package var supplierID: PartyID
    package var warehouseID: WarehouseID
    package var expectedDate: CalendarDate?
    package var comment: String?
    package var lines: [NewPurchaseOrderLine]

    package init(supplierID: PartyID, warehouseID: WarehouseID, expectedDate: CalendarDate? = nil, comment: String? = nil,
                 lines: [NewPurchaseOrderLine]) {
        self.supplierID = supplierID
        self.warehouseID = warehouseID
        self.expectedDate = expectedDate
        self.comment = comment
        self.lines = lines
    }
}

/// `PATCH /api/v1/purchase-orders/{id}`: changes to a draft at its `version`; absent fields stay.
package struct PurchaseOrderChanges: Codable, Sendable, Equatable {
    package var version: Int64
    package var supplierID: PartyID?
    package var warehouseID: WarehouseID?
    package var expectedDate: CalendarDate?
    package var comment: String?
    /// When given, replaces every line.
    package var lines: [NewPurchaseOrderLine]?

    package init(version: Int64, supplierID: PartyID? = nil, warehouseID: WarehouseID? = nil, expectedDate: CalendarDate? = nil,
                 comment: String? = nil, lines: [NewPurchaseOrderLine]? = nil) {
        self.version = version
        self.supplierID = supplierID
        self.warehouseID = warehouseID
        self.expectedDate = expectedDate
        self.comment = comment
        self.lines = lines
    }
}

/// The filters of `GET /api/v1/purchase-orders`.
package struct PurchaseOrderFilter: Sendable, Equatable {
    package var status: PurchaseOrderStatus?
    package var supplierID: PartyID?
    package var warehouseID: WarehouseID?
    package var limit: Int
    package var cursor: String?

    package init(status: PurchaseOrderStatus? = nil, supplierID: PartyID? = nil, warehouseID: WarehouseID? = nil, limit: Int = 100,
                 cursor: String? = nil) {
        self.status = status
        self.supplierID = supplierID
        self.warehouseID = warehouseID
        self.limit = limit
        self.cursor = cursor
    }
}
