// What other modules need to know about products to put them on a document line, read in one
// query for a whole document (a stock count of 20,000 lines validates in one pass), and how the
// CLI turns the SKUs and barcodes a storekeeper types into product ids.

import ERPCore
import Postgres

/// The facts about a product that document lines are checked against.
package struct ProductFacts: Sendable, Equatable {
    package var id: ProductID
    package var sku: String
    package var name: String
    /// The unit's code and whether quantities in it may have decimals.
    package var unit: String
    package var fractionsAllowed: Bool
    package var kind: ProductKind
    package var archived: Bool
    package var minStock: Quantity
    package var categoryID: CategoryID?
    /// The catalog sale price and VAT rate now (orders copy them).
    package var price: Money
    package var vatRate: VATRate
    /// What reorder suggestions order up to, from whom, in which packs.
    package var reorder: ReorderPolicy = .none
}

extension Products {
    /// The facts of every product in `ids` that exists (missing ids are simply absent).
    /// - Throws: `PostgresError`.
    package static func facts(of ids: [ProductID], in tx: Transaction) throws -> [ProductID: ProductFacts] {
        guard !ids.isEmpty else { return [:] }
        let rows = try tx.query("""
            SELECT p.id, p.sku, p.name, p.unit, u.fractions_allowed, p.kind, p.archived, p.min_stock,
                   p.category_id, p.price_minor, p.vat_rate::bigint, p.max_stock, p.preferred_supplier_id, p.pack_size
            FROM products p JOIN units u ON u.code = p.unit
            WHERE p.id = ANY(\(ids.map(\.rawValue)))
            """)
        var facts: [ProductID: ProductFacts] = [:]
        for row in rows {
            let kindText = try row.decode(5, as: String.self)
            guard let kind = ProductKind(rawValue: kindText) else {
                throw PostgresError(.decoding, message: "products.kind \"\(kindText)\" is not a product kind")
            }
            let vat = try Product.vatRate(row, 10)
            let id = try row.decode(0, as: ProductID.self)
            facts[id] = ProductFacts(
                id: id, sku: try row.decode(1, as: String.self), name: try row.decode(2, as: String.self),
                unit: try row.decode(3, as: String.self), fractionsAllowed: try row.decode(4, as: Bool.self),
                kind: kind, archived: try row.decode(6, as: Bool.self),
                minStock: Quantity(thousandths: try row.decode(7, as: Int64.self)),
                categoryID: try row.decode(8, as: CategoryID?.self),
                price: Money(minorUnits: try row.decode(9, as: Int64.self)), vatRate: vat,
                reorder: ReorderPolicy(maxStock: Quantity(thousandths: try row.decode(11, as: Int64.self)),
                                       preferredSupplierID: try row.decode(12, as: SupplierID?.self),
                                       packSize: Quantity(thousandths: try row.decode(13, as: Int64.self))))
        }
        return facts
    }

    /// The product each reference names: a SKU (case-insensitively) first, then an exact barcode,
    /// then — for digits that are neither — an id. References that name nothing are absent.
    /// - Throws: `PostgresError`.
    package static func resolve(_ references: [String], in tx: Transaction) throws -> [String: ProductID] {
        guard !references.isEmpty else { return [:] }
        let rows = try tx.query("""
            SELECT r.ref, COALESCE(
                (SELECT p.id FROM products p WHERE lower(p.sku) = lower(r.ref)),
                (SELECT b.product_id FROM product_barcodes b WHERE b.barcode = r.ref),
                (SELECT p.id FROM products p WHERE r.ref ~ '^[1-9][0-9]{0,17}$' AND p.id = r.ref::bigint))
            FROM unnest(\(references)::text[]) AS r(ref)
            """)
        var found: [String: ProductID] = [:]
        for row in rows {
            if let id = try row.decode(1, as: ProductID?.self) { found[try row.decode(0, as: String.self)] = id }
        }
        return found
    }
}

extension Products {
    /// The products these SKUs (case-insensitively) and barcodes (exactly) name, each key apart:
    /// an API line names its product by `sku` or `barcode`, and a typo must not silently match
    /// the other kind of key. Keys that name nothing are absent.
    /// - Throws: `PostgresError`.
    package static func ids(skus: [String], barcodes: [String], in tx: Transaction) throws -> ProductKeys {
        var keys = ProductKeys()
        guard !skus.isEmpty || !barcodes.isEmpty else { return keys }
        let rows = try tx.query("""
            SELECT 's', r.ref, p.id FROM unnest(\(skus)::text[]) AS r(ref) JOIN products p ON lower(p.sku) = lower(r.ref)
            UNION ALL
            SELECT 'b', r.ref, b.product_id FROM unnest(\(barcodes)::text[]) AS r(ref) JOIN product_barcodes b ON b.barcode = r.ref
            """)
        for row in rows {
            let (kind, key, id) = (try row.decode(0, as: String.self), try row.decode(1, as: String.self), try row.decode(2, as: ProductID.self))
            if kind == "s" { keys.bySKU[key] = id } else { keys.byBarcode[key] = id }
        }
        return keys
    }
}

/// The products a document's SKUs and barcodes name (`Products.ids(skus:barcodes:in:)`).
package struct ProductKeys: Sendable, Equatable {
    package var bySKU: [String: ProductID] = [:]
    package var byBarcode: [String: ProductID] = [:]

    package init() {}
}

extension Products {
    /// The goods that are not archived and have a minimum stock set: what a low-stock report checks.
    /// - Throws: `PostgresError`.
    package static func withMinimumStock(in tx: Transaction) throws -> [ProductFacts] {
        let rows = try tx.query("SELECT id FROM products WHERE min_stock > 0 AND kind = 'goods' AND NOT archived ORDER BY id")
        let ids = try rows.map { (row) throws(PostgresError) in try row.decode(0, as: ProductID.self) }
        let facts = try facts(of: ids, in: tx)
        return ids.compactMap { facts[$0] }
    }

    /// The ids of the products in category `id` or any category below it.
    /// - Throws: `PostgresError`.
    package static func ids(inCategory id: CategoryID, in tx: Transaction) throws -> [ProductID] {
        try tx.query("""
            WITH RECURSIVE tree AS (
                SELECT id FROM categories WHERE id = \(id)
                UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id)
            SELECT p.id FROM products p WHERE p.category_id IN (SELECT id FROM tree) ORDER BY p.id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: ProductID.self) }
    }
}

extension CatalogService {
    /// The product each reference (SKU, barcode or id) names, for commands that let people type
    /// what is on the label; references that name nothing are absent.
    /// - Throws: `ERPError.forbidden` without `readCatalog`.
    package func productIDs(for references: [String], by principal: Principal, on connection: Connection) throws(ERPError) -> [String: ProductID] {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in try Products.resolve(references, in: tx) }
    }

    /// The products these SKUs and barcodes name; see `Products.ids(skus:barcodes:in:)`.
    /// - Throws: `ERPError.forbidden` without `readCatalog`, or a translated database failure.
    package func productIDs(skus: [String], barcodes: [String], by principal: Principal,
                            on connection: Connection) throws(ERPError) -> ProductKeys {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in try Products.ids(skus: skus, barcodes: barcodes, in: tx) }
    }
}
