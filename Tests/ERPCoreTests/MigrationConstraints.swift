import Foundation

/// The named CHECK and UNIQUE constraints (and unique indexes) the migrations declare, read from
/// the repository's sql/*.sql (found from this file's path), for the constraint-map coverage test.
enum MigrationConstraints {
    /// The sql/ folder of the repository holding this test.
    static var sqlFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql")
    }

    /// Every `CONSTRAINT name CHECK|UNIQUE` (the keyword may start the next line) and every
    /// `CREATE UNIQUE INDEX name`, with `--` comments removed first.
    static func named() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(at: sqlFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        var names: Set<String> = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let text = lines.map { line in line.components(separatedBy: "--")[0] }.joined(separator: " ")
            let separators: Set<Character> = [" ", "\t", ",", "("]
            let words = text.split(whereSeparator: separators.contains).map(String.init)
            for index in words.indices.dropLast(2) {
                let word = words[index].uppercased()
                if word == "CONSTRAINT", ["CHECK", "UNIQUE"].contains(words[index + 2].uppercased()) {
                    names.insert(words[index + 1])
                } else if word == "UNIQUE", words[index + 1].uppercased() == "INDEX", index > 0,
                          words[index - 1].uppercased() == "CREATE" {
                    names.insert(words[index + 2])
                }
            }
        }
        return names
    }
}
