import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Statements are prepared once per session, reused, bounded and re-prepared when stale")
struct PreparedStatementTests {
    let database: TestDatabase
    let connection: Connection

    init() throws {
        (database, connection) = try ScratchTables.open("""
            CREATE TABLE item (
                id bigint PRIMARY KEY,
                name text NOT NULL CONSTRAINT item_name_short CHECK (length(name) < 10)
            );
            INSERT INTO item VALUES (1, 'one'), (2, 'two');
            """)
    }

    private static func lookup(_ id: Int64) -> PostgresQuery {
        "SELECT name FROM item WHERE id = \(id)"
    }

    private static func insert(_ id: Int64, _ name: String) -> PostgresQuery {
        "INSERT INTO item (id, name) VALUES (\(id), \(name))"
    }

    /// What the server holds prepared for `session` (name → text), after checking it is exactly
    /// what the session's cache believes it holds.
    private func serverStatements(of session: Connection) throws -> [String: String] {
        let rows = try session.query("SELECT name, statement FROM pg_prepared_statements")
        var held: [String: String] = [:]
        for row in rows { held[try row.decode(0)] = try row.decode(1) }
        #expect(Set(held.keys) == session.preparedStatementNames)
        return held
    }

    private func names() throws -> [String] {
        try connection.query("SELECT name FROM item ORDER BY id").map { try $0.decode(0, as: String.self) }
    }

    @Test func aStatementIsPreparedOnceAndReusedWithOtherBinds() throws {
        #expect(try connection.query(Self.lookup(1)).single().decode(0, as: String.self) == "one")
        #expect(try connection.query(Self.lookup(2)).single().decode(0, as: String.self) == "two")
        #expect(try connection.query(Self.lookup(3)).isEmpty)
        let held = try serverStatements(of: connection)
        #expect(held.values.filter { $0 == Self.lookup(0).sql }.count == 1)
    }

    @Test func utilityStatementsRunUnnamed() throws {
        try connection.query("SET application_name = 'prepared-tests'")
        try connection.query("CREATE TEMPORARY TABLE scratch (n int)")
        let held = try serverStatements(of: connection)
        #expect(held.values.allSatisfy { $0.hasPrefix("SELECT") })
    }

    @Test func theFirstWordInAnyCaseDecidesWhatIsPrepared() throws {
        let before = connection.preparedStatementNames.count
        try connection.query("  \n with t AS (SELECT 1 AS n) SELECT n FROM t")
        try connection.query("(SELECT 2)")
        try connection.query("values (3)")
        #expect(connection.preparedStatementNames.count == before + 3)
        try connection.query("EXPLAIN SELECT 4")
        try connection.query("SHOW application_name")
        #expect(connection.preparedStatementNames.count == before + 3)
    }

    @Test func theLeastRecentlyUsedAreDeallocatedBeyondTheBound() throws {
        let bounded = try Connection(url: database.ownerURL, settings: ConnectionSettings(preparedStatementLimit: 4))
        let hot = Self.lookup(1)
        for width in 1...12 {
            // A text built from variable parts: each width is a statement of its own.
            var varying: PostgresQuery = "SELECT count(*) FROM item WHERE id IN (\(Int64(0))"
            for id in 1..<width { varying.append(", \(Int64(id))") }
            varying.append(")")
            #expect(try bounded.query(varying).single().decode(0, as: Int64.self) == Int64(min(width - 1, 2)))
            #expect(try bounded.query(hot).single().decode(0, as: String.self) == "one")
        }
        let held = try serverStatements(of: bounded)
        #expect(held.count == 4)
        #expect(held.values.contains(hot.sql))
    }

