// Listing and searching products. Without `q` the list is in id order with keyset pagination
// (the cursor is the last id of a page). With `q` the matches are ranked: a product whose barcode
// is exactly `q` first, then products whose sku starts with `q`, then names containing `q` (any
// case), each of these in id order; then names similar to `q` by trigram word similarity (pg_trgm;
// typos and Cyrillic included), best first. A ranked list has no stable key to continue after, so
// its cursor is the number of matches already returned. How the ranking stays fast on a large
// catalog is in ProductSearch+Ranking.swift.

import ERPCore
import Postgres

/// The filters of `GET /api/v1/products` (query parameters named after the fields).
package struct ProductFilter: Sendable, Equatable {
    /// Search text: barcode, sku prefix or (fuzzy) name.
    package var q: String?
    /// Only products in this category.
    package var categoryID: CategoryID?
    /// Archived (`true`) or current (`false`, the default) products.
    package var archived: Bool
    /// Only goods or only services.
    package var kind: ProductKind?
    /// Only the product with exactly this SKU.
    package var sku: String?
    /// Only the product with exactly this barcode.
    package var barcode: String?
    /// Page size, 1–500.
    package var limit: Int
    /// A `next_cursor` of the previous page.
    package var cursor: String?

    /// A filter with the given fields; by default the first 100 current products.
    package init(
        q: String? = nil, categoryID: CategoryID? = nil, archived: Bool = false, kind: ProductKind? = nil,
        sku: String? = nil, barcode: String? = nil, limit: Int = 100, cursor: String? = nil
    ) {
        self.sku = sku
        self.barcode = barcode
        self.q = q
        self.categoryID = categoryID
        self.archived = archived
        self.kind = kind
        self.limit = limit
        self.cursor = cursor
    }
}

/// Product lists and search.
package enum ProductSearch {
    /// The products matching `filter`, a page at a time, with their prices on `day`; see the file
    /// comment for the order.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; `.validationFailed` for limit, cursor
    ///   or a `q` longer than `SearchText.maxLength`.
    package static func products(
        matching filter: ProductFilter, on day: CalendarDate, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<Product> {
        try principal.require(.readCatalog)
        var problems = FieldErrors()
        SearchText.check(filter.q, into: &problems)
        try problems.throwIfAny()
        let after = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor)
        let q = filter.q?.trimmingSpaces ?? ""
        let kind = filter.kind?.rawValue
        let filters: PostgresQuery = """
             p.archived = \(filter.archived)
               AND (\(filter.categoryID)::bigint IS NULL OR p.category_id = \(filter.categoryID))
               AND (\(kind)::text IS NULL OR p.kind = \(kind))
               AND (\(filter.sku)::text IS NULL OR p.sku = \(filter.sku))
               AND (\(filter.barcode)::text IS NULL OR p.id IN (SELECT product_id FROM product_barcodes WHERE barcode = \(filter.barcode)))
            """
        return try connection.serviceTransaction { tx in
            let limit = filter.limit
            if q.isEmpty {
                let rows = try tx.query(Product.columns + " WHERE " + filters + """
                     AND p.id > \(after ?? 0) ORDER BY p.id LIMIT \(limit + 1)
                    """)
                let items = try ProductTypePrices.attach(to: rows.prefix(limit).map { row in try Product(row: row) }, on: day, in: tx)
                return Page(items: items, nextCursor: rows.count > limit ? items.last.map { String($0.id.rawValue) } : nil)
            }
            // A cursor far beyond any ranked list gives an empty page, not an overflow.
            let offset = Int(min(after ?? 0, Int64(Int32.max)))
            let rows = try ranked(q, filters: filters, offset: offset, limit: limit, in: tx)
            let items = try ProductTypePrices.attach(to: rows.prefix(limit).map { row in try Product(row: row) }, on: day, in: tx)
            return Page(items: items, nextCursor: rows.count > limit ? String(offset + limit) : nil)
        }
    }

    /// `text%` for `LIKE … ESCAPE '\'`, with `\`, `%` and `_` in `text` matched literally.
    static func likePrefix(_ text: String) -> String {
        SearchText.likeEscaped(text) + "%"
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
