// Writing an import plan set-based: a few statements per batch of rows instead of a dozen per
// row. Each statement takes whole columns as array binds and `unnest`s them, so 100,000 products
// with their barcodes, price history and audit entries are written in a few dozen round trips.
// The rules are those of `create` and `update`: every product created or changed is audited,
// price history gets a row on creation and whenever price or VAT changes, a barcode belongs to
// one product. The plan was checked against rows this transaction locked, so the checks below
// only catch what a concurrent transaction did meanwhile. Turning a batch into statement text is
// done on a background thread while the database writes the previous one (BatchPipeline.swift).

import ERPCore
import Foundation
import Postgres

extension Products {
    /// Rows per statement: enough that round trips stop mattering, few enough that one
    /// statement's binds stay about a megabyte.
    static let batchSize = 5_000

    /// Writes `plan` inside `tx`, reporting the rows written so far to `progress`.
    /// - Throws: `ERPError.duplicate` when a concurrent transaction took one of the skus or
    ///   barcodes meanwhile; `.versionConflict` when one of the products changed; `PostgresError`.
    static func write(
        _ plan: ProductImportPlan, by principal: Principal, at now: Date, in tx: Transaction,
        progress: (Int) -> Void = { _ in }
    ) throws {
        var written = 0
        // Barcodes leave the changed products first, so they can move to another product of the file.
        let moving = plan.changes.filter { $0.draft.barcodes != $0.current.barcodes }
        for batch in moving.chunks(of: batchSize) {
            try tx.query("DELETE FROM product_barcodes WHERE product_id = ANY(\(batch.map { $0.current.id.rawValue }))")
        }
        let changes = plan.changes.chunks(of: batchSize)
        try pipelined(changes.count, prepare: { PreparedChanges(changes[$0], at: now) }) { prepared in
            try update(prepared, in: tx)
            let batch = prepared.changes
            try Barcodes.insert(batch.filter { $0.draft.barcodes != $0.current.barcodes }
                .flatMap { change in change.draft.barcodes.map { ($0, change.current.id) } }, in: tx)
            let repriced = batch.filter { $0.draft.price != $0.current.price || $0.draft.vatRate != $0.current.vatRate }
            try recordPrices(repriced.map { ($0.current.id, $0.draft) }, by: principal, at: now, in: tx)
            try Audit.record(in: tx, by: principal, action: "product.update", entityType: "product",
                             changes: Array(zip(batch.map { $0.current.id }, prepared.audit)))
            try recordChanged(batch.map { ($0.current.id, $0.draft) }, in: tx)
            written += batch.count
            progress(written)
        }
        let creations = plan.creations.chunks(of: batchSize)
        try pipelined(creations.count, prepare: { PreparedCreations(creations[$0].map { $0.draft }, at: now) }) { prepared in
            let ids = try insert(prepared, in: tx)
            let created = Array(zip(ids, prepared.drafts))
            try Barcodes.insert(created.flatMap { id, draft in draft.barcodes.map { ($0, id) } }, in: tx)
            try recordPrices(created, by: principal, at: now, in: tx)
            try Audit.record(in: tx, by: principal, action: "product.create", entityType: "product",
                             changes: Array(zip(ids, prepared.audit)))
            try recordChanged(created, in: tx)
            written += ids.count
            progress(written)
        }
    }

    /// Brings the planner's statistics and the name index up to date after a large import, in
    /// its transaction. PostgreSQL advises `ANALYZE` after a bulk load, and a GIN index keeps new
    /// entries in a pending list that every search reads through until it is merged; autovacuum
    /// would do both a minute or more later, and searches right after an import must not pay for
    /// it meanwhile (a search of 0.5 ms took 7 ms). Both are the owner's to do, so the application
    /// role calls `settle_products_after_import()` (migration 0011), which runs as the owner.
    /// - Throws: `PostgresError`.
    static func settleAfterBulkWrite(in tx: Transaction) throws {
        try tx.query("SELECT settle_products_after_import()")
    }

    /// Inserts a batch of new products (ids in their order) and returns their ids in that order.
    /// - Throws: `ERPError.duplicate` naming the product that took one of the skus; `PostgresError`.
    private static func insert(_ prepared: PreparedCreations, in tx: Transaction) throws -> [ProductID] {
        var ids: [String: ProductID] = [:]
        for row in try tx.query(prepared.statement) {
            ids[try row.decode(1, as: String.self)] = try row.decode(0, as: ProductID.self)
        }
        return try prepared.drafts.map { draft in
            guard let id = ids[draft.sku] else {
                // A concurrent create committed this sku after the plan was made.
                try requireFreeSKU(draft.sku, except: nil, in: tx)
                throw ERPError.duplicate(entity: "product", field: "sku", existingID: nil)
            }
            return id
        }
    }