    @Test func failuresInsideATransactionLeaveTheCacheAsTheServerHasIt() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query(Self.insert(3, "three"))  // prepared here, survives the rollback
                try tx.query("SELECT no_such_column FROM item")  // fails to prepare: not cached
            }
        }
        let refused = #expect(throws: PostgresError.self) {
            try connection.transaction { tx in
                try tx.query(Self.insert(4, "far too long"))  // reused, fails when run
            }
        }
        #expect(refused?.constraint == "item_name_short")
        #expect(try names() == ["one", "two"])
        try connection.query(Self.insert(3, "three"))
        #expect(try names() == ["one", "two", "three"])
        let held = try serverStatements(of: connection)
        #expect(held.values.filter { $0 == Self.insert(0, "").sql }.count == 1)
        #expect(!held.values.contains("SELECT no_such_column FROM item"))
    }

    @Test func aStatementWhoseResultTypeAMigrationChangedIsPreparedAgain() throws {
        let everything: PostgresQuery = "SELECT * FROM item WHERE id = \(Int64(1))"
        #expect(try connection.query(everything).columns.count == 2)
        let migrator = try database.connectAsOwner()
        try migrator.executeScript("ALTER TABLE item ADD COLUMN note text NOT NULL DEFAULT 'n'")
        #expect(try connection.query(everything).columns.map(\.name) == ["id", "name", "note"])

        try migrator.executeScript("ALTER TABLE item ADD COLUMN grade int NOT NULL DEFAULT 7")
        let runs = Atomic<Int>(0)
        let row = try connection.transaction { tx in
            runs.add(1, ordering: .relaxed)
            return try tx.query(everything).single()
        }
        #expect(try row.decode("grade", as: Int32.self) == 7)
        #expect(runs.load(ordering: .relaxed) == 2)
        #expect(try serverStatements(of: connection).values.filter { $0 == everything.sql }.count == 1)
    }

    @Test func aStatementDeallocatedBehindTheCachesBackIsPreparedAgain() throws {
        try connection.query(Self.lookup(1))
        // The last statement of the script is what the cache sees: it cannot tell.
        try connection.executeScript("DEALLOCATE ALL; SELECT 1")
        #expect(try connection.query(Self.lookup(1)).single().decode(0, as: String.self) == "one")

        try connection.executeScript("DEALLOCATE ALL; SELECT 1")
        let runs = Atomic<Int>(0)
        let name = try connection.transaction { tx in
            runs.add(1, ordering: .relaxed)
            return try tx.query(Self.lookup(2)).single().decode(0, as: String.self)
        }
        #expect(name == "two")
        #expect(runs.load(ordering: .relaxed) == 2)
        _ = try serverStatements(of: connection)
    }

    @Test func discardAllAndAReconnectForgetThePreparedStatements() throws {
        try connection.query(Self.lookup(1))
        try connection.query("DISCARD ALL")
        #expect(connection.preparedStatementNames.isEmpty)
        try connection.query(Self.lookup(1))
        #expect(connection.preparedStatementNames.count == 1)
        try connection.reset()
        #expect(connection.preparedStatementNames.isEmpty)
        #expect(try connection.query(Self.lookup(2)).single().decode(0, as: String.self) == "two")
        #expect(try serverStatements(of: connection).count == 2)
    }

    @Test func preparedAndUnnamedRunsReturnTheSameRows() throws {
        let unnamed = try Connection(url: database.ownerURL, settings: ConnectionSettings(preparedStatementLimit: 0))
        let query: PostgresQuery = """
            SELECT \(Int64(42)) AS i8, \(Int32(-7)) AS i4, \("Склад №1") AS t, \(true) AS b, \(1.5) AS f,
                   12.340::numeric(10, 3) AS n, \(Date(timeIntervalSince1970: 1_800_000_000)) AS ts,
                   DATE '2026-12-07' AS d, \(Data([0, 255])) AS bytes, \(nil as String?) AS missing,
                   ARRAY[1, 2]::bigint[] AS list, '{"a": 1}'::jsonb AS doc, i.name
            FROM item i ORDER BY i.id
            """
        for _ in 1...3 {
            #expect(try connection.query(query) == unnamed.query(query))
        }
        let update: PostgresQuery = "UPDATE item SET name = name WHERE id <= \(Int64(2))"
        #expect(try connection.query(update).affectedRows == 2)
        #expect(try unnamed.query(update).affectedRows == 2)
        #expect(unnamed.preparedStatementNames.isEmpty)
        #expect(try serverStatements(of: unnamed).isEmpty)
    }
}
