// Shipments and returns name quantities of products already on an order; a product counted in
// whole units (pcs) cannot leave or come back by halves, whatever the order's own line says.

import Catalog
import ERPCore

extension Quantity {
    /// True when this quantity suits `product`'s unit; otherwise names `field` in `problems`.
    func fits(_ product: ProductFacts?, field: String, problems: inout FieldErrors) -> Bool {
        guard let product else { return true }
        return problems.check(field) { () throws(ValueError) in
            try requireWhole(unless: product.fractionsAllowed, unit: product.unit)
        } != nil
    }
}
