@testable import ERPCLI
import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing

/// A newcomer runs `erp` from a subdirectory: the existing `.erp` above is used and named, a new
/// cluster is never created silently, and `erp serve` stops on exit only a cluster it started.
@Suite("erp finds its database and says what it starts and stops")
struct EmbeddedHomeTests {
    @Test func aNewClusterIsAnnouncedAndASubdirectoryUsesItWithoutCreatingAnother() throws {
        var template = Array("/tmp/erp-home-XXXXXX".utf8CString)
        let root = String(cString: try #require(mkdtemp(&template)))
        chmod(root, 0o755)
        try FileManager.default.createDirectory(atPath: root + "/shop/docs", withIntermediateDirectories: true)
        let home = root + "/shop/.erp"
        let embedded = try EmbeddedDatabase(home: home)
        defer {
            try? embedded.cluster.stop(immediate: true)
            try? FileManager.default.removeItem(atPath: root)
        }

        let created = CLIRun(["db", "start"], currentDirectory: root + "/shop")
        #expect(created.code == 0, "\(created.diagnostics)")
        #expect(created.diagnostics.contains("created a new database cluster in \(home)\n"))
        let below = CLIRun(["db", "start"], currentDirectory: root + "/shop/docs")
        #expect(below.code == 0 && !below.diagnostics.contains("created"), "\(below.diagnostics)")
        #expect(below.diagnostics.contains("using the database in \(home) (found in a parent directory"))
        #expect(!FileManager.default.fileExists(atPath: root + "/shop/docs/.erp"))
    }

    @Test func serveLeavesARunningClusterRunningAndStopsOneItStarted() throws {
        var template = Array("/tmp/erp-home-XXXXXX".utf8CString)
        let home = String(cString: try #require(mkdtemp(&template)))
        chmod(home, 0o755)
        let embedded = try EmbeddedDatabase(home: home)
        defer {
            try? embedded.cluster.stop(immediate: true)
            try? FileManager.default.removeItem(atPath: home)
        }
        let settings = ERPSettings(environment: ["ERP_HOME": home])
        let notes = NoteLog()
        let context = CommandContext(settings: settings, output: { _ in }, diagnostics: notes.append, input: { "" })

        let fresh = try DatabaseLocation.open(settings, note: context.note)
        #expect(fresh.embedded?.outcome == .created)
        let found = try DatabaseLocation.open(settings, note: context.note)
        #expect(found.embedded?.outcome == .wasRunning)
        try ServeCommands.release(found, context: context)
        #expect(try embedded.cluster.status() == .running)
        #expect(notes.text.hasSuffix("left the embedded database in \(home) running (erp db stop stops it)\n"))

        try embedded.cluster.stop()
        let started = try DatabaseLocation.open(settings, note: context.note)
        #expect(started.embedded?.outcome == .started)
        try ServeCommands.release(started, context: context)
        #expect(try embedded.cluster.status() == .stopped)
        #expect(notes.text.hasSuffix("stopped the embedded database in \(home)\n"))
        #expect(notes.text.components(separatedBy: "created a new database cluster").count == 2)
    }
}

/// Collects what a command writes to stderr.
private final class NoteLog: Sendable {
    private let lines = Mutex("")
    var text: String { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0 += line } }
}
