// The commands that create and change a product, and the rules a product must satisfy. Every
// bad field is reported at once (`422` with `details.fields`), before anything is written.
// JSON keys come from the house coder (ERPJSON): `categoryID` ↔ `category_id`, no CodingKeys.

import ERPCore
import Foundation
import Postgres

/// The command that creates a product: the `POST /api/v1/products` body and `erp product add`'s
/// flags. Everything is optional here so that every missing field is reported together.
package struct NewProduct: Codable, Sendable, Equatable {
    /// Required: 1–64 characters without spaces, unique case-insensitively.
    package var sku: String?
    /// Required: 1–300 characters, not only spaces.
    package var name: String?
    /// Required: a unit code from `GET /api/v1/units`.
    package var unit: String?
    /// Default `goods`.
    package var kind: ProductKind?
    /// Default none; numeric EAN-13, EAN-8 and UPC-A codes must have a correct check digit.
    package var barcodes: [String]?
    /// Default none.
    package var categoryID: CategoryID?
    /// Required: the price, VAT included, not negative.
    package var price: Money?
    /// Required: `"20"`, `"10"`, `"0"` or `"none"` (and `"22"`, `"7"`, `"5"`).
    package var vatRate: VATRate?
    /// Default 0; no more decimals than the unit allows.
    package var minStock: Quantity?
    /// Prices by price type code (`{"opt": "90.00"}`), valid from `prices_valid_from`.
    package var prices: [String: Money]?
    /// The day `prices` take effect; default today.
    package var pricesValidFrom: CalendarDate?
    /// The minimum price a line may have without `sales.below_min_price` (`"0"`: none).
    package var minPrice: Money?
    /// Whether lines must also not go below the average cost at the order's warehouse.
    package var minPriceAtCost: Bool?
    /// The complete list of quantity breaks (replaces the product's).
    package var quantityBreaks: [QuantityBreak]?
    /// The level reorder suggestions order up to; default 0 (none: cover days of sales).
    package var maxStock: Quantity?
    /// The supplier the product is usually bought from; default none.
    package var preferredSupplierID: SupplierID?
    /// The supplier's pack, suggestions round up to whole packs; default 0 (none).
    package var packSize: Quantity?

    /// A command with the given fields.
    package init(
        sku: String? = nil, name: String? = nil, unit: String? = nil, kind: ProductKind? = nil,
        barcodes: [String]? = nil, categoryID: CategoryID? = nil, price: Money? = nil,
        vatRate: VATRate? = nil, minStock: Quantity? = nil, prices: [String: Money]? = nil,
        minPrice: Money? = nil, minPriceAtCost: Bool? = nil, quantityBreaks: [QuantityBreak]? = nil,
        maxStock: Quantity? = nil, preferredSupplierID: SupplierID? = nil, packSize: Quantity? = nil
    ) {
        self.sku = sku
        self.name = name
        self.unit = unit
        self.kind = kind
        self.barcodes = barcodes
        self.categoryID = categoryID
        self.price = price
        self.vatRate = vatRate
        self.minStock = minStock
        self.prices = prices
        self.minPrice = minPrice
        self.minPriceAtCost = minPriceAtCost
        self.quantityBreaks = quantityBreaks
        self.maxStock = maxStock
        self.preferredSupplierID = preferredSupplierID
        self.packSize = packSize
    }
}

