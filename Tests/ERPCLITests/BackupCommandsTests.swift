@testable import ERPCLI
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

/// An owner backs up the shop and brings it back on a new machine: every row, every report, every
/// login — and a damaged file or a database that already holds data is refused without harm.
@Suite("erp backup and erp restore")
struct BackupCommandsTests {
    @Test func aBackupOfTheDemoRestoredIntoAFreshHomeChecksCleanWithIdenticalReportsAndLogins() throws {
        let db = try TestDatabase.make()
        #expect(CLIRun(["demo", "--size", "small"], database: db).code == 0)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/shop.erpbackup"
        let backup = CLIRun(["backup", file], database: db, environment: ["ERP_MIGRATE_DATABASE_URL": db.ownerURL])
        #expect(backup.code == 0, "\(backup.diagnostics)")
        #expect(backup.output.hasPrefix(file + ": ") && backup.diagnostics.contains("verifying"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["shop.erpbackup"])

        let home = ["ERP_HOME": scratch.path + "/home"]
        let restore = CLIRun(["restore", file], environment: home)
        #expect(restore.code == 0, "\(restore.diagnostics)")
        #expect(restore.diagnostics.contains("row counts match; check: all invariants hold"))
        #expect(restore.output.contains("stock_moves"))
        #expect(CLIRun(["check"], environment: home).code == 0)
        for report in ["stock", "revenue", "receivables", "write-offs", "movements", "pipeline"] {
            let original = CLIRun(["report", report, "--as", "elena", "--format", "json"], database: db)
            let restored = CLIRun(["report", report, "--as", "elena", "--format", "json"], environment: home)
            #expect(original.code == 0 && restored.code == 0 && original.output == restored.output, "\(report)")
        }
        let restoredURL = try EmbeddedDatabase(home: scratch.path + "/home").url
        let connection = try Connection(url: restoredURL)
        defer { connection.close() }
        let login = try Login.attempt(login: "elena", password: "demo-password", time: .fixed(CLIRun.now), on: connection)
        #expect(try Tokens.authenticate(token: login.token, channel: .api, time: .fixed(CLIRun.now), in: connection).login == "elena")
    }

    @Test func aBackupWithOneByteChangedIsRefusedAndTheTargetStaysEmpty() throws {
        let db = try TestDatabase.make()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/shop.erpbackup"
        #expect(CLIRun(["backup", file], database: db, environment: ["ERP_MIGRATE_DATABASE_URL": db.ownerURL]).code == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: file))
        let manifestEnd = try #require(original.firstIndex(of: 0x0A).flatMap { original[($0 + 1)...].firstIndex(of: 0x0A) })
        let empty = try EmptyDatabase()
        defer { empty.drop() }

        for (offset, reason) in [(original.count - 100, "its database dump does not match"), (manifestEnd - 10, "its manifest does not match")] {
            var damaged = original
            damaged[offset] ^= 0x01
            try damaged.write(to: URL(fileURLWithPath: file))
            let restore = CLIRun(["restore", file], environment: empty.environment)
            #expect(restore.code == 6)
            #expect(restore.diagnostics.contains("is damaged: \(reason)"), "\(restore.diagnostics)")
            #expect(try empty.tableCount() == 0)
        }

        try original.write(to: URL(fileURLWithPath: file))
        let restore = CLIRun(["restore", file], environment: empty.environment)
        #expect(restore.code == 0, "\(restore.diagnostics)")
        #expect(try empty.tableCount() > 20)
    }

    @Test func aDatabaseWithDataIsRefusedWithoutForceAndReplacedWithItKeepingTheOldOne() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let home = ["ERP_HOME": scratch.path + "/home"]
        let embedded = try EmbeddedDatabase(home: scratch.path + "/home")
        #expect(CLIRun(["user", "add", "--login", "olga", "--role", "owner"], environment: home).code == 0)
        let file = scratch.path + "/olga.erpbackup"
        #expect(CLIRun(["backup", file], environment: home).code == 0)
        #expect(CLIRun(["user", "add", "--login", "boris", "--role", "storekeeper", "--as", "olga"], environment: home).code == 0)

        let refused = CLIRun(["restore", file], environment: home)
        #expect(refused.code == 4)
        #expect(refused.diagnostics.contains("is not empty; give --force"))
        #expect(try logins(embedded.url) == ["boris", "olga"])

        let forced = CLIRun(["restore", file, "--force", "--json"], environment: home)
        #expect(forced.code == 0, "\(forced.diagnostics)")
        #expect(try logins(embedded.url) == ["olga"])
        let kept = try #require(forced.output.firstMatch(of: /"previous_database":"([a-z0-9_]+)"/)).1
        #expect(try logins(embedded.cluster.url(database: String(kept), user: DatabaseRoles.owner)) == ["boris", "olga"])
        #expect(CLIRun(["check"], environment: home).code == 0)
    }

    private func logins(_ url: String) throws -> [String] {
        let connection = try Connection(url: url)
        defer { connection.close() }
        return try connection.query("SELECT login FROM users ORDER BY login").map { try $0.decode(0, as: String.self) }
    }
}

/// A temporary directory for backup files and homes.
struct Scratch {
    let path: String

    init() throws {
        var template = Array("/tmp/erp-backup-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LocalClusterError("cannot make a temporary directory") }
        path = String(cString: made)
        chmod(path, 0o755)
    }

    func remove() {
        if let embedded = try? EmbeddedDatabase(home: path + "/home") { try? embedded.cluster.stop(immediate: true) }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A database with no tables in the test cluster, as an external `ERP_DATABASE_URL`.
private struct EmptyDatabase {
    let name = "empty_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    let cluster: LocalCluster

    init() throws {
        cluster = try TestDatabase.cluster()
        try cluster.createDatabase(name, owner: DatabaseRoles.owner)
    }

    var environment: [String: String] {
        ["ERP_DATABASE_URL": cluster.url(database: name, user: DatabaseRoles.application),
         "ERP_MIGRATE_DATABASE_URL": cluster.url(database: name, user: DatabaseRoles.owner)]
    }

    func tableCount() throws -> Int {
        let connection = try Connection(url: cluster.url(database: name))
        defer { connection.close() }
        return try connection.query("SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public'").single().decode(0)
    }

    func drop() {
        guard let admin = try? Connection(url: cluster.url(database: "postgres")) else { return }
        defer { admin.close() }
        _ = try? admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}
