import ERPCore

/// A supplier order's id.
package struct PurchaseOrderID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A return to a supplier's id.
package struct SupplierReturnID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A supplier bill's id.
package struct SupplierBillID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A payment to a supplier's id.
package struct SupplierPaymentID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
