@testable import ERPCLI
import ERPCore
import Foundation
import Testing

/// A server's settings in `erp.conf`: the environment wins over the file, `erp config` shows the
/// result with passwords masked, and a file with a mistake stops every command before it acts.
@Suite("erp config")
struct ConfigCommandsTests {
    @Test func theEnvironmentOverridesTheFileAndConfigMasksPasswords() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/home", withIntermediateDirectories: true)
        try """
            # the shop's server
            ERP_DATABASE_URL = postgresql://erp_app:app-secret@db.example/erp
            ERP_LISTEN=127.0.0.1:9000
            ERP_BACKUP_KEEP_DAILY=3

            """.write(toFile: scratch.path + "/home/erp.conf", atomically: true, encoding: .utf8)
        let environment = ["ERP_HOME": scratch.path + "/home", "ERP_LISTEN": "127.0.0.1:9100"]
        let settings = ERPSettings(environment: environment, currentDirectory: "/")
        #expect(settings.databaseURL == "postgresql://erp_app:app-secret@db.example/erp")
        #expect(settings.listen == "127.0.0.1:9100" && settings.backupRetention.daily == 3 && settings.backupRetention.weekly == 4)

        let run = CLIRun(["config"], environment: environment)
        #expect(run.code == 0, "\(run.diagnostics)")
        #expect(!run.output.contains("app-secret"))
        #expect(run.output.contains("ERP_LISTEN") && run.output.contains("environment"))
        let json = CLIRun(["config", "--json"], environment: environment)
        #expect(json.code == 0 && !json.output.contains("app-secret"))
        let rows = try JSONDecoder().decode([String: [String: String?]].self, from: Data(json.output.utf8))
        let file = scratch.path + "/home/erp.conf"
        #expect(rows["ERP_DATABASE_URL"] == ["value": "postgresql://erp_app:***@db.example/erp", "from": file])
        #expect(rows["ERP_LISTEN"] == ["value": "127.0.0.1:9100", "from": "environment"])
        #expect(rows["ERP_BACKUP_KEEP_DAILY"] == ["value": "3", "from": file])
        #expect(rows["ERP_BACKUP_AT"] == ["value": "03:00", "from": "default"])
        #expect(rows["ERP_USER"] == ["value": nil, "from": "default"])
        #expect(rows["ERP_HOME"] == ["value": scratch.path + "/home", "from": "environment"])
        #expect(run.diagnostics.contains("configuration file: \(scratch.path)/home/erp.conf"))
    }

    @Test func aFileWithAMistakeStopsEveryCommandNamingTheLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = scratch.path + "/erp.conf"
        try "ERP_LISTEN=127.0.0.1:9000\nERP_LISTN=127.0.0.1:9001\nnonsense\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["ERP_HOME": scratch.path + "/home", "ERP_CONFIG": file]
        for command in [["config"], ["user", "list"]] {
            let run = CLIRun(command, environment: environment)
            #expect(run.code == 6)
            #expect(run.diagnostics.contains("\(file) line 2: unknown setting 'ERP_LISTN'"), "\(run.diagnostics)")
            #expect(run.diagnostics.contains("\(file) line 3: expected KEY=value"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/home"))  // nothing was started

        let missing = CLIRun(["config"], environment: ["ERP_HOME": scratch.path + "/home", "ERP_CONFIG": scratch.path + "/none.conf"])
        #expect(missing.code == 6 && missing.diagnostics.contains("cannot read \(scratch.path)/none.conf"))
    }
}
