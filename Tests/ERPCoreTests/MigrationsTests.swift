import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("Migrations apply once, in order, and refuse edited history")
struct MigrationsTests {
    /// A database with nothing in it, not even the ERP's migrations.
    private func emptyDatabase() throws -> Connection {
        let cluster = try TestDatabase.cluster()
        let name = "empty_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try cluster.createDatabase(name)
        return try Connection(url: cluster.url(database: name))
    }

    private let first = Migration(name: "0001_a.sql", sql: "CREATE TABLE a (x int);")
    private let second = Migration(name: "0002_b.sql", sql: "CREATE TABLE b (y int); INSERT INTO b VALUES (1);")

    @Test func embeddedMigrationsAreExactlyTheFilesInSqlDirectory() throws {
        // A stale build (a file added without `touch Package.swift`) fails here.
        let sql = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../sql").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: sql.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(Migrations.embedded.map(\.name) == files)
        for migration in Migrations.embedded {
            let text = try String(contentsOf: sql.appendingPathComponent(migration.name), encoding: .utf8)
            #expect(migration.sql == text, "\(migration.name) differs from the embedded copy")
        }
    }

    @Test func firstMigrationEnablesTheExtensionsWeRelyOn() throws {
        let connection = try TestDatabase.make().connect()
        let names = try connection.query("SELECT extname FROM pg_extension ORDER BY 1").map { try $0.decode(0, as: String.self) }
        #expect(names.contains("pgcrypto"))
        #expect(names.contains("pg_trgm"))
    }

    @Test func migratingTwiceAppliesNothingTheSecondTime() throws {
        let connection = try emptyDatabase()
        #expect(try Migrations.migrate(connection, migrations: [first, second]) == ["0001_a.sql", "0002_b.sql"])
        #expect(try Migrations.migrate(connection, migrations: [first, second]) == [])
        #expect(try connection.query("SELECT count(*) FROM b").single().decode(0, as: Int64.self) == 1)
        let states = try Migrations.status(connection, migrations: [first, second])
        #expect(states.allSatisfy { if case .applied = $0.status { true } else { false } })
    }

    @Test func statusListsPendingMigrations() throws {
        let connection = try emptyDatabase()
        try Migrations.migrate(connection, migrations: [first])
        let states = try Migrations.status(connection, migrations: [first, second])
        #expect(states.map(\.name) == ["0001_a.sql", "0002_b.sql"])
        #expect(states[1].status == .pending)
    }

    @Test func refusesToRunWhenAnAppliedMigrationChanged() throws {
        let connection = try emptyDatabase()
        try Migrations.migrate(connection, migrations: [first])
        let edited = Migration(name: first.name, sql: "CREATE TABLE a (x bigint);")
        let error = #expect(throws: MigrationError.self) {
            try Migrations.migrate(connection, migrations: [edited, second])
        }
        #expect(error?.message.contains("0001_a.sql") == true)
        #expect(error?.message.contains("changed") == true)
        // Nothing after the refusal ran.
        #expect(try connection.query("SELECT to_regclass('b') IS NULL").single().decode(0, as: Bool.self))
    }

    @Test func refusesADatabaseMigratedByANewerBinary() throws {
        let connection = try emptyDatabase()
        try Migrations.migrate(connection, migrations: [first, second])
        let error = #expect(throws: MigrationError.self) { try Migrations.migrate(connection, migrations: [first]) }
        #expect(error?.message.contains("newer") == true)
    }

    @Test func aFailingMigrationRollsBackAndKeepsEarlierOnes() throws {
        let connection = try emptyDatabase()
        let broken = Migration(name: "0002_b.sql", sql: "CREATE TABLE b (y int); SELECT * FROM missing_table;")
        #expect(throws: PostgresError.self) { try Migrations.migrate(connection, migrations: [first, broken]) }
        #expect(try connection.query("SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NULL").single().decode(1, as: Bool.self))
        #expect(try Migrations.status(connection, migrations: [first, broken]).map(\.status) == [
            try Migrations.status(connection, migrations: [first])[0].status, .pending,
        ])
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() throws {
        let cluster = try TestDatabase.cluster()
        let name = "race_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try cluster.createDatabase(name)
        let migrations = (1...5).map { Migration(name: String(format: "%04d_m.sql", $0), sql: "CREATE TABLE m\($0) (x int);") }
        let appliedCount = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let connection = try Connection(url: cluster.url(database: name))
                    defer { connection.close() }
                    appliedCount.add(try Migrations.migrate(connection, migrations: migrations).count, ordering: .relaxed)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])
        #expect(appliedCount.load(ordering: .relaxed) == 5)
    }
}
