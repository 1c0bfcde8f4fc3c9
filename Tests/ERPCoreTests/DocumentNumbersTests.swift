import Postgres
import TestSupport
import Testing

@testable import ERPCore

/// A document's number taken inside the statement that writes it (`DocumentNumbers.taking`,
/// issue #20) is the same gapless series as `DocumentNumbers.next`, printed as `format` prints it.
@Suite("Document numbers taken inside a statement")
struct DocumentNumbersTests {
    private func take(_ tx: Transaction) throws -> String {
        try tx.query("SELECT " + DocumentNumbers.taking(prefix: "T", series: "test_series", year: 2026)).single().decode(0)
    }

    @Test func takingContinuesTheSeriesNextTakesAndPrintsAsFormatDoes() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let taken = try connection.transaction { tx in
            (try DocumentNumbers.next(series: "test_series", year: 2026, in: tx), try take(tx),
             try DocumentNumbers.next(series: "test_series", year: 2026, in: tx))
        }
        #expect(taken.0 == 1)
        #expect(taken.1 == DocumentNumbers.format(prefix: "T", year: 2026, sequence: 2))
        #expect(taken.1 == "T-2026-000002")
        #expect(taken.2 == 3)
        let admin = try db.connectAsOwner()
        defer { admin.close() }
        try admin.query("UPDATE document_counters SET last_number = 1234566 WHERE series = 'test_series'")
        let long = try connection.transaction { tx in try take(tx) }
        #expect(long == DocumentNumbers.format(prefix: "T", year: 2026, sequence: 1_234_567))
        #expect(long == "T-2026-1234567")
    }

    @Test func aRolledBackTakingGivesItsNumberBack() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        struct Refusal: Error {}
        #expect(throws: Refusal.self) {
            try connection.transaction { tx in
                _ = try take(tx)
                throw Refusal()
            }
        }
        let taken = try connection.transaction { tx in try take(tx) }
        #expect(taken == "T-2026-000001")
    }
}
