import Postgres
import Testing
import TestSupport

/// A transaction's BEGIN goes out with its first statement, in one pipeline (issue #20).
@Suite("BEGIN rides with the first statement")
struct DeferredBeginTests {
    let database: TestDatabase
    let connection: Connection

    init() throws {
        (database, connection) = try ScratchTables.open(ScratchTables.counter)
    }

    @Test func aOneStatementTransactionTakesTwoRoundTripsPreparedOrNot() throws {
        // First run: the statement is prepared inside the pipeline; second: only executed.
        for expected: Int64 in [1, 2] {
            let trips = try connection.roundTripsTaken {
                _ = try connection.transaction { tx in try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1") }
            }
            #expect(trips == 2)  // BEGIN + UPDATE, then COMMIT
            #expect(try connection.counterValue() == expected)
        }
    }

    @Test func aTransactionThatSendsNothingCostsNothing() throws {
        let trips = try connection.roundTripsTaken { try connection.transaction { _ in } }
        #expect(trips == 0)
        #expect(connection.isIdle)
    }

    @Test func theFirstStatementRunsInsideTheTransaction() throws {
        #expect(throws: Refusal.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 7 WHERE id = 1")
                throw Refusal()
            }
        }
        #expect(try connection.counterValue() == 0)
        // Autocommit would give each statement its own transaction id.
        let ids = try connection.transaction { tx in
            (try tx.query("SELECT txid_current()").single().decode(0, as: Int64.self),
             try tx.query("SELECT txid_current()").single().decode(0, as: Int64.self))
        }
        #expect(ids.0 == ids.1)
    }

    @Test func aFailingFirstStatementChangesNothingAndLeavesTheSessionUsable() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1 AND no_such_column")
            }
        }
        #expect(error?.sqlState == "42703")
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in try tx.query("INSERT INTO counter VALUES (1, 5)") }
        }
        #expect(duplicate?.sqlState == "23505")
        #expect(connection.isIdle)
        #expect(try connection.counterValue() == 0)
        _ = try connection.transaction { tx in try tx.query("UPDATE counter SET value = value + 3 WHERE id = 1") }
        #expect(try connection.counterValue() == 3)
    }

    struct Refusal: Error {}
}
