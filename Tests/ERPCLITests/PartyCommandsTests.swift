@testable import ERPCLI
import ERPCore
import Foundation
import Parties
import Postgres
import Synchronization
import Testing
import TestSupport

/// `erp` run in-process against a test database (see `CLIRun`).
private typealias PartyRun = CLIRun

@Suite("erp party commands")
struct PartyCommandsTests {
    /// A database with an owner `olga` and a manager `kate`.
    static func database() throws -> TestDatabase {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        _ = try Users.add(NewUser(login: "kate", role: .manager), by: owner, on: connection)
        return db
    }

    static let sber = ["party", "add", "--kind", "company", "--name", "Sberbank", "--inn", "7707083893",
                       "--kpp", "773601001", "--client", "--bic", "044525225", "--account", "40702810938000012345"]

    @Test func addPrintsTheIdOrTheAPIJSONAndIsAuditedAsTheActingUser() throws {
        let db = try Self.database()
        let added = PartyRun(Self.sber + ["--as", "olga"], database: db)
        #expect(added.code == 0, "\(added.diagnostics)")
        let id = added.output.trimmingCharacters(in: .newlines)
        #expect(Int64(id) != nil && added.diagnostics.contains("created party Sberbank"))

        let json = PartyRun(["party", "add", "--kind", "person", "--name", "Ivan", "--inn", "500100732259", "--supplier",
                             "--phone", "8 916 123 45 67", "--as", "kate", "--json"], database: db)
        #expect(json.code == 0, "\(json.diagnostics)")
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.output.utf8))
        #expect(value["kind"] == .string("person") && value["is_supplier"] == .bool(true))
        #expect(value["phones"] == .array([.string("79161234567")]) && value["owner_id"] != .null)

        let connection = try db.connect()
        defer { connection.close() }
        let audit = try connection.query("SELECT channel, actor_login FROM audit_log WHERE action = 'party.create' ORDER BY id")
        #expect(try audit.map { try $0.decode(0, as: String.self) + ":" + $0.decode(1, as: String.self) } == ["cli:olga", "cli:kate"])
    }

    @Test func addFailuresHaveTheirExitCodes() throws {
        let db = try Self.database()
        let invalid = PartyRun(["party", "add", "--kind", "company", "--name", "X", "--inn", "7707083894",
                                "--bic", "044525225", "--account", "40702810938000012346", "--as", "olga"], database: db)
        #expect(invalid.code == 6 && invalid.diagnostics.contains("inn") && invalid.diagnostics.contains("bank.account"))
        #expect(PartyRun(Self.sber, database: db).code == 2)  // no --as
        #expect(PartyRun(["party", "add", "--kind", "robot", "--name", "X", "--as", "olga"], database: db).code == 2)
        #expect(PartyRun(Self.sber + ["--as", "olga"], database: db).code == 0)
        #expect(PartyRun(Self.sber + ["--as", "olga"], database: db).code == 4)  // duplicate INN+KPP
        #expect(PartyRun(Self.sber + ["--as", "nobody"], database: db).code == 3)
    }

    @Test func listPrintsAnEightyColumnTableWithTheCountAndShowFindsByINNOrID() throws {
        let db = try Self.database()
        #expect(PartyRun(Self.sber + ["--as", "olga"], database: db).code == 0)
        let long = String(repeating: "Very Long Name ", count: 10)
        #expect(PartyRun(["party", "add", "--kind", "company", "--name", long, "--supplier", "--as", "olga"], database: db).code == 0)
        let list = PartyRun(["party", "list", "--as", "olga"], database: db)
        #expect(list.code == 0, "\(list.diagnostics)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(list.output)")
        #expect(lines.last?.contains("2 parties") == true)
        #expect(list.output.contains("7707083893") && list.output.contains("client"))

        let search = PartyRun(["party", "list", "--q", "sber", "--as", "olga", "--json"], database: db)
        let page = try JSONDecoder().decode(JSONValue.self, from: Data(search.output.utf8))
        #expect(search.code == 0 && page["items"] .map { if case .array(let items) = $0 { items.first?["name"] == .string("Sberbank") } else { false } } == true && page["next_cursor"] == .null)
        // Kate (a manager) does not see Olga's parties.
        #expect(PartyRun(["party", "list", "--as", "kate"], database: db).output.contains("0 parties"))

        let byINN = PartyRun(["party", "show", "7707083893", "--as", "olga"], database: db)
        #expect(byINN.code == 0 && byINN.output.contains("Sberbank") && byINN.output.contains("044525225"))
        let byID = PartyRun(["party", "show", "1", "--as", "olga", "--json"], database: db)
        #expect(byID.code == 0 && byID.output.contains("\"inn\":\"7707083893\""))
        #expect(PartyRun(["party", "show", "7707083893", "--as", "kate"], database: db).code == 3)
        #expect(PartyRun(["party", "show", "abc", "--as", "olga"], database: db).code == 3)
    }

    @Test func exportThenImportRoundTripsAndABadFileChangesNothing() throws {
        let db = try Self.database()
        #expect(PartyRun(Self.sber + ["--as", "olga", "--tag", "=cmd"], database: db).code == 0)
        let file = NSTemporaryDirectory() + "parties-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let export = PartyRun(["party", "export", "--output", file, "--as", "olga"], database: db)
        #expect(export.code == 0, "\(export.diagnostics)")
        let csv = try String(contentsOfFile: file, encoding: .utf8)
        #expect(csv.contains("'=cmd") && csv.hasPrefix("kind,name,"))
        let stdout = PartyRun(["party", "export", "--as", "olga"], database: db)
        #expect(stdout.code == 0 && stdout.output == csv)

        let dry = PartyRun(["party", "import", file, "--dry-run", "--as", "olga", "--json"], database: db)
        #expect(dry.code == 0 && dry.output.contains("\"unchanged\":1") && dry.output.contains("\"dry_run\":true"))
        let again = PartyRun(["party", "import", file, "--as", "olga"], database: db)
        #expect(again.code == 0 && again.diagnostics.contains("1 unchanged"))

        try (csv + "robot,X,,,7707083894,,,,,,,,,,,\r\n").write(toFile: file, atomically: true, encoding: .utf8)
        let bad = PartyRun(["party", "import", file, "--as", "olga"], database: db)
        #expect(bad.code == 6 && bad.diagnostics.contains("row 3.kind"), "\(bad.diagnostics)")
        #expect(PartyRun(["party", "import", "/nonexistent.csv", "--as", "olga"], database: db).code == 3, "a missing file is not found, as for products")
        let connection = try db.connect()
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM parties").single().decode(0, as: Int64.self) == 1)
        #expect(try connection.query("SELECT count(*) FROM audit_log WHERE action = 'party.export'").single()
            .decode(0, as: Int64.self) == 2)
    }
}
