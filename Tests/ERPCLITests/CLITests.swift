@testable import ERPCLI
import ERPCore
import Foundation
import Synchronization
import Testing
import TestSupport

/// Runs `erp` in-process with captured streams, exactly as `CLI.run` does for the real program,
/// on a fixed clock.
struct CLIRun {
    /// 2026-11-30T00:53:20Z, the clock of every command a test runs.
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    let code: Int32
    let output: String
    let diagnostics: String

    init(_ arguments: [String], environment: [String: String] = [:], input: String = "", currentDirectory: String = "/tmp",
         at now: Date = Self.now) {
        let out = Mutex("")
        let err = Mutex("")
        let context = CommandContext(
            settings: ERPSettings(environment: environment, currentDirectory: currentDirectory),
            output: { text in out.withLock { $0 += text } },
            diagnostics: { text in err.withLock { $0 += text } },
            input: { input },
            time: .fixed(now)
        )
        code = CLI.run(arguments, context: context)
        output = out.withLock { $0 }
        diagnostics = err.withLock { $0 }
    }

    /// Runs against `database` (as `ERP_DATABASE_URL`), with any further environment, on the clock at `now`.
    init(_ arguments: [String], database: TestDatabase, environment: [String: String] = [:], input: String = "",
         at now: Date = Self.now) {
        self.init(arguments, environment: environment.merging(["ERP_DATABASE_URL": database.url]) { given, _ in given },
                  input: input, at: now)
    }
}

@Suite("The erp command line")
struct CLITests {
    @Test(arguments: [["frobnicate"], ["db"], ["db", "start", "--frobnicate"], ["migrate", "extra"], ["db", "start", "--json=1"]])
    func usageErrorsExitTwoWithAOneLineErrorAndAHint(_ arguments: [String]) {
        let run = CLIRun(arguments)
        #expect(run.code == 2)
        #expect(run.diagnostics.hasPrefix("error: "))
        #expect(run.diagnostics.contains("hint: "))
        #expect(run.output.isEmpty)
    }

    @Test func invalidValuesPrintOneReasonPerLineNamedByFlagAndInRowOrder() {
        let errors = Mutex("")
        let context = CommandContext(settings: ERPSettings(environment: [:], currentDirectory: "/tmp"), output: { _ in },
                                     diagnostics: { text in errors.withLock { $0 += text } }, input: { "" })
        let spec = CommandSpec(name: "add", summary: "", options: [.value("min-stock", "QTY", summary: "")])
        let error = ERPError.validationFailed(fields: ["row 10.kind": "unknown", "row 2.inn": "bad checksum", "min_stock": "negative"])
        #expect(CLI.report(error, command: spec, context: context) == 6)
        #expect(errors.withLock { $0 } == "error: invalid values:\n  --min-stock: negative\n  row 2.inn: bad checksum\n"
                + "  row 10.kind: unknown\n")
    }

    @Test func unknownOptionSuggestsTheClosestOne() {
        let run = CLIRun(["migrate", "--stauts"])
        #expect(run.code == 2)
        #expect(run.diagnostics.contains("--status"))
    }

    @Test func versionAndHelpGoToStdoutAndExitZero() {
        let version = CLIRun(["--version"])
        #expect(version.code == 0)
        #expect(version.output == "erp \(CLI.version)\n")
        let help = CLIRun(["--help"])
        #expect(help.code == 0)
        #expect(help.output.contains("db"))
        #expect(help.output.contains("migrate"))
        let commandHelp = CLIRun(["migrate", "--help"])
        #expect(commandHelp.code == 0)
        #expect(commandHelp.output.contains("--status"))
    }

    @Test func everyCommandHasHelpThatFitsEightyColumns() {
        for command in CLI.commands {
            let run = CLIRun(command.path + ["--help"])
            #expect(run.code == 0, "\(command.path)")
            #expect(run.output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(command.path)")
        }
    }

    @Test func migrateStatusListsMigrationsOfAnExternalDatabaseAsItsOwner() throws {
        let database = try TestDatabase.make()
        let environment = ["ERP_DATABASE_URL": database.url, "ERP_MIGRATE_DATABASE_URL": database.ownerURL]
        let run = CLIRun(["migrate", "--status"], environment: environment)
        #expect(run.code == 0, "\(run.diagnostics)")
        #expect(run.output.contains("0001_core.sql"))
        #expect(run.output.contains("applied"))
        let json = CLIRun(["migrate", "--status", "--json"], environment: environment)
        #expect(json.output.hasPrefix("{\"migrations\":["))
        let migrate = CLIRun(["migrate"], environment: environment)
        #expect(migrate.code == 0)
        #expect(migrate.diagnostics.contains("up to date"))
    }

    @Test func migratingAsTheApplicationRoleIsRefused() throws {
        let database = try TestDatabase.make()
        let run = CLIRun(["migrate"], environment: ["ERP_DATABASE_URL": database.url])
        #expect(run.code != 0)
        #expect(run.diagnostics.contains("permission denied"), "\(run.diagnostics)")
    }

    @Test func commandsWarnWhenConnectedAsTheTablesOwner() throws {
        let database = try TestDatabase.make()
        let asOwner = CLIRun(["user", "list"], environment: ["ERP_DATABASE_URL": database.ownerURL])
        #expect(asOwner.diagnostics.contains("warning: connected to the database as 'erp_owner', the owner of its tables"))
        let asApplication = CLIRun(["user", "list"], environment: ["ERP_DATABASE_URL": database.url])
        #expect(!asApplication.diagnostics.contains("warning"), "\(asApplication.diagnostics)")
        let asSuperuser = CLIRun(["user", "list"], environment: ["ERP_DATABASE_URL": try TestDatabase.cluster().url(database: database.name)])
        #expect(asSuperuser.diagnostics.contains("warning: connected to the database as superuser"))
    }

    @Test func anUnreachableDatabaseExitsSeven() {
        let run = CLIRun(["migrate"], environment: ["ERP_DATABASE_URL": "postgresql://nobody@/nodb?host=/nonexistent&connect_timeout=1"])
        #expect(run.code == 7)
        #expect(run.diagnostics.hasPrefix("error: "))
    }

    @Test func dbURLPrintsTheExternalURLWhenSet() {
        let run = CLIRun(["db", "url"], environment: ["ERP_DATABASE_URL": "postgresql://a@db/erp"])
        #expect(run.output == "postgresql://a@db/erp\n")
        let owner = CLIRun(["db", "url", "--owner"], environment: [
            "ERP_DATABASE_URL": "postgresql://a@db/erp", "ERP_MIGRATE_DATABASE_URL": "postgresql://o@db/erp",
        ])
        #expect(owner.output == "postgresql://o@db/erp\n")
    }

    @Test func tablesFitTheirWidthAndAlignNumbers() {
        var table = TextTable([.init("PRODUCT"), .init("QTY", .right)])
        table.append([String(repeating: "Болт оцинкованный ", count: 10), "5.000"])
        table.append(["Гайка", "120.500"])
        table.footer = ["Total", "125.500"]
        let lines = table.render(width: 40).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines[1].hasSuffix("  5.000"))
        #expect(lines.last?.hasSuffix("125.500") == true)
    }
}
