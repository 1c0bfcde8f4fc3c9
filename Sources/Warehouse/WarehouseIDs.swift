import ERPCore

/// A warehouse's id.
package struct WarehouseID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A stock document's id (receipt, transfer, write-off or stock count: one sequence for all).
package struct StockDocumentID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A stock move's id (one row of the ledger).
package struct StockMoveID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
