import ERPCore
import Foundation
import Postgres
import Testing

@Suite("The embedded database starts, stops and keeps its data")
struct EmbeddedDatabaseTests {
    @Test func startTwiceIsHarmlessAndStopThenStartKeepsTheData() throws {
        var template = Array("/tmp/erp-home-XXXXXX".utf8CString)
        let home = String(cString: try #require(mkdtemp(&template)))
        chmod(home, 0o755)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let database = try EmbeddedDatabase(home: home, options: .init(port: 5433))
        defer { try? database.cluster.stop(immediate: true) }

        #expect(try database.cluster.status() == .notInitialized)
        try database.start()
        try database.start()
        #expect(try database.cluster.status() == .running)

        var connection = try Connection(url: database.ownerURL)
        try connection.executeScript("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('Склад №1');")
        // The private cluster listens on no TCP port and only on its own socket directory.
        #expect(try connection.query("SHOW listen_addresses").single().decode(0, as: String.self) == "")
        #expect(try connection.query("SHOW fsync").single().decode(0, as: String.self) == "on")
        #expect(try connection.query("SHOW synchronous_commit").single().decode(0, as: String.self) == "on")
        #expect(try connection.query("SHOW log_parameter_max_length").single().decode(0, as: String.self) == "0")
        connection.close()

        try database.cluster.stop()
        try database.cluster.stop()
        #expect(try database.cluster.status() == .stopped)
        try database.start()
        connection = try Connection(url: database.ownerURL)
        defer { connection.close() }
        #expect(try connection.query("SELECT note FROM kept").single().decode(0, as: String.self) == "Склад №1")
        let attributes = try FileManager.default.attributesOfItem(atPath: database.cluster.socketDirectory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aSocketPathTooLongForUnixSocketsIsAClearError() {
        let home = "/tmp/" + String(repeating: "x", count: 120)
        let error = #expect(throws: LocalClusterError.self) { _ = try EmbeddedDatabase(home: home) }
        #expect(error?.message.contains("longer than Unix sockets allow") == true)
    }

    @Test func aDatabaseMadeByAnOlderErpIsHandedToTheOwnerAndRunAsTheApplicationRole() throws {
        var template = Array("/tmp/erp-home-XXXXXX".utf8CString)
        let home = String(cString: try #require(mkdtemp(&template)))
        chmod(home, 0o755)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let database = try EmbeddedDatabase(home: home)
        defer { try? database.cluster.stop(immediate: true) }
        // What erp did before the roles: the cluster's superuser made, migrated and used the database.
        try database.cluster.start()
        try database.cluster.createDatabase(EmbeddedDatabase.databaseName)
        let old = try Connection(url: database.cluster.url(database: EmbeddedDatabase.databaseName))
        try Migrations.migrate(old, migrations: Migrations.embedded.filter { $0.name < "0011" })
        old.close()

        let url = try DatabaseLocation.resolve(ERPSettings(environment: ["ERP_HOME": home]))
        #expect(url == database.url)
        let app = try Connection(url: url)
        defer { app.close() }
        #expect(try DatabaseRoles.privilegeWarning(on: app) == nil)
        let owners = try app.query("""
            SELECT (SELECT datdba::regrole::text FROM pg_database WHERE datname = current_database()),
                   (SELECT string_agg(DISTINCT tableowner::text, ',') FROM pg_tables WHERE schemaname = 'public'),
                   (SELECT proowner::regrole::text FROM pg_proc WHERE proname = 'refuse_append_only_change'),
                   has_table_privilege('audit_log', 'INSERT'), has_table_privilege('audit_log', 'DELETE'),
                   has_table_privilege('stock_moves', 'UPDATE'), has_table_privilege('erp_migrations', 'SELECT')
            """).single()
        #expect(try owners.decode(0, as: String.self) == DatabaseRoles.owner)
        #expect(try owners.decode(1, as: String.self) == DatabaseRoles.owner)
        #expect(try owners.decode(2, as: String.self) == DatabaseRoles.owner)
        #expect(try owners.decode(3, as: Bool.self))
        #expect(try !owners.decode(4, as: Bool.self))
        #expect(try !owners.decode(5, as: Bool.self))
        #expect(try !owners.decode(6, as: Bool.self))
        let owner = try Connection(url: database.ownerURL)
        defer { owner.close() }
        #expect(try Migrations.status(owner).allSatisfy { if case .applied = $0.status { true } else { false } })
    }
}
