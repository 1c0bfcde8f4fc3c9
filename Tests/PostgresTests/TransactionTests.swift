import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Transactions commit, roll back and retry")
struct TransactionTests {
    let database: TestDatabase
    let connection: Connection

    init() throws {
        (database, connection) = try ScratchTables.open(ScratchTables.counter)
    }

    struct Refusal: Error {}

    @Test func commitsWhenTheBodyReturns() throws {
        let result = try connection.transaction { tx in
            try tx.query("UPDATE counter SET value = value + 5 WHERE id = 1")
            return "done"
        }
        #expect(result == "done")
        #expect(try connection.counterValue() == 5)
        #expect(connection.isIdle)
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        #expect(throws: Refusal.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 5 WHERE id = 1")
                throw Refusal()
            }
        }
        #expect(try connection.counterValue() == 0)
        #expect(connection.isIdle)
    }

    @Test func rollsBackWhenAStatementFails() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 5 WHERE id = 1")
                try tx.query("INSERT INTO counter VALUES (1, 0)")
            }
        }
        #expect(try connection.counterValue() == 0)
    }

    @Test func aSwallowedFailureDoesNotCommitSilently() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query("UPDATE counter SET value = value + 5 WHERE id = 1")
                _ = try? tx.query("INSERT INTO counter VALUES (1, 0)")
            }
        }
        #expect(error?.sqlState == "25P02")
        #expect(try connection.counterValue() == 0)
    }

    /// Provokes a real serialization failure: another session updates the row our snapshot read.
    private func interfere() throws {
        let other = try database.connectAsOwner()
        defer { other.close() }
        try other.query("UPDATE counter SET value = value + 100 WHERE id = 1")
    }

    @Test func retriesTheWholeBodyAfterASerializationFailure() throws {
        let attempts = Atomic<Int>(0)
        try connection.transaction(isolation: .repeatableRead) { tx in
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            _ = try tx.query("SELECT value FROM counter WHERE id = 1")
            if attempt == 1 { try interfere() }
            try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
        #expect(try connection.counterValue() == 101)
    }

    @Test func givesUpAfterItsBound() throws {
        let attempts = Atomic<Int>(0)
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction(isolation: .serializable, maxAttempts: 3) { tx in
                attempts.add(1, ordering: .relaxed)
                _ = try tx.query("SELECT value FROM counter WHERE id = 1")
                try interfere()
                try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
            }
        }
        #expect(error?.sqlState == "40001")
        #expect(attempts.load(ordering: .relaxed) == 3)
        #expect(try connection.counterValue() == 300)
    }

    @Test func retriesADeadlockTransparently() throws {
        try connection.query("INSERT INTO counter VALUES (2, 0)")
        let attempts = Atomic<Int>(0)
        let other = try database.connectAsOwner()
        // `other` locks row 2 then, from another thread, waits for row 1 while we hold row 1 and
        // ask for row 2: the server breaks the cycle by failing one side with 40P01.
        try other.query("BEGIN")
        try other.query("UPDATE counter SET value = value + 1 WHERE id = 2")
        let finished = Atomic<Bool>(false)
        try connection.transaction { tx in
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            try tx.query("UPDATE counter SET value = value + 1 WHERE id = 1")
            if attempt == 1 {
                Thread.detachNewThread {
                    _ = try? other.query("UPDATE counter SET value = value + 1 WHERE id = 1")
                    _ = try? other.query("COMMIT")
                    finished.store(true, ordering: .relaxed)
                }
            }
            try tx.query("UPDATE counter SET value = value + 1 WHERE id = 2")
        }
        while !finished.load(ordering: .relaxed) { usleep(1_000) }
        other.close()
        // Whichever side the server chose, every committed increment is there exactly once.
        let total: Int64 = try connection.query("SELECT sum(value)::bigint FROM counter").single().decode(0)
        #expect(total == 2 || total == 4)
        #expect(attempts.load(ordering: .relaxed) <= 2)
    }
}

import Foundation
