import Catalog
import ERPCore
import Foundation
import Postgres
import Testing

@testable import Warehouse

/// The totals the movements report reads (sql/0037_report_totals.sql) are kept by every posting and
/// checked by `erp check` against the moves.
@Suite("Move totals")
struct MoveTotalsTests {
    /// The posting totals (time, warehouse, kind: moves, value in, value out), the day and month
    /// totals (day or month, product, warehouse: moves, quantity, value in, value out) as text.
    private func totals(_ shop: Shop) throws -> [String] {
        try shop.connection.query("""
            SELECT 'posting ' || warehouse_id || ' ' || kind || ' ' || moves || ' ' || value_in_minor || ' ' || value_out_minor
            FROM stock_move_postings
            UNION ALL
            SELECT 'day ' || day::date || ' ' || product_id || ' ' || warehouse_id || ' ' || moves || ' ' || qty || ' '
                   || value_in_minor || ' ' || value_out_minor
            FROM stock_move_days
            UNION ALL
            SELECT 'month ' || month::date || ' ' || product_id || ' ' || warehouse_id || ' ' || moves || ' ' || qty || ' '
                   || value_in_minor || ' ' || value_out_minor
            FROM stock_move_months ORDER BY 1
            """).map { try $0.decode(0, as: String.self) }
    }

    private func writeOff(_ shop: Shop, _ product: Product, _ qty: String) throws {
        _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged, note: nil,
                                                    lines: [StockLine(productID: product.id, qty: Quantity(qty)!)])),
                              by: shop.keeper, on: shop.connection)
    }

    @Test func aPostingAddsOneRowPerWarehouseAndKindAndItsProductsToTheirDayAndMonth() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00"), (shop.nails, "10", "2.50")])
        try shop.receive([(shop.hammer, "1", "120.00")])
        try writeOff(shop, shop.hammer, "2")
        let main = shop.main.id.rawValue, hammer = shop.hammer.id.rawValue, nails = shop.nails.id.rawValue
        let day = "2026-11-30"  // Shop.now is 00:53 UTC that day
        #expect(try totals(shop) == [
            "day \(day) \(hammer) \(main) 3 2000 42000 21000",  // in 300 + 120, out 2 at the average 105
            "day \(day) \(nails) \(main) 1 10000 2500 0",
            "month 2026-11-01 \(hammer) \(main) 3 2000 42000 21000",
            "month 2026-11-01 \(nails) \(main) 1 10000 2500 0",
            "posting \(main) receipt 1 12000 0",
            "posting \(main) receipt 2 32500 0",
            "posting \(main) write_off 1 0 21000",
        ].sorted())
        #expect(try shop.violations().isEmpty)
    }

    @Test func aRefusedPostingAddsNothing() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1", "100.00")])
        let before = try totals(shop)
        #expect(throws: ERPError.self) { try writeOff(shop, shop.hammer, "2") }
        #expect(try totals(shop) == before)
    }

    @Test(arguments: [
        ("UPDATE stock_move_days SET qty = qty + 1", "move_days_match_moves"),
        ("UPDATE stock_move_days SET value_out_minor = value_out_minor + 1", "move_days_match_moves"),
        ("UPDATE stock_move_days SET day = day - interval '1 day'", "move_days_match_moves"),
        ("UPDATE stock_move_months SET moves = moves + 1", "move_months_match_moves"),
        ("INSERT INTO stock_move_postings SELECT at, warehouse_id, kind, 1, 0, 0 FROM stock_move_postings", "move_postings_match_moves"),
    ] as [(StaticString, String)])
    // The application role may add to the totals (it must, to keep them), so a bug could do these.
    func checkFindsTotalsChangedBehindTheService(_ corruption: StaticString, _ rule: String) throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        try writeOff(shop, shop.hammer, "1")
        #expect(try shop.violations().isEmpty)
        try shop.connection.query(PostgresQuery(stringLiteral: corruption))
        let found = try shop.violations()
        #expect(!found.isEmpty && found.allSatisfy { $0.rule == rule }, "\(found)")
    }

    @Test func thePostingTotalsAreAppendOnly() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        for statement: PostgresQuery in ["UPDATE stock_move_postings SET moves = 2", "DELETE FROM stock_move_postings"] {
            let error = try #require(throws: PostgresError.self) { try shop.connection.query(statement) }
            #expect(error.sqlState == "42501")
        }
        #expect(try shop.violations().isEmpty)
    }
}
