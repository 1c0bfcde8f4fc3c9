import Glibc
import Postgres
import Synchronization
import Testing
import TestSupport

/// Tail writes (`Transaction.queueWrite`) ride with the transaction's next statement or its
/// COMMIT in one pipeline (issue #20): no round trip of their own, and every failure path
/// behaves as if they had run on their own.
@Suite("Tail writes ride with the next statement or COMMIT")
struct TailWriteTests {
    let database: TestDatabase
    let connection: Connection

    init() throws {
        (database, connection) = try ScratchTables.open(ScratchTables.counter + """
            CREATE TABLE entries (id int CONSTRAINT entries_id_unique UNIQUE, note text NOT NULL);
            """)
    }

    private func notes() throws -> [String] {
        try connection.query("SELECT note FROM entries ORDER BY id").map { (row) throws(PostgresError) in try row.decode(0) }
    }

    struct Refusal: Error {}

    @Test func queuedWritesGoOutWithCommitAtNoRoundTripOfTheirOwn() throws {
        for round in 1...2 {  // the first round prepares inside the pipelines, the second only executes
            let trips = try connection.roundTripsTaken {
                try connection.transaction { tx in
                    try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                    try tx.queueWrite("INSERT INTO entries VALUES (\(Int32(round * 10 + 1)), \("a\(round)"))")
                    try tx.queueWrite("INSERT INTO entries VALUES (\(Int32(round * 10 + 2)), \("b\(round)"))")
                }
            }
            #expect(trips == 2)  // BEGIN + UPDATE, then the two writes + COMMIT
        }
        #expect(try connection.counterValue() == 2)
        #expect(try notes() == ["a1", "b1", "a2", "b2"])
        #expect(connection.isIdle)
    }

    @Test func aTransactionOfQueuedWritesOnlyTakesOneRoundTrip() throws {
        let trips = try connection.roundTripsTaken {
            try connection.transaction { tx in try tx.queueWrite("INSERT INTO entries VALUES (1, 'only')") }
        }
        #expect(trips == 1)  // BEGIN, the write and COMMIT in one pipeline
        #expect(try notes() == ["only"])
    }

    @Test func aLaterStatementSeesTheQueuedWriteAndCarriesIt() throws {
        let (seen, trips) = try connection.transaction { tx in
            try tx.query("UPDATE counter SET value = 5 WHERE id = 1")
            let before = connection.roundTrips
            try tx.queueWrite("INSERT INTO entries VALUES (1, 'early')")
            let seen: Int64 = try tx.query("SELECT count(*) FROM entries").single().decode(0)
            return (seen, connection.roundTrips - before)
        }
        #expect(seen == 1)
        #expect(trips == 1)
        #expect(try notes() == ["early"])
    }

    @Test func aFailingQueuedWriteFailsTheTransactionWithItsOwnErrorAndChangesNothing() throws {
        try connection.query("INSERT INTO entries VALUES (1, 'kept')")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                try tx.queueWrite("INSERT INTO entries VALUES (2, 'new')")
                try tx.queueWrite("INSERT INTO entries VALUES (1, 'duplicate')")
                try tx.queueWrite("INSERT INTO entries VALUES (3, 'after')")
            }
        }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "entries_id_unique")
        #expect(try connection.counterValue() == 0)
        #expect(try notes() == ["kept"])
        #expect(connection.isIdle)
        // The session goes on; the statements prepared in the failed pipeline run again.
        try connection.transaction { tx in try tx.queueWrite("INSERT INTO entries VALUES (2, 'new')") }
        #expect(try notes() == ["kept", "new"])
    }

    @Test func aQueuedWriteFailingBeforeALaterStatementIsThrownThere() throws {
        var reached = false
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.queueWrite("INSERT INTO entries VALUES (1, NULL)")
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                reached = true
            }
        }
        #expect(error?.sqlState == "23502")
        #expect(!reached)
        #expect(try connection.counterValue() == 0)
        #expect(try notes().isEmpty)
    }

    @Test func aRollbackDiscardsTheQueue() throws {
        #expect(throws: Refusal.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                try tx.queueWrite("INSERT INTO entries VALUES (1, 'discarded')")
                throw Refusal()
            }
        }
        _ = try connection.transaction { tx in try tx.query("UPDATE counter SET value = value + 2 WHERE id = 1") }
        #expect(try connection.counterValue() == 2)
        #expect(try notes().isEmpty)
    }

    @Test func aSerializationFailureInAQueuedWriteRetriesTheWholeClosureWithAnEmptyQueue() throws {
        let attempts = Atomic<Int>(0)
        try connection.transaction(isolation: .repeatableRead) { tx in
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            _ = try tx.query("SELECT value FROM counter WHERE id = 1")
            try tx.queueWrite("INSERT INTO entries VALUES (\(Int32(attempt)), \("attempt \(attempt)"))")
            if attempt == 1 {
                let other = try database.connectAsOwner()
                defer { other.close() }
                try other.query("UPDATE counter SET value = value + 100 WHERE id = 1")
            }
            // Fails with 40001 in the COMMIT pipeline on the first attempt.
            try tx.queueWrite("UPDATE counter SET value = value + 1 WHERE id = 1")
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
        #expect(try connection.counterValue() == 101)
        #expect(try notes() == ["attempt 2"])
    }

    @Test func aCommitWhoseAnswerNeverCameIsOutcomeUnknown() throws {
        let admin = try database.connectAsOwner()
        defer { admin.close() }
        let pid = connection.backendPID
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                try tx.queueWrite("INSERT INTO entries VALUES (1, 'lost')")
                try admin.query("SELECT pg_terminate_backend(\(pid))")
                while try admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(pid)").count > 0 { usleep(5_000) }
            }
        }
        #expect(error?.kind == .commitOutcomeUnknown)
        #expect(try admin.query("SELECT value FROM counter WHERE id = 1").single().decode(0, as: Int64.self) == 0)
        #expect(try admin.query("SELECT count(*) FROM entries").single().decode(0, as: Int64.self) == 0)
    }
}