    /// Applies a batch of changes at the versions the plan read.
    /// - Throws: `ERPError.versionConflict` when one of the products changed meanwhile; `PostgresError`.
    private static func update(_ prepared: PreparedChanges, in tx: Transaction) throws {
        let changes = prepared.changes
        let updated = try tx.query(prepared.statement)
        if updated.affectedRows == changes.count { return }
        let stale = try tx.query("""
            SELECT p.version FROM products p JOIN unnest(\(changes.map { $0.current.id.rawValue }),
                                                         \(changes.map { $0.current.version })) AS u(id, version)
                ON p.id = u.id AND p.version <> u.version
            LIMIT 1
            """).firstRow
        throw ERPError.versionConflict(current: try stale?.decode(0, as: Int64.self) ?? 0)
    }
}

/// A batch of new products turned into its `INSERT` and its audit entries, off the connection's thread.
struct PreparedCreations: Sendable {
    let drafts: [ProductDraft]
    let statement: PostgresQuery
    let audit: [AuditChange]

    init(_ drafts: [ProductDraft], at now: Date) {
        self.drafts = drafts
        statement = """
            INSERT INTO products (sku, name, unit, kind, category_id, price_minor, vat_rate, min_stock, archived,
                                  max_stock, preferred_supplier_id, pack_size, created_at, updated_at)
            SELECT r.sku, r.name, r.unit, r.kind, r.category_id, r.price_minor, r.vat_rate::integer, r.min_stock,
                   r.archived, r.max_stock, r.preferred_supplier_id, r.pack_size, \(now), \(now)
            FROM unnest(\(drafts.map { $0.sku }), \(drafts.map { $0.name }), \(drafts.map { $0.unit }),
                        \(drafts.map { $0.kind.rawValue }), \(drafts.map { $0.categoryID?.rawValue }),
                        \(drafts.map { $0.price.minorUnits }), \(drafts.map { $0.vatRate.basisPoints }),
                        \(drafts.map { $0.minStock.thousandths }), \(drafts.map { $0.archived }),
                        \(drafts.map { $0.reorder.maxStock.thousandths }), \(drafts.map { $0.reorder.preferredSupplierID?.rawValue }),
                        \(drafts.map { $0.reorder.packSize.thousandths }))
                 WITH ORDINALITY AS r(sku, name, unit, kind, category_id, price_minor, vat_rate, min_stock, archived,
                                      max_stock, preferred_supplier_id, pack_size, n)
            ORDER BY r.n
            ON CONFLICT ((lower(sku))) DO NOTHING
            RETURNING id, sku
            """
        audit = drafts.map { AuditChange($0.auditValues) }
    }
}

/// A batch of changed products turned into its `UPDATE` (at the versions read) and its audit
/// entries (each field's from/to), off the connection's thread.
struct PreparedChanges: Sendable {
    let changes: [ProductImportPlan.Change]
    let statement: PostgresQuery
    let audit: [AuditChange]

    init(_ changes: [ProductImportPlan.Change], at now: Date) {
        self.changes = changes
        let drafts = changes.map { $0.draft }
        statement = """
            UPDATE products AS p
            SET sku = u.sku, name = u.name, unit = u.unit, kind = u.kind, category_id = u.category_id,
                price_minor = u.price_minor, vat_rate = u.vat_rate::integer, min_stock = u.min_stock,
                archived = u.archived, max_stock = u.max_stock, preferred_supplier_id = u.preferred_supplier_id,
                pack_size = u.pack_size, version = p.version + 1, updated_at = \(now)
            FROM unnest(\(changes.map { $0.current.id.rawValue }), \(changes.map { $0.current.version }),
                        \(drafts.map { $0.sku }), \(drafts.map { $0.name }), \(drafts.map { $0.unit }),
                        \(drafts.map { $0.kind.rawValue }), \(drafts.map { $0.categoryID?.rawValue }),
                        \(drafts.map { $0.price.minorUnits }), \(drafts.map { $0.vatRate.basisPoints }),
                        \(drafts.map { $0.minStock.thousandths }), \(drafts.map { $0.archived }),
                        \(drafts.map { $0.reorder.maxStock.thousandths }), \(drafts.map { $0.reorder.preferredSupplierID?.rawValue }),
                        \(drafts.map { $0.reorder.packSize.thousandths }))
                 AS u(id, version, sku, name, unit, kind, category_id, price_minor, vat_rate, min_stock, archived,
                      max_stock, preferred_supplier_id, pack_size)
            WHERE p.id = u.id AND p.version = u.version
            """
        audit = changes.map { AuditChange(Products.difference(from: $0.current.auditValues, to: $0.draft.auditValues)) }
    }
}

extension Array {
    /// The elements in consecutive slices of at most `size` (the last may be shorter).
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
