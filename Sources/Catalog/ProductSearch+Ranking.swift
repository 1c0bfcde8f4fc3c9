// How a ranked product search stays fast on 100,000 products (issue #5: p99 under 20 ms). A page
// needs only the first `wanted` = offset + limit + 1 products of the ranking, so no kind of match
// is asked for more than that, each through an index that yields matches without reading the rest:
//
// 1. exact barcode (its unique index), sku prefix (`lower(sku) text_pattern_ops`) and name
//    containing `q` (trigram GIN, `ILIKE`), each in id order with `LIMIT wanted`. A common word
//    ("молоток" in 5,000 names) is answered here, from the first names that have it.
// 2. only when those leave the page short: names similar to `q` (`q <% name`, trigram GIN).
//    Scoring a name costs ~15 µs and a typo of a common word resembles thousands of names, so
//    this reads at most `similarLimit` of them and ranks those, best first, then by id. The
//    ranking is exact whenever fewer names than that resemble `q`; beyond, it is the best of
//    the first resembling names the index yields, which always fill the page.
//
// All of it is one statement (round trips, not the database, dominated a loaded server). A
// product found by several kinds ranks by its best. Each kind applies the list's filters itself,
// so a `LIMIT` never counts products the filters would drop.

import ERPCore
import Postgres

extension ProductSearch {
    /// Similar names read at most (more when a page reaches deeper).
    static let similarLimit = 100

    /// The rows (`Product.columns`) of the ranked matches of `q` from `offset`, at most `limit + 1`
    /// (one more tells that a next page exists). `filters` is a condition on products aliased `p`.
    /// - Throws: `PostgresError`.
    static func ranked(_ q: String, filters: PostgresQuery, offset: Int, limit: Int, in tx: Transaction) throws -> PostgresRows {
        let wanted = offset + limit + 1
        // `<%` reads this threshold. The similar names must come from the GIN index, never from a
        // table scan: with a LIMIT a scan looks cheap to the planner, and costs 50 ms on a common word.
        try tx.query("""
            SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', true), set_config('enable_seqscan', 'off', true)
            """)
        let barcode: PostgresQuery = "SELECT p.id, 0 AS rank FROM product_barcodes b JOIN products p ON p.id = b.product_id"
            + " WHERE b.barcode = \(q) AND " + filters
        let sku: PostgresQuery = "SELECT p.id, 1 AS rank FROM products p"
            + " WHERE lower(p.sku) LIKE lower(\(likePrefix(q))) ESCAPE '\\' AND " + filters + " ORDER BY p.id LIMIT \(wanted)"
        let name: PostgresQuery = "SELECT p.id, 2 AS rank FROM products p"
            + " WHERE p.name ILIKE \("%" + likePrefix(q)) ESCAPE '\\' AND " + filters + " ORDER BY p.id LIMIT \(wanted)"
        // Read only when the strong matches leave the page short (a one-time filter of the plan).
        let similar: PostgresQuery = "SELECT p.id, word_similarity(\(q), p.name) AS score FROM products p"
            + " WHERE (SELECT count(*) FROM strong) < \(wanted) AND \(q) <% p.name AND " + filters
            + " LIMIT \(max(similarLimit, wanted))"
        return try tx.query("WITH strong AS MATERIALIZED (SELECT id, min(rank) AS rank FROM ((" + barcode + ") UNION ALL ("
            + sku + ") UNION ALL (" + name + ")) AS found GROUP BY id), resembling AS MATERIALIZED (" + similar + "),"
            + " ranked AS (SELECT id, rank, 1::real AS score FROM strong UNION ALL"
            + " SELECT id, 3, score FROM resembling WHERE id NOT IN (SELECT id FROM strong)) "
            + Product.columns + " JOIN ranked r ON r.id = p.id ORDER BY r.rank, r.score DESC, p.id"
            + " LIMIT \(limit + 1) OFFSET \(offset)")
    }
}