/// The `PATCH /api/v1/products/{id}` body: the record's `version` and the fields to change.
package struct ProductChanges: Codable, Sendable, Equatable {
    /// Required: the version the change was based on; a stale one is `409 version_conflict`.
    package var version: Int64?
    /// A new SKU.
    package var sku: String?
    /// A new name.
    package var name: String?
    /// A new unit.
    package var unit: String?
    /// A new kind.
    package var kind: ProductKind?
    /// The new complete list of barcodes.
    package var barcodes: [String]?
    /// A new category.
    package var categoryID: CategoryID?
    /// A new price (recorded in the price history).
    package var price: Money?
    /// A new VAT rate (recorded in the price history).
    package var vatRate: VATRate?
    /// A new minimum stock.
    package var minStock: Quantity?
    /// Archive (`true`) or restore (`false`).
    package var archived: Bool?
    /// Prices by price type code (`{"opt": "90.00"}`), valid from `prices_valid_from`.
    package var prices: [String: Money]?
    /// The day `prices` take effect; default today.
    package var pricesValidFrom: CalendarDate?
    /// The minimum price a line may have without `sales.below_min_price` (`"0"`: none).
    package var minPrice: Money?
    /// Whether lines must also not go below the average cost at the order's warehouse.
    package var minPriceAtCost: Bool?
    /// The complete list of quantity breaks (replaces the product's).
    package var quantityBreaks: [QuantityBreak]?
    /// A new reorder target (`0`: none).
    package var maxStock: Quantity?
    /// A new preferred supplier.
    package var preferredSupplierID: SupplierID?
    /// A new pack size (`0`: none).
    package var packSize: Quantity?

    /// Changes with the given fields.
    package init(
        version: Int64?, sku: String? = nil, name: String? = nil, unit: String? = nil, kind: ProductKind? = nil,
        barcodes: [String]? = nil, categoryID: CategoryID? = nil, price: Money? = nil, vatRate: VATRate? = nil,
        minStock: Quantity? = nil, archived: Bool? = nil, prices: [String: Money]? = nil, pricesValidFrom: CalendarDate? = nil,
        minPrice: Money? = nil, minPriceAtCost: Bool? = nil, quantityBreaks: [QuantityBreak]? = nil,
        maxStock: Quantity? = nil, preferredSupplierID: SupplierID? = nil, packSize: Quantity? = nil
    ) {
        self.version = version
        self.sku = sku
        self.name = name
        self.unit = unit
        self.kind = kind
        self.barcodes = barcodes
        self.categoryID = categoryID
        self.price = price
        self.vatRate = vatRate
        self.minStock = minStock
        self.archived = archived
        self.prices = prices
        self.pricesValidFrom = pricesValidFrom
        self.minPrice = minPrice
        self.minPriceAtCost = minPriceAtCost
        self.quantityBreaks = quantityBreaks
        self.maxStock = maxStock
        self.preferredSupplierID = preferredSupplierID
        self.packSize = packSize
    }
}

/// A product's fields after validation: what is written.
struct ProductDraft: Equatable {
    var sku: String
    var name: String
    var unit: String
    var kind: ProductKind
    var barcodes: [String]
    var categoryID: CategoryID?
    var price: Money
    var vatRate: VATRate
    var minStock: Quantity
    var archived: Bool
    var reorder: ReorderPolicy

    /// The longest SKU accepted.
    static let maximumSKULength = 64
    /// The longest name accepted.
    static let maximumNameLength = 300

    /// Checks every field, reporting every problem at once; unit and category must exist.
    /// - Throws: `ERPError.validationFailed` with a message per bad field; `PostgresError`.
    static func validate(
        sku: String?, name: String?, unit: String?, kind: ProductKind, barcodes: [String],
        categoryID: CategoryID?, price: Money?, vatRate: VATRate?, minStock: Quantity, archived: Bool,
        reorder: ReorderPolicy, in tx: Transaction
    ) throws -> ProductDraft {
        let reference = try CatalogReference.load(categories: categoryID.map { [$0] } ?? [], in: tx)
        return try validate(sku: sku, name: name, unit: unit, kind: kind, barcodes: barcodes, categoryID: categoryID,
                            price: price, vatRate: vatRate, minStock: minStock, archived: archived, reorder: reorder,
                            against: reference)
    }

