// Listing and searching products. Without `q` the list is in id order with keyset pagination
// (the cursor is the last id of a page). With `q` the matches are ranked: a product whose barcode
// is exactly `q` first, then products whose sku starts with `q`, then names similar to `q` by
// trigram word similarity (pg_trgm; typos and Cyrillic included), best first. A ranked list has
// no stable key to continue after, so its cursor is the number of matches already returned.

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
    /// Page size, 1–500.
    package var limit: Int
    /// A `next_cursor` of the previous page.
    package var cursor: String?

    /// A filter with the given fields; by default the first 100 current products.
    package init(
        q: String? = nil, categoryID: CategoryID? = nil, archived: Bool = false, kind: ProductKind? = nil,
        limit: Int = 100, cursor: String? = nil
    ) {
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
    /// The products matching `filter`, a page at a time; see the file comment for the order.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; `.validationFailed` for limit/cursor.
    package static func products(
        matching filter: ProductFilter, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<Product> {
        try principal.require(.readCatalog)
        let after = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor)
        let q = filter.q?.trimmingSpaces ?? ""
        let kind = filter.kind?.rawValue
        let filters: PostgresQuery = """
             WHERE p.archived = \(filter.archived)
               AND (\(filter.categoryID)::bigint IS NULL OR p.category_id = \(filter.categoryID))
               AND (\(kind)::text IS NULL OR p.kind = \(kind))
            """
        return try connection.serviceTransaction { tx in
            let limit = filter.limit
            let rows: PostgresRows
            if q.isEmpty {
                rows = try tx.query(Product.columns + filters + """
                     AND p.id > \(after ?? 0) ORDER BY p.id LIMIT \(limit + 1)
                    """)
            } else {
                let prefix = likePrefix(q)
                // Three index-backed candidate sets (barcode unique index, lower(sku)
                // text_pattern_ops, trigram GIN via `<%`), ranked; an OR of the three would scan
                // every product. `<%` uses this threshold, local to the transaction.
                try tx.query("SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', true)")
                rows = try tx.query(Product.columns + """
                     JOIN (SELECT id, min(rank) AS rank, max(score) AS score
                           FROM (SELECT b.product_id AS id, 0 AS rank, 1::real AS score
                                   FROM product_barcodes b WHERE b.barcode = \(q)
                                 UNION ALL
                                 SELECT s.id, 1, 1::real
                                   FROM products s WHERE lower(s.sku) LIKE lower(\(prefix)) ESCAPE '\\'
                                 UNION ALL
                                 SELECT n.id, 2, word_similarity(\(q), n.name)
                                   FROM products n WHERE \(q) <% n.name) AS candidates
                           GROUP BY id) AS c ON c.id = p.id
                    """ + filters + """
                     ORDER BY c.rank, c.score DESC, p.id
                    LIMIT \(limit + 1) OFFSET \(after ?? 0)
                    """)
            }
            let items = try rows.prefix(limit).map { row in try Product(row: row) }
            var next: String?
            if rows.count > limit {
                next = q.isEmpty ? items.last.map { String($0.id.rawValue) } : String((after ?? 0) + Int64(limit))
            }
            return Page(items: items, nextCursor: next)
        }
    }

    /// `text%` for `LIKE … ESCAPE '\'`, with `\`, `%` and `_` in `text` matched literally.
    static func likePrefix(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
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
