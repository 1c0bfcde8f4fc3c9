// Products: create, read and change, each mutation audited in its transaction. A change of price
// or VAT also writes a row of price history (who, when). Products are archived, never deleted:
// documents refer to them.

import ERPCore
import Foundation
import Postgres

/// The product rules; `CatalogService` is the facade that opens transactions.
package enum Products {
    /// Creates a product inside `tx` and audits `product.create`.
    /// - Throws: `ERPError.forbidden` without `editCatalog`; `.validationFailed` with every bad
    ///   field; `.duplicate` (sku, case-insensitively, or a barcode) naming the existing product;
    ///   `PostgresError`.
    package static func create(
        _ command: NewProduct, by principal: Principal, time: TimeSource, in tx: Transaction
    ) throws -> Product {
        try principal.require(.editCatalog)
        let draft = try ProductDraft.validate(
            sku: command.sku, name: command.name, unit: command.unit, kind: command.kind ?? .goods,
            barcodes: command.barcodes ?? [], categoryID: command.categoryID, price: command.price,
            vatRate: command.vatRate, minStock: command.minStock ?? .zero, archived: false,
            reorder: ReorderPolicy.none.changed(maxStock: command.maxStock, preferredSupplierID: command.preferredSupplierID,
                                                packSize: command.packSize), in: tx)
        let now = time.now
        let today = try CompanyCalendar.day(of: now, in: tx)
        let pricing = try ProductPriceChanges.validate(
            prices: command.prices, validFrom: command.pricesValidFrom, minPrice: command.minPrice,
            minPriceAtCost: command.minPriceAtCost, quantityBreaks: command.quantityBreaks, unit: draft.unit,
            today: today, in: tx)
        try requireFreeSKU(draft.sku, except: nil, in: tx)
        // A concurrent create of the same sku waits on the unique index for the other
        // transaction; when that commits, this inserts nothing and reports the winner.
        let inserted = try tx.query("""
            INSERT INTO products (sku, name, unit, kind, category_id, price_minor, vat_rate, min_stock,
                                  max_stock, preferred_supplier_id, pack_size, created_at, updated_at)
            VALUES (\(draft.sku), \(draft.name), \(draft.unit), \(draft.kind.rawValue), \(draft.categoryID),
                    \(draft.price.minorUnits), \(draft.vatRate.basisPoints)::integer, \(draft.minStock.thousandths),
                    \(draft.reorder.maxStock.thousandths), \(draft.reorder.preferredSupplierID?.rawValue),
                    \(draft.reorder.packSize.thousandths), \(now), \(now))
            ON CONFLICT ((lower(sku))) DO NOTHING
            RETURNING id
            """)
        guard let row = inserted.firstRow else {
            try requireFreeSKU(draft.sku, except: nil, in: tx)
            throw ERPError.duplicate(entity: "product", field: "sku", existingID: nil)
        }
        let id = try row.decode(0, as: ProductID.self)
        try Barcodes.replace(draft.barcodes, of: id, in: tx)
        try recordPrices([(id, draft)], by: principal, at: now, in: tx)
        try pricing.apply(to: id, by: principal, at: now, in: tx)
        let product = try fetch(id, on: today, in: tx)
        try Audit.record(in: tx, by: principal, action: "product.create", entityType: "product", entityID: id,
                         change: product.auditValues)
        try recordChanged([(id, ProductDraft(product))], in: tx)
        return product
    }

    /// Changes a product inside `tx` and audits `product.update` with each field's from/to.
    /// - Throws: `ERPError.forbidden`; `.notFound`; `.validationFailed` (also for a missing
    ///   `version`); `.versionConflict` for a stale `version`; `.duplicate`; `PostgresError`.
    package static func update(
        _ id: ProductID, with changes: ProductChanges, by principal: Principal, time: TimeSource,
        in tx: Transaction
    ) throws -> Product {
        try principal.require(.editCatalog)
        guard let version = changes.version else {
            throw ERPError.validationFailed(fields: ["version": "is required: the version the change is based on"])
        }
        let current = try fetch(id, lock: true, in: tx)
        guard current.version == version else { throw ERPError.versionConflict(current: current.version) }
        let draft = try ProductDraft.validate(
            sku: changes.sku ?? current.sku, name: changes.name ?? current.name, unit: changes.unit ?? current.unit,
            kind: changes.kind ?? current.kind, barcodes: changes.barcodes ?? current.barcodes,
            categoryID: changes.categoryID ?? current.categoryID, price: changes.price ?? current.price,
            vatRate: current.vatRate.changed(to: changes.vatRate), minStock: changes.minStock ?? current.minStock,
            archived: changes.archived ?? current.archived,
            reorder: current.reorder.changed(maxStock: changes.maxStock, preferredSupplierID: changes.preferredSupplierID,
                                             packSize: changes.packSize), in: tx)
        let now = time.now
        let today = try CompanyCalendar.day(of: now, in: tx)
        let pricing = try ProductPriceChanges.validate(
            prices: changes.prices, validFrom: changes.pricesValidFrom, minPrice: changes.minPrice,
            minPriceAtCost: changes.minPriceAtCost, quantityBreaks: changes.quantityBreaks, unit: draft.unit,
            today: today, in: tx)
        if draft.sku.lowercased() != current.sku.lowercased() { try requireFreeSKU(draft.sku, except: id, in: tx) }
        let updated = try tx.query("""
            UPDATE products
            SET sku = \(draft.sku), name = \(draft.name), unit = \(draft.unit), kind = \(draft.kind.rawValue),
                category_id = \(draft.categoryID), price_minor = \(draft.price.minorUnits),
                vat_rate = \(draft.vatRate.basisPoints)::integer, min_stock = \(draft.minStock.thousandths),
                max_stock = \(draft.reorder.maxStock.thousandths), preferred_supplier_id = \(draft.reorder.preferredSupplierID?.rawValue),
                pack_size = \(draft.reorder.packSize.thousandths),
                archived = \(draft.archived), version = version + 1, updated_at = \(now)
            WHERE id = \(id) AND version = \(version)
            """)
        guard updated.affectedRows == 1 else { throw ERPError.versionConflict(current: try fetch(id, in: tx).version) }
        if draft.barcodes.sorted() != current.barcodes { try Barcodes.replace(draft.barcodes, of: id, in: tx) }
        if draft.price != current.price || draft.vatRate != current.vatRate {
            try recordPrices([(id, draft)], by: principal, at: now, in: tx)
        }
        try pricing.apply(to: id, by: principal, at: now, in: tx)
        let product = try fetch(id, on: today, in: tx)
        try Audit.record(in: tx, by: principal, action: "product.update", entityType: "product", entityID: id,
                         change: difference(from: current.auditValues, to: product.auditValues))
        try recordChanged([(id, ProductDraft(product))], in: tx)
        return product
    }

    /// Refuses a sku another product has, case-insensitively.
    /// - Throws: `ERPError.duplicate` naming that product; `PostgresError`.
    static func requireFreeSKU(_ sku: String, except id: ProductID?, in tx: Transaction) throws {
        let rows = try tx.query("SELECT id FROM products WHERE lower(sku) = lower(\(sku)) AND id IS DISTINCT FROM \(id)")
        if let row = rows.firstRow {
            throw ERPError.duplicate(entity: "product", field: "sku", existingID: try row.decode(0, as: Int64.self))
        }
    }

    /// Appends each product's price and VAT to the price history, in one statement.
    /// - Throws: `PostgresError`.
    static func recordPrices(_ entries: [(ProductID, ProductDraft)], by principal: Principal, at now: Date,
                             in tx: Transaction) throws {
        guard !entries.isEmpty else { return }
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        try tx.query("""
            INSERT INTO product_prices (product_id, price_minor, vat_rate, changed_at, changed_by, changed_by_login)
            SELECT r.id, r.price_minor, r.vat_rate::integer, \(now), \(actorID), \(principal.login)
            FROM unnest(\(entries.map { $0.0.rawValue }), \(entries.map { $0.1.price.minorUnits }),
                        \(entries.map { $0.1.vatRate.basisPoints })) WITH ORDINALITY AS r(id, price_minor, vat_rate, n)
            ORDER BY r.n
            """)
        try ChangeEvents.record(entries.map { id, draft in
            NewChangeEvent(.priceChanged, entity: "product", id: id, data: .object([
                "product_id": .number(id.rawValue), "price": .string(draft.price.description), "vat_rate": .string(draft.vatRate.description),
            ]))
        }, in: tx)
    }

    /// Records `product.changed` for each product with its new fields (the change feed).
    /// - Throws: `PostgresError`.
    static func recordChanged(_ entries: [(ProductID, ProductDraft)], in tx: Transaction) throws(PostgresError) {
        try ChangeEvents.record(entries.map { NewChangeEvent(.productChanged, entity: "product", id: $0.0, data: $0.1.auditValues) }, in: tx)
    }

    /// `{"field": {"from": …, "to": …}}` for every field that differs.
    static func difference(from old: JSONValue, to new: JSONValue) -> JSONValue {
        guard case .object(let before) = old, case .object(let after) = new else { return new }
        var changed: [String: JSONValue] = [:]
        for (key, value) in after where before[key] != value {
            changed[key] = .object(["from": before[key] ?? .null, "to": value])
        }
        return .object(changed)
    }

    /// Reads one product by id.
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: ProductID, lock: Bool = false, in tx: Transaction) throws -> Product {
        let query = Product.columns + " WHERE p.id = \(id)" + (lock ? " FOR UPDATE OF p" : "")
        guard let row = try tx.query(query).firstRow else {
            throw ERPError.notFound(entity: "product", id: String(id.rawValue))
        }
        return try Product(row: row)
    }

    /// Reads one product by id with its prices in force on `day` and its floor.
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: ProductID, on day: CalendarDate, in tx: Transaction) throws -> Product {
        try ProductTypePrices.attach(to: [try fetch(id, in: tx)], on: day, in: tx)[0]
    }

    /// Reads one product by sku (case-insensitively), or nil.
    /// - Throws: `PostgresError`.
    static func fetch(sku: String, in tx: Transaction) throws -> Product? {
        try tx.query(Product.columns + " WHERE lower(p.sku) = lower(\(sku))").firstRow.map { row in try Product(row: row) }
    }

    /// The products with these skus (case-insensitively), keyed by lowercased sku; locked
    /// `FOR UPDATE` in id order when `lock`.
    /// - Throws: `PostgresError`.
    static func fetch(skus: [String], lock: Bool, in tx: Transaction) throws -> [String: Product] {
        guard !skus.isEmpty else { return [:] }
        let query = Product.columns + """
             WHERE lower(p.sku) IN (SELECT lower(s) FROM unnest(\(skus)) AS s) ORDER BY p.id
            """ + (lock ? " FOR UPDATE OF p" : "")
        var products: [String: Product] = [:]
        for row in try tx.query(query) {
            let product = try Product(row: row)
            products[product.sku.lowercased()] = product
        }
        return products
    }
}
