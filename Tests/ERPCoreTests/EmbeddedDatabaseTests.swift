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

        var connection = try Connection(url: database.url)
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
        connection = try Connection(url: database.url)
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
}
