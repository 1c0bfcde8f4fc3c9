@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("erp demo")
struct DemoCommandsTests {
    @Test func demoLoadsAnEmptyDatabaseThenCheckIsCleanAndASecondLoadIsRefused() throws {
        let db = try TestDatabase.make()
        let loaded = CLIRun(["demo", "--size", "small"], database: db)
        #expect(loaded.code == 0, "\(loaded.diagnostics)")
        // Not on a terminal: a line per step of the history, no carriage returns.
        #expect(loaded.diagnostics.contains("demo history") && loaded.diagnostics.contains("demo done 100%\n"))
        #expect(!loaded.diagnostics.contains("\r"))
        #expect(loaded.output.contains("Demo business \"small\""))
        #expect(loaded.output.contains("stock moves") && loaded.output.contains("orders by status: draft"))
        #expect(loaded.output.contains("elena") && loaded.output.contains("accountant") && loaded.output.contains("demo-password"))
        let token = try #require(loaded.output.split(separator: "\n").last?.split(separator: " ").last.map(String.init))
        #expect(token.hasPrefix("erp_"))
        let connection = try db.connect()
        defer { connection.close() }
        #expect(try Tokens.authenticate(token: token, channel: .api, in: connection).login == "owner")

        let check = CLIRun(["check"], database: db)
        #expect(check.code == 0, "\(check.output)")
        #expect(check.diagnostics.contains("all invariants hold"))
        let report = CLIRun(["report", "receivables", "--as", "elena"], database: db)
        #expect(report.code == 0 && report.output.contains("ООО «"))

        let again = CLIRun(["demo"], database: db)
        #expect(again.code == 4)
        #expect(again.diagnostics.contains("not empty"))
    }

    @Test func aDatabaseWithAProductIsRefusedAndKeptAsItWas() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        _ = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"),
                                                   vatRate: .percent20), by: owner, on: connection)
        let run = CLIRun(["demo", "--size", "small"], database: db)
        #expect(run.code == 4)
        #expect(run.diagnostics.hasPrefix("error: Cannot load the demo into this database"))
        #expect(try Users.list(by: owner, on: connection).items.map(\.login) == ["olga"])

        let notes = Mutex("")
        let context = CommandContext(settings: ERPSettings(environment: [:], currentDirectory: "/tmp"), output: { _ in },
                                     diagnostics: { text in notes.withLock { $0 += text } }, input: { "" })
        #expect(try DemoCommands.loadIfEmpty(.small, url: db.url, context: context) == nil)
        #expect(notes.withLock { $0 }.contains("already has business data"))
    }

    @Test func anUnknownSizeIsAUsageError() {
        let run = CLIRun(["demo", "--size", "huge"])
        #expect(run.code == 2)
        #expect(run.diagnostics.contains("small, medium or large"))
        #expect(CLIRun(["serve", "--demo", "--demo-size", "tiny"]).code == 2)
    }
}
