// The repository's own files, for tests that check documentation against the code: the root is
// found from this file's path, so the tests work from any directory and any build folder.

import Foundation

/// Reads files of the repository this package was built from.
package enum RepositoryFiles {
    /// The repository root: two levels above `Sources/TestSupport`.
    package static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text of `path` (relative to the root).
    /// - Throws: the file system's error when it is missing or unreadable.
    package static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under `directory` whose name ends with `suffix`, as root-relative paths, sorted.
    package static func files(under directory: String, suffix: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }
            .map { directory + "/" + $0 }.sorted()
    }

    /// Compares a generated document with its committed copy; with `ERP_UPDATE_DOCS=1` in the
    /// environment it writes the generated text instead (then commit the file).
    /// - Returns: nil when they agree (or after writing), else a message saying how to regenerate.
    /// - Throws: the file system's error when writing fails.
    package static func checkGenerated(_ path: String, equals generated: String, testFilter: String) throws -> String? {
        let committed = try? text(path)
        if committed == generated { return nil }
        if ProcessInfo.processInfo.environment["ERP_UPDATE_DOCS"] == "1" {
            try generated.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
            return nil
        }
        return "\(path) is not what the code generates; run `ERP_UPDATE_DOCS=1 swift test --filter \(testFilter)` and commit it"
    }
}