    /// Checks every field against `reference` without touching the database (an import checks
    /// 100,000 rows this way), reporting every problem at once.
    /// - Throws: `ERPError.validationFailed` with a message per bad field.
    static func validate(
        sku: String?, name: String?, unit: String?, kind: ProductKind, barcodes: [String],
        categoryID: CategoryID?, price: Money?, vatRate: VATRate?, minStock: Quantity, archived: Bool,
        reorder: ReorderPolicy, against reference: CatalogReference
    ) throws(ERPError) -> ProductDraft {
        var problems = FieldErrors()
        let sku = sku ?? ""
        if sku.isEmpty {
            problems.add("sku", "is required")
        } else if sku.count > maximumSKULength {
            problems.add("sku", "must be at most \(maximumSKULength) characters")
        } else if sku.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            problems.add("sku", "must not contain spaces")
        }
        let name = (name ?? "").trimmingSpaces
        if name.isEmpty {
            problems.add("name", "is required")
        } else if name.count > maximumNameLength {
            problems.add("name", "must be at most \(maximumNameLength) characters")
        }
        var fractionsAllowed = true
        if let unit, !unit.isEmpty {
            if let known = reference.units[unit] {
                fractionsAllowed = known.fractionsAllowed
            } else {
                problems.add("unit", "'\(unit)' is not a unit (one of \(reference.unitCodes))")
            }
        } else {
            problems.add("unit", "is required")
        }
        for (index, barcode) in barcodes.enumerated() {
            if let problem = Barcodes.problem(with: barcode) {
                problems.add("barcodes[\(index)]", "'\(barcode)' \(problem)")
            } else if barcodes[..<index].contains(barcode) {
                problems.add("barcodes[\(index)]", "'\(barcode)' is listed twice")
            }
        }
        if let categoryID, !reference.categories.contains(categoryID) {
            problems.add("category_id", "there is no category \(categoryID.rawValue)")
        }
        if let price {
            if price.isNegative { problems.add("price", "must not be negative") }
            if price.currency != .default { problems.add("price", "must be in \(Currency.default.code)") }
        } else {
            problems.add("price", "is required")
        }
        if vatRate == nil { problems.add("vat_rate", "is required (20, 10, 0 or none)") }
        if minStock.isNegative {
            problems.add("min_stock", "must not be negative")
        } else {
            problems.check("min_stock") { () throws(ValueError) in
                try minStock.requireWhole(unless: fractionsAllowed, unit: unit ?? "")
            }
        }
        reorder.check(minStock: minStock, fractionsAllowed: fractionsAllowed, unit: unit ?? "", into: &problems)
        try problems.throwIfAny()
        guard let unit, let price, let vatRate else { throw .validationFailed(fields: ["product": "is incomplete"]) }
        return ProductDraft(sku: sku, name: name, unit: unit, kind: kind, barcodes: barcodes, categoryID: categoryID,
                            price: price, vatRate: vatRate, minStock: minStock, archived: archived, reorder: reorder)
    }
}

/// What checking a product looks up: the units of measure and which categories exist. Loaded once
/// per import (two queries for 100,000 rows, not 200,000) or once per create or change.
struct CatalogReference {
    /// Every unit, by code.
    var units: [String: UnitOfMeasure]
    /// The categories asked about that exist.
    var categories: Set<CategoryID>

    /// The unit codes for a message, in code order: `g, kg, l, …`.
    var unitCodes: String { units.keys.sorted().joined(separator: ", ") }

    /// Every unit, and which of `categories` exist.
    /// - Throws: `PostgresError`.
    static func load(categories ids: [CategoryID], in tx: Transaction) throws -> CatalogReference {
        let units = try tx.query("SELECT code, name, fractions_allowed FROM units").map { row in try UnitOfMeasure(row: row) }
        var known: Set<CategoryID> = []
        if !ids.isEmpty {
            let raw = Array(Set(ids.map(\.rawValue)))
            for row in try tx.query("SELECT id FROM categories WHERE id = ANY(\(raw))") {
                known.insert(try row.decode(0, as: CategoryID.self))
            }
        }
        return CatalogReference(units: Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) }), categories: known)
    }
}
