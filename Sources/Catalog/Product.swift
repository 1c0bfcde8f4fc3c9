// The product record as `GET /api/v1/products/{id}` returns it, its kind, and how it is read
// from a row. JSON keys come from the house coder (ERPJSON): `categoryID` ↔ `category_id`.

import ERPCore
import Foundation
import Postgres

/// Whether a product is stocked (goods) or only sold (a service, never in stock).
package enum ProductKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// Physical goods: kept in warehouses, counted, moved.
    case goods
    /// A service: sold and invoiced, never stocked.
    case service
}

/// A product (SKU): what is bought, stocked and sold.
package struct Product: Codable, Sendable, Equatable {
    /// The product's id.
    package var id: ProductID
    /// Stock keeping unit: 1–64 characters without spaces, unique case-insensitively.
    package var sku: String
    /// The name shown on documents.
    package var name: String
    /// The unit of measure's code (`pcs`, `kg`, …).
    package var unit: String
    /// Goods or service.
    package var kind: ProductKind
    /// Barcodes (EAN-13, EAN-8, UPC-A or free-form), sorted.
    package var barcodes: [String]
    /// The category, if any.
    package var categoryID: CategoryID?
    /// The selling price, VAT included.
    package var price: Money
    /// The VAT rate in force today for the product's category (`"22"`, `"10"`, `"0"`, `"none"`).
    package var vatRate: VATRate
    /// Below this on-hand quantity the product is reported as running short.
    package var minStock: Quantity
    /// Archived products are kept for history but offered nowhere.
    package var archived: Bool
    /// Bumped on every change (for `PATCH` with `version`).
    package var version: Int64
    /// When the product was created.
    package var createdAt: Date
    /// When the product was last changed.
    package var updatedAt: Date
    /// The prices in force today by price type code (ProductTypePrices; empty until attached).
    package var prices: [String: Money] = [:]
    /// The fixed minimum price, if any.
    package var minPrice: Money?
    /// Whether lines must not go below the average cost.
    package var minPriceAtCost = false
    /// Lower prices from a quantity on.
    package var quantityBreaks: [QuantityBreak] = []
    /// The level reorder suggestions order up to (`0`: none).
    package var maxStock: Quantity = .zero
    /// The party the product is usually bought from, if any.
    package var preferredSupplierID: SupplierID?
    /// The supplier's pack size (`0`: none).
    package var packSize: Quantity = .zero

    /// The reorder settings together.
    package var reorder: ReorderPolicy {
        ReorderPolicy(maxStock: maxStock, preferredSupplierID: preferredSupplierID, packSize: packSize)
    }

    private enum CodingKeys: String, CodingKey {
        case id, sku, name, unit, kind, barcodes, categoryID, price, vatRate, minStock, archived, version
        case createdAt, updatedAt, prices, minPrice, minPriceAtCost, quantityBreaks, maxStock, preferredSupplierID, packSize
    }

    /// Output-only keys (decoding reads `vat_rate`, whose category this is).
    private enum TaxKeys: String, CodingKey { case vatCategory }

    /// Encodes every field; `category_id` and `min_price` are `null` when there is none (never left out).
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sku, forKey: .sku)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(kind, forKey: .kind)
        try container.encode(barcodes, forKey: .barcodes)
        try container.encode(categoryID, forKey: .categoryID)
        try container.encode(price, forKey: .price)
        try container.encode(vatRate, forKey: .vatRate)
        // `vat_rate` is the rate in force today (as read); its category holds across rate changes.
        var tax = encoder.container(keyedBy: TaxKeys.self)
        try tax.encode(vatRate.category, forKey: .vatCategory)
        try container.encode(minStock, forKey: .minStock)
        try container.encode(archived, forKey: .archived)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(prices, forKey: .prices)
        try container.encode(minPrice, forKey: .minPrice)
        try container.encode(minPriceAtCost, forKey: .minPriceAtCost)
        try container.encode(quantityBreaks, forKey: .quantityBreaks)
        try container.encode(maxStock, forKey: .maxStock)
        try container.encode(preferredSupplierID, forKey: .preferredSupplierID)
        try container.encode(packSize, forKey: .packSize)
    }

    /// The select list `init(row:)` reads; `p` is the products table.
    static let columns: PostgresQuery = """
        SELECT p.id, p.sku, p.name, p.unit, p.kind,
               array_to_string(ARRAY(SELECT b.barcode FROM product_barcodes b
                                     WHERE b.product_id = p.id ORDER BY b.barcode), ','),
               p.category_id, p.price_minor, vat_rate_in_force(p.vat_rate, company_day(now()))::bigint, p.min_stock, p.archived, p.version,
               p.created_at, p.updated_at, p.max_stock, p.preferred_supplier_id, p.pack_size
        FROM products p
        """

    /// The VAT rate (basis points, NULL for none) in column `index` of `row`.
    /// - Throws: `PostgresError` of kind `.decoding` for a rate the catalog does not know.
    static func vatRate(_ row: PostgresRow, _ index: Int) throws(PostgresError) -> VATRate {
        let points = try row.decode(index, as: Int64?.self)
        do { return try VATRate(basisPoints: points) } catch {
            throw PostgresError(.decoding, message: "products.vat_rate: \(error)")
        }
    }

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError` of kind `.decoding` for a value the catalog does not know.
    init(row: PostgresRow) throws(PostgresError) {
        let kindText = try row.decode(4, as: String.self)
        guard let kind = ProductKind(rawValue: kindText) else {
            throw PostgresError(.decoding, message: "products.kind \"\(kindText)\" is not a product kind")
        }
        let vat = try Self.vatRate(row, 8)
        let barcodes = try row.decode(5, as: String.self)
        self.init(
            id: try row.decode(0, as: ProductID.self), sku: try row.decode(1, as: String.self),
            name: try row.decode(2, as: String.self), unit: try row.decode(3, as: String.self), kind: kind,
            barcodes: barcodes.isEmpty ? [] : barcodes.split(separator: ",").map(String.init),
            categoryID: try row.decode(6, as: CategoryID?.self),
            price: Money(minorUnits: try row.decode(7, as: Int64.self)), vatRate: vat,
            minStock: Quantity(thousandths: try row.decode(9, as: Int64.self)),
            archived: try row.decode(10, as: Bool.self), version: try row.decode(11, as: Int64.self),
            createdAt: try row.decode(12, as: Date.self), updatedAt: try row.decode(13, as: Date.self))
        maxStock = Quantity(thousandths: try row.decode(14, as: Int64.self))
        preferredSupplierID = try row.decode(15, as: SupplierID?.self)
        packSize = Quantity(thousandths: try row.decode(16, as: Int64.self))
    }

    /// A product with every field given (tests and decoding).
    package init(
        id: ProductID, sku: String, name: String, unit: String, kind: ProductKind, barcodes: [String],
        categoryID: CategoryID?, price: Money, vatRate: VATRate, minStock: Quantity, archived: Bool,
        version: Int64, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
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
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The product's fields as an audit `change` (new values).
    var auditValues: JSONValue { ProductDraft(self).auditValues }
}

extension ProductDraft {
    /// The fields of a stored product (barcodes sorted, as stored), to compare a row of an import with.
    init(_ product: Product) {
        self.init(sku: product.sku, name: product.name, unit: product.unit, kind: product.kind,
                  barcodes: product.barcodes, categoryID: product.categoryID, price: product.price,
                  vatRate: product.vatRate, minStock: product.minStock, archived: product.archived,
                  reorder: product.reorder)
    }

    /// The fields as an audit `change` (new values).
    var auditValues: JSONValue {
        .object([
            "sku": .string(sku), "name": .string(name), "unit": .string(unit), "kind": .string(kind.rawValue),
            "barcodes": .array(barcodes.map { .string($0) }),
            "category_id": categoryID.map { .number($0.rawValue) } ?? .null,
            "price": .string(price.description), "vat_rate": .string(vatRate.description),
            "min_stock": .string(minStock.description), "archived": .bool(archived),
        ].merging(reorder.auditValues) { current, _ in current })
    }
}
