import Foundation
import Testing

@testable import ERPCore

/// Which `.erp` a command uses when ERP_HOME is not set: `./.erp` if it exists, else the nearest
/// one in a parent directory, else a new `./.erp` (never a silent second database).
@Suite("ERP_HOME and the nearest .erp")
struct SettingsHomeTests {
    /// A fresh directory `/tmp/erp-tree-…` with `a/b/c` inside; removed by the caller.
    static func tree() throws -> String {
        var template = Array("/tmp/erp-tree-XXXXXX".utf8CString)
        let root = String(cString: try #require(mkdtemp(&template)))
        try FileManager.default.createDirectory(atPath: root + "/a/b/c", withIntermediateDirectories: true)
        return root
    }

    @Test func aSubdirectoryUsesTheNearestEnclosingHome() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.erp", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: root + "/a/.erp", withIntermediateDirectories: false)
        let nested = ERPSettings(environment: [:], currentDirectory: root + "/a/b/c")
        #expect(nested.home == root + "/a/.erp" && nested.homeFoundAbove)
        let here = ERPSettings(environment: [:], currentDirectory: root + "/a")
        #expect(here.home == root + "/a/.erp" && !here.homeFoundAbove)
    }

    @Test func withoutAnyHomeItIsTheCurrentDirectorysAndAFileNamedErpDoesNotCount() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try #require(!FileManager.default.fileExists(atPath: "/tmp/.erp") && !FileManager.default.fileExists(atPath: "/.erp"))
        #expect(FileManager.default.createFile(atPath: root + "/a/.erp", contents: Data()))
        let settings = ERPSettings(environment: [:], currentDirectory: root + "/a/b")
        #expect(settings.home == root + "/a/b/.erp" && !settings.homeFoundAbove)
    }

    @Test func erpHomeWinsOverAnyDirectoryFound() throws {
        let root = try Self.tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.erp", withIntermediateDirectories: false)
        let settings = ERPSettings(environment: ["ERP_HOME": "elsewhere"], currentDirectory: root + "/a")
        #expect(settings.home == root + "/a/elsewhere" && !settings.homeFoundAbove)
    }
}
