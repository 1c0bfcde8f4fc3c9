import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Server errors keep their SQLSTATE and constraint")
struct StatementErrorTests {
    let connection: Connection

    init() throws {
        (_, connection) = try ScratchTables.open("""
            CREATE TABLE parent (id bigint PRIMARY KEY);
            CREATE TABLE child (
                id bigint PRIMARY KEY,
                code text NOT NULL CONSTRAINT child_code_key UNIQUE,
                qty bigint NOT NULL CONSTRAINT child_qty_positive CHECK (qty > 0),
                parent_id bigint CONSTRAINT child_parent_fkey REFERENCES parent (id)
            );
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES (1, 'A', 1, 1);
            """)
    }

    @Test func uniqueViolationNamesTheConstraint() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO child VALUES (2, \("A"), 1, NULL)")
        }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "child_code_key")
        #expect(error?.table == "child")
        #expect(error?.detail?.contains("(code)=(A)") == true)
    }

    @Test func checkViolationNamesTheConstraint() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO child VALUES (2, 'B', \(Int64(0)), NULL)")
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "child_qty_positive")
    }

    @Test func foreignKeyViolationNamesTheConstraint() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO child VALUES (2, 'B', 1, \(Int64(99)))")
        }
        #expect(error?.sqlState == "23503")
        #expect(error?.constraint == "child_parent_fkey")
    }

    @Test func syntaxErrorsAreServerErrorsWithState() throws {
        let error = #expect(throws: PostgresError.self) { try connection.query("SELEKT 1") }
        #expect(error?.sqlState == "42601")
        #expect(error?.isConnectionFailure == false)
    }

    @Test func parameterisedQueriesRefuseSeveralStatements() throws {
        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT \(Int64(1)); DELETE FROM child")
        }
        #expect(error?.sqlState == "42601")
        #expect(try connection.query("SELECT count(*) FROM child").single().decode(0, as: Int64.self) == 1)
    }

    @Test func affectedRowsAreReported() throws {
        try connection.query("INSERT INTO child VALUES (2, 'B', 1, NULL), (3, 'C', 1, NULL)")
        let updated = try connection.query("UPDATE child SET qty = qty + 1 WHERE id >= \(Int64(2))")
        #expect(updated.affectedRows == 2)
    }

    @Test func connectingToNothingFailsAsAConnectionError() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection(url: "postgresql://nobody@/nodb?host=/nonexistent-dir&connect_timeout=2")
        }
        #expect(error?.kind == .connection)
        #expect(error?.isConnectionFailure == true)
    }

    @Test func noticesGoToTheInstalledHandlerNotStderr() throws {
        let received = NoticeBox()
        PostgresNotices.setHandler { received.append($0) }
        defer { PostgresNotices.setHandler(nil) }
        try connection.query("DO $$ BEGIN RAISE NOTICE 'stock is low'; END $$")
        #expect(received.messages.contains { $0.contains("stock is low") })
    }
}

/// Thread-safe collector for notices delivered on the connection's thread.
final class NoticeBox: Sendable {
    private let stored = Mutex<[String]>([])
    func append(_ message: String) { stored.withLock { $0.append(message) } }
    var messages: [String] { stored.withLock { $0 } }
}
