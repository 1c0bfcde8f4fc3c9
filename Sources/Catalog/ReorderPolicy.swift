// How a product is reordered: the stock to order up to, who it is usually bought from, and the
// pack that supplier sells it in. Purchasing's reorder suggestions read it; the catalog only keeps
// it valid. `0` means "none" for both quantities (as `min_price` `"0"` does), so a change can clear them.

import ERPCore

/// A product's reorder settings, validated.
package struct ReorderPolicy: Sendable, Equatable {
    /// The level to order up to (`0`: none — the suggestion covers days of sales instead).
    package var maxStock: Quantity
    /// The party the product is usually bought from (a supplier), if any.
    package var preferredSupplierID: SupplierID?
    /// The supplier's pack: orders are rounded up to whole packs (`0`: none).
    package var packSize: Quantity

    /// No target, no supplier, no pack.
    package static let none = ReorderPolicy(maxStock: .zero, preferredSupplierID: nil, packSize: .zero)

    /// A policy with the given fields.
    package init(maxStock: Quantity, preferredSupplierID: SupplierID?, packSize: Quantity) {
        self.maxStock = maxStock
        self.preferredSupplierID = preferredSupplierID
        self.packSize = packSize
    }

    /// This policy with each given field replaced.
    func changed(maxStock: Quantity?, preferredSupplierID: SupplierID?, packSize: Quantity?) -> ReorderPolicy {
        ReorderPolicy(maxStock: maxStock ?? self.maxStock, preferredSupplierID: preferredSupplierID ?? self.preferredSupplierID,
                      packSize: packSize ?? self.packSize)
    }

    /// Adds a problem for each bad field: quantities not negative and whole unless the unit allows
    /// fractions, a target not below `minStock`. Whether the supplier exists the database's
    /// reference decides (422 on `preferred_supplier_id`).
    func check(minStock: Quantity, fractionsAllowed: Bool, unit: String, into problems: inout FieldErrors) {
        for (field, qty) in [("max_stock", maxStock), ("pack_size", packSize)] {
            if qty.isNegative {
                problems.add(field, "must not be negative")
            } else {
                problems.check(field) { () throws(ValueError) in try qty.requireWhole(unless: fractionsAllowed, unit: unit) }
            }
        }
        if !maxStock.isZero, maxStock < minStock {
            problems.add("max_stock", "must not be below min_stock (\(minStock)) — or 0 for none")
        }
    }

    /// The fields as audit values.
    var auditValues: [String: JSONValue] {
        ["max_stock": .string(maxStock.description), "pack_size": .string(packSize.description),
         "preferred_supplier_id": preferredSupplierID.map { .number($0.rawValue) } ?? .null]
    }
}
