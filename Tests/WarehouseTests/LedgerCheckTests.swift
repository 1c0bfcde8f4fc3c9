import Catalog
import ERPCore
import Foundation
import Postgres
import Testing

@testable import Warehouse

@Suite("LedgerCheck")
struct LedgerCheckTests {
    @Test func aLevelChangedBehindTheServicesBackIsCaught() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        #expect(try shop.violations().isEmpty)
        // What a superuser with psql could do: the level no longer matches its moves.
        try shop.connection.query("UPDATE stock_levels SET on_hand = on_hand + 1000, value_minor = value_minor + 1 WHERE product_id = \(shop.hammer.id)")
        let found = try shop.violations()
        #expect(found.map(\.rule) == ["level_matches_moves", "value_matches_moves"])
        #expect(found[0].message.contains("on hand 4.000, but its moves add up to 3.000"))
    }

    @Test func aDocumentWhoseLinesDisagreeWithItsMovesIsCaught() throws {
        let shop = try Shop()
        let receipt = try shop.receive([(shop.hammer, "3", "100.00")])
        try shop.connection.query("UPDATE stock_document_lines SET qty = 4000 WHERE document_id = \(receipt.id)")
        let found = try shop.violations()
        #expect(found.map(\.rule) == ["document_matches_moves"])
        #expect(found[0].message.contains("RCP-2026-000001"))
    }

    @Test func theLedgerIsAppendOnly() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        for statement: PostgresQuery in ["UPDATE stock_moves SET qty = 1", "DELETE FROM stock_moves", "TRUNCATE stock_moves CASCADE"] {
            let error = try #require(throws: PostgresError.self) { try shop.connection.query(statement) }
            #expect(error.sqlState == "42501")
        }
        #expect(try shop.service.moves(StockMoveFilter(), by: shop.owner, on: shop.connection).items.count == 1)
    }
}
