// The catalog facade: one method per use case, each in its own transaction, failures as
// ERPError. Routes and CLI commands call these; the rules live in Products, Categories,
// Barcodes, Units and ProductSearch, whose `in tx:` functions higher modules can compose.

import ERPCore
import Postgres

/// What `/api/v1/products`, `/api/v1/categories`, `/api/v1/units` and `erp product …` call.
package struct CatalogService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    /// The catalog reading time from `time`.
    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// The company's today by `time`: the day whose prices and VAT rate the product resource shows.
    /// - Throws: `PostgresError`.
    func today(in tx: Transaction) throws -> CalendarDate { try CompanyCalendar.day(of: time.now, in: tx) }

    /// Creates a product.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (every bad field), `.duplicate`
    ///   (sku or barcode, naming the existing product), or a translated database failure.
    package func create(_ command: NewProduct, by principal: Principal, on connection: Connection) throws(ERPError) -> Product {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// `create(_:by:on:)` inside a caller's transaction (the API's idempotent POST).
    package func create(_ command: NewProduct, by principal: Principal, in tx: Transaction) throws -> Product {
        try Products.create(command, by: principal, time: time, in: tx)
    }

    /// Changes a product; `changes.version` must be the current version.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`, `.versionConflict`,
    ///   `.duplicate`, or a translated database failure.
    package func update(
        _ id: ProductID, with changes: ProductChanges, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Product {
        try connection.serviceTransaction { tx in try Products.update(id, with: changes, by: principal, time: time, in: tx) }
    }

    /// Archives a product (it stays in history; there is no delete: documents refer to products).
    /// - Throws: as `update(_:with:by:on:)`.
    package func archive(_ id: ProductID, version: Int64, by principal: Principal, on connection: Connection) throws(ERPError) -> Product {
        try update(id, with: ProductChanges(version: version, archived: true), by: principal, on: connection)
    }

    /// The product with this id.
    /// - Throws: `ERPError.forbidden` without `readCatalog`, `.notFound`.
    package func product(_ id: ProductID, by principal: Principal, on connection: Connection) throws(ERPError) -> Product {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in try Products.fetch(id, on: try today(in: tx), in: tx) }
    }

    /// The product with this sku (case-insensitively) or, when `reference` is a number that is no
    /// sku, this id: what `erp product show SKU_OR_ID` looks up.
    /// - Throws: `ERPError.forbidden` without `readCatalog`, `.notFound`.
    package func product(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> Product {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in
            if let product = try Products.fetch(sku: reference, in: tx) {
                return try ProductTypePrices.attach(to: [product], on: try today(in: tx), in: tx)[0]
            }
            guard let id = try? ProductID(parsing: reference) else {
                throw ERPError.notFound(entity: "product", id: reference)
            }
            return try Products.fetch(id, on: try today(in: tx), in: tx)
        }
    }

    /// Products matching `filter`, a page at a time (ranked when searching).
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor).
    package func products(matching filter: ProductFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<Product> {
        let today = try CompanyCalendar.day(of: time.now, on: connection)
        return try ProductSearch.products(matching: filter, on: today, by: principal, on: connection)
    }

    /// Creates a category.
    /// - Throws: `ERPError.forbidden`, `.validationFailed`, `.duplicate` (a sibling's name).
    package func create(_ command: NewCategory, by principal: Principal, on connection: Connection) throws(ERPError) -> Category {
        try connection.serviceTransaction { tx in try Categories.create(command, by: principal, in: tx) }
    }

    /// Moves a category under another parent (nil: a root).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` (unknown parent or a
    ///   cycle), `.duplicate`.
    package func move(_ id: CategoryID, under parentID: CategoryID?, by principal: Principal, on connection: Connection) throws(ERPError) -> Category {
        try connection.serviceTransaction { tx in try Categories.move(id, under: parentID, by: principal, in: tx) }
    }

    /// Categories in id order, a page at a time.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor).
    package func categories(limit: Int = 100, cursor: String? = nil, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<Category> {
        try Categories.list(limit: limit, cursor: cursor, by: principal, on: connection)
    }

    /// Every unit of measure.
    /// - Throws: `ERPError.forbidden` without `readCatalog`.
    package func units(by principal: Principal, on connection: Connection) throws(ERPError) -> [UnitOfMeasure] {
        try Units.list(by: principal, on: connection)
    }
}
