import ERPCore
import Foundation
import Testing

/// A month of nightly backups shrinks to the last week of days plus one per recent week; the
/// newest always survives, and only partial files a killed backup left long ago are swept.
@Suite("Backup retention")
struct BackupRetentionTests {
    private let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    /// Monday, 7 December 2026, 03:00 UTC.
    private let monday = Date(timeIntervalSince1970: 1_796_612_400)

    private func nightly(_ days: Int) -> [String: Date] {
        Dictionary(uniqueKeysWithValues: (0..<days).map { back in
            let date = monday.addingTimeInterval(-86_400 * Double(back))
            return (Backups.defaultName(at: date), date)
        })
    }

    private func name(daysBack: Int) -> String { Backups.defaultName(at: monday.addingTimeInterval(-86_400 * Double(daysBack))) }

    @Test func keptHoldsTheNewestDailyBackupsAndTheNewestOfEachRecentWeek() {
        let kept = BackupRetention(daily: 7, weekly: 4).kept(nightly(30), calendar: calendar)
        // Days 0–6 back (1–7 December), then Sunday 29 and Sunday 22 November for the two weeks before.
        #expect(kept == Set((0...6).map { name(daysBack: $0) } + [name(daysBack: 8), name(daysBack: 15)]))
        #expect(BackupRetention(daily: 2, weekly: 0).kept(nightly(30), calendar: calendar) == [name(daysBack: 0), name(daysBack: 1)])
    }

    @Test func theNewestBackupIsKeptEvenWhenTheCountsAreZero() {
        #expect(BackupRetention(daily: 0, weekly: 0).kept(nightly(3), calendar: calendar) == [name(daysBack: 0)])
        #expect(BackupRetention(daily: 7, weekly: 4).kept([:], calendar: calendar).isEmpty)
    }

    @Test func pruneDeletesUnkeptBackupsAndStalePartialFilesOnly() throws {
        var template = Array("/tmp/erp-retention-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var files = nightly(5)
        files["killed.erpbackup.partial"] = monday.addingTimeInterval(-7200)
        files["running.erpbackup.partial"] = monday.addingTimeInterval(-60)
        files["README.txt"] = monday.addingTimeInterval(-86_400 * 90)
        for (file, date) in files {
            let path = directory + "/" + file
            #expect(FileManager.default.createFile(atPath: path, contents: Data(file.utf8)))
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }

        let deleted = try BackupRetention(daily: 2, weekly: 0).prune(directory, now: monday, calendar: calendar)
        #expect(deleted == ([name(daysBack: 2), name(daysBack: 3), name(daysBack: 4)] + ["killed.erpbackup.partial"]).sorted())
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory))
            == [name(daysBack: 0), name(daysBack: 1), "running.erpbackup.partial", "README.txt"])
        let listed = try BackupRetention.backups(in: directory)
        #expect(listed.map(\.name) == [name(daysBack: 0), name(daysBack: 1)])
        #expect(listed.first?.bytes == name(daysBack: 0).utf8.count)
        #expect(try BackupRetention(daily: 2, weekly: 0).prune(directory, now: monday, calendar: calendar).isEmpty)
    }

    @Test func pruneOfAMissingDirectoryFailsClearly() {
        #expect(throws: BackupError.self) { try BackupRetention(daily: 1, weekly: 1).prune("/nonexistent/erp-backups") }
    }
}
