@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// `erp` run in-process against a test database (see `CLIRun`).
private typealias ProductRun = CLIRun

@Suite("erp product commands")
struct ProductCommandsTests {
    /// A database with an owner `olga` and a storekeeper `kim`.
    private func database() throws -> TestDatabase {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection)
        _ = try Users.add(NewUser(login: "kim", role: .storekeeper), by: owner.principal(channel: .cli), on: connection)
        return db
    }

    private let hammer = ["product", "add", "--sku", "HAM-1", "--name", "Молоток слесарный", "--unit", "pcs",
                          "--price", "100.00", "--vat", "20", "--barcode", "4006381333931"]

    @Test func addCreatesAProductAsTheActingUserAndPrintsTheAPIJSON() throws {
        let db = try database()
        let run = ProductRun(hammer + ["--as", "olga", "--json"], database: db)
        #expect(run.code == 0, "\(run.diagnostics)")
        let json = try ERPJSON.decode(JSONValue.self, from: Array(run.output.utf8))
        #expect(json["sku"] == .string("HAM-1") && json["price"] == .string("100.00") && json["vat_rate"] == .string("22"))
        let entry = try db.connect().query("SELECT actor_login, channel FROM audit_log WHERE action = 'product.create'").single()
        #expect(try entry.decode(0, as: String.self) == "olga" && entry.decode(1, as: String.self) == "cli")
        let again = ProductRun(hammer + ["--as", "olga"], database: db)
        #expect(again.code == 4, "\(again.diagnostics)")
    }

    @Test func addRefusesBadValuesAStorekeeperAndAMissingActingUser() throws {
        let db = try database()
        let bad = ProductRun(["product", "add", "--sku", "X", "--name", "N", "--unit", "pcs", "--price", "abc",
                              "--vat", "18", "--as", "olga"], database: db)
        #expect(bad.code == 6 && bad.diagnostics.hasPrefix("error: invalid values:\n  --price: 'abc' is not valid"), "\(bad.diagnostics)")
        #expect(bad.diagnostics.contains("\n  --vat: "))
        #expect(ProductRun(hammer + ["--as", "kim"], database: db).code == 5)
        #expect(ProductRun(hammer, database: db).code == 2)
        #expect(try db.connect().query("SELECT count(*) FROM products").single().decode(0, as: Int64.self) == 0)
    }

    @Test func listPrintsAnEightyColumnTableWithACountAndShowFindsBySKU() throws {
        let db = try database()
        #expect(ProductRun(hammer + ["--as", "olga"], database: db).code == 0)
        let saw = ["product", "add", "--sku", "SAW-1", "--name", String(repeating: "Ножовка ", count: 12), "--unit", "pcs",
                   "--price", "350.50", "--vat", "none", "--as", "olga"]
        #expect(ProductRun(saw, database: db).code == 0)
        let list = ProductRun(["product", "list", "--as", "kim"], database: db)
        #expect(list.code == 0, "\(list.diagnostics)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.last?.contains("2 products") == true)
        #expect(list.output.contains("HAM-1") && list.output.contains("350.50"))
        let found = ProductRun(["product", "list", "--q", "малоток", "--as", "kim"], database: db)
        #expect(found.code == 0 && found.output.contains("HAM-1") && !found.output.contains("SAW-1"))
        let show = ProductRun(["product", "show", "ham-1", "--as", "kim"], database: db)
        #expect(show.code == 0 && show.output.contains("4006381333931"))
        #expect(ProductRun(["product", "show", "NOPE", "--as", "kim"], database: db).code == 3)
    }

    @Test func importChecksTheWholeFileAndExportPrintsCSV() throws {
        let db = try database()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("products-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("sku,name,unit,price,vat_rate\nHAM-1,Молоток,pcs,100.00,20\nBAD,,pcs,1.00,20\n".utf8).write(to: URL(fileURLWithPath: file))
        let bad = ProductRun(["product", "import", file, "--as", "olga"], database: db)
        #expect(bad.code == 6 && bad.diagnostics.contains("line 3"), "\(bad.diagnostics)")
        try Data("sku,name,unit,price,vat_rate\nHAM-1,Молоток,pcs,100.00,20\n".utf8).write(to: URL(fileURLWithPath: file))
        let dry = ProductRun(["product", "import", file, "--dry-run", "--as", "olga"], database: db)
        #expect(dry.code == 0 && dry.diagnostics.contains("dry run"))
        #expect(ProductRun(["product", "import", file, "--as", "olga"], database: db).code == 0)
        let export = ProductRun(["product", "export", "--as", "kim"], database: db)
        #expect(export.code == 0 && export.output.contains("HAM-1,Молоток,pcs,goods"))
        #expect(ProductRun(["product", "import", "/nonexistent.csv", "--as", "olga"], database: db).code == 3)
    }

    @Test func aLargeImportDrawsAProgressBarThatEndsTheLine() {
        #expect(ProgressBar.render("importing", done: 0, of: 100_000) == "\rimporting [" + String(repeating: " ", count: 30) + "] 0/100000")
        #expect(ProgressBar.render("importing", done: 50_000, of: 100_000)
            == "\rimporting [" + String(repeating: "#", count: 15) + String(repeating: " ", count: 15) + "] 50000/100000")
        #expect(ProgressBar.render("importing", done: 100_000, of: 100_000).hasSuffix("] 100000/100000\n"))
    }

    @Test func intoAFileTheProgressIsALinePerTenthNotCarriageReturns() {
        let written = Mutex("")
        let context = CommandContext(settings: ERPSettings(environment: [:], currentDirectory: "/tmp"), output: { _ in },
                                     diagnostics: { text in written.withLock { $0 += text } }, input: { "" })
        let bar = ProgressBar(label: "importing", context: context, interactive: false)
        for done in stride(from: 0, through: 100_000, by: 2_500) { bar.update(done, of: 100_000) }
        bar.label = "checking  "
        bar.update(100_000, of: 100_000)
        #expect(written.withLock { $0 } == (0...10).map { "importing \($0 * 10)%\n" }.joined() + "checking 100%\n")
    }
}
