@testable import ERPCLI
import ERPCore
import ERPServer
import Foundation
import Postgres
import Testing
import TestSupport

/// The nightly work `erp serve` does by itself: a verified backup under its final name, old ones
/// thinned out by the retention, the maintenance purges — and a broken backup directory that
/// fails only the backup, loudly.
@Suite("erp serve daily jobs")
struct ServeJobsTests {
    @Test func theDailyBackupIsVerifiedUnderItsFinalNameOldOnesArePrunedAndMaintenanceRuns() throws {
        let db = try TestDatabase.make()
        #expect(CLIRun(["user", "add", "--login", "olga", "--role", "owner"], database: db).code == 0)
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        try owner.query("INSERT INTO login_failures (login_key, at) VALUES ('old', \(Date().addingTimeInterval(-2 * 86_400)))")
        let scratch = try Scratch()
        defer { scratch.remove() }
        let directory = scratch.path + "/backups"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Whole seconds: Foundation on Linux sets times through utimes(2), and a fraction can round up to
        // an invalid 1,000,000 µs (EINVAL, seen once in CI).
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let older = (1...5).map { Backups.defaultName(at: now.addingTimeInterval(-86_400 * Double($0))) }
        for (index, name) in older.enumerated() {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("old".utf8)))
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-86_400 * Double(index + 1))],
                                                  ofItemAtPath: directory + "/" + name)
        }
        let settings = ERPSettings(environment: ["ERP_BACKUP_DIR": directory, "ERP_BACKUP_KEEP_DAILY": "3",
                                                 "ERP_BACKUP_KEEP_WEEKLY": "0"], currentDirectory: "/")
        let jobs = ServeCommands.dailyJobs(settings, applicationURL: db.url, ownerURL: db.ownerURL, time: .system)
        #expect(jobs.map(\.name) == ["backup", "maintenance"])
        let metrics = JobMetrics(jobs: ["backup", "maintenance"])
        let log = LogCapture()
        DailySchedule(at: try ServeCommands.dailyTime(settings), jobs: jobs, metrics: metrics,
                      logger: Logger(sink: log.sink), retryDelay: 0).runAll()

        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        let made = try #require(files.first { !older.contains($0) })
        #expect(files == ([made] + older.prefix(2)).sorted())  // the new one and the two newest old ones
        let manifest = try BackupFile.read(directory + "/" + made)
        #expect(manifest.rowCounts["users"] == (try owner.query("SELECT count(*) FROM users").single().decode(0, as: Int.self)))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + made)
        #expect(attributes[.posixPermissions] as? Int == 0o600)  // it holds password hashes and tokens
        let size = try #require(attributes[.size] as? Int)
        let rendered = metrics.render()
        #expect(rendered.contains("erp_job_last_success_bytes{job=\"backup\"} \(size)\n"))
        #expect(rendered.contains("erp_job_failures_total{job=\"backup\"} 0\n"))
        #expect(!rendered.contains("erp_job_last_success_timestamp_seconds{job=\"maintenance\"} 0\n"))
        #expect(log.lines.filter { $0.contains("scheduled job done") }.count == 2)
        #expect(try owner.query("SELECT count(*) FROM login_failures").single().decode(0, as: Int.self) == 0)

        let restarted = JobMetrics(jobs: ["backup", "maintenance"])
        ServeCommands.recordExistingBackup(settings, in: restarted)
        #expect(restarted.render().contains("erp_job_last_success_bytes{job=\"backup\"} \(size)\n"))
    }

    @Test func anUnwritableBackupDirectoryFailsOnlyTheBackupAndLeavesNoFile() throws {
        let db = try TestDatabase.make()
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(FileManager.default.createFile(atPath: scratch.path + "/disk", contents: Data()))
        let settings = ERPSettings(environment: ["ERP_BACKUP_DIR": scratch.path + "/disk/backups"], currentDirectory: "/")
        let metrics = JobMetrics(jobs: ["backup", "maintenance"])
        let log = LogCapture()
        let jobs = ServeCommands.dailyJobs(settings, applicationURL: db.url, ownerURL: db.ownerURL, time: .system)
        DailySchedule(at: try ServeCommands.dailyTime(settings), jobs: jobs, metrics: metrics, logger: Logger(sink: log.sink),
                      retries: 1, retryDelay: 0).runAll()

        let rendered = metrics.render()
        #expect(rendered.contains("erp_job_failures_total{job=\"backup\"} 2\n"))
        #expect(rendered.contains("erp_job_last_success_timestamp_seconds{job=\"backup\"} 0\n"))
        #expect(rendered.contains("erp_job_failures_total{job=\"maintenance\"} 0\n"))
        #expect(log.objects.filter { $0["msg"] == .string("scheduled job failed") && $0["level"] == .string("error") }.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["disk"])
    }

    @Test func serveRefusesADailyTimeThatIsNotHHMMBeforeStartingAnything() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = CLIRun(["serve"], environment: ["ERP_HOME": scratch.path + "/home", "ERP_BACKUP_AT": "3am"])
        #expect(run.code == 6)
        #expect(run.diagnostics.contains("ERP_BACKUP_AT"), "\(run.diagnostics)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
