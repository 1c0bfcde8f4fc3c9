// Validation of a stock document's lines, all at once and in one query however many lines there
// are (a count of 20,000 lines reports every bad line in one answer). A product may appear on one
// line only: a second line for it is refused, naming the first (docs/decisions.md).

import Catalog
import ERPCore
import Postgres

/// One line as typed by the user, before validation.
package struct LineInput {
    package var productID: ProductID
    package var qty: Quantity
    /// Counted quantities may be zero (the shelf is empty); moved quantities may not.
    package var zeroAllowed: Bool = false
    /// The quantity's JSON field name: `qty` or `counted_qty`.
    package var qtyField: String = "qty"

    package init(productID: ProductID, qty: Quantity, zeroAllowed: Bool = false, qtyField: String = "qty") {
        self.productID = productID
        self.qty = qty
        self.zeroAllowed = zeroAllowed
        self.qtyField = qtyField
    }
}

/// The checks every line of goods passes (stock documents, supplier orders and returns).
package enum StockLines {
    /// The most lines one document may have (a full stock count of a large warehouse).
    static let maximumCount = 50_000

    /// Checks `lines` and returns the facts of their products; every problem goes to `problems`
    /// under `lines[i].field`.
    /// - Throws: `PostgresError`.
    package static func check(_ lines: [LineInput], problems: inout FieldErrors, in tx: Transaction) throws -> [ProductID: ProductFacts] {
        if lines.isEmpty { problems.add("lines", "must have at least one line") }
        if lines.count > maximumCount { problems.add("lines", "must have at most \(maximumCount) lines") }
        let facts = try Products.facts(of: Array(Set(lines.map(\.productID))), in: tx)
        var firstLine: [ProductID: Int] = [:]
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            if let first = firstLine[line.productID] {
                problems.add("\(field).product_id", "product \(line.productID) is already on line \(first + 1)")
            } else {
                firstLine[line.productID] = index
            }
            guard let product = facts[line.productID] else {
                problems.add("\(field).product_id", "there is no product \(line.productID)")
                continue
            }
            if product.kind != .goods {
                problems.add("\(field).product_id", "\(product.sku) is a service, which is never stocked")
            } else if product.archived {
                problems.add("\(field).product_id", "\(product.sku) is archived")
            }
            if line.qty.isNegative || (line.qty.isZero && !line.zeroAllowed) {
                problems.add("\(field).\(line.qtyField)", line.zeroAllowed ? "must not be negative" : "must be greater than zero")
            } else {
                problems.check("\(field).\(line.qtyField)") { () throws(ValueError) in
                    try line.qty.requireWhole(unless: product.fractionsAllowed, unit: product.unit)
                }
            }
        }
        return facts
    }
}
