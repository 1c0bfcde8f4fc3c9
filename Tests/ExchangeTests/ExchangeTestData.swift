import Foundation
import Testing
import TestSupport

/// The outside references the exchange tests check against: the ФНС and 1C schemas and the
/// public sample statements, kept next to the repository (never copied into it).
enum ExchangeTestData {
    /// The folder of schemas and samples, beside the repository root.
    static let folder = RepositoryFiles.root.appendingPathComponent("../shared/testdata/exchange").standardizedFileURL

    /// The bytes of a file in the folder, e.g. `bank-statements/kilylabs_one_day.txt`.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    /// The path of a file in the folder.
    static func path(_ path: String) -> String { folder.appendingPathComponent(path).path }
}

/// An outside program's exit status and output.
struct ToolRun {
    var status: Int32
    var output: String
    var errors: String

    /// Runs `tool` (found on PATH) with `arguments` and waits for it.
    static func run(_ tool: String, _ arguments: [String]) throws -> ToolRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                       errors: String(decoding: errors, as: UTF8.self))
    }
}

/// A file written under a fresh temporary folder with the given name (the ФНС checks the name).
struct TemporaryFile {
    let url: URL

    init(named name: String, bytes: [UInt8]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("erp-exchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
    }

    var path: String { url.path }

    /// `xmllint --noout --schema` on this file: exit status 0 when it validates.
    func validate(against schema: String) throws -> ToolRun {
        try ToolRun.run("xmllint", ["--noout", "--schema", ExchangeTestData.path(schema), path])
    }

    /// The strings an XPath expression selects, evaluated by xmllint (not by our code).
    func xpath(_ expression: String) throws -> String {
        let run = try ToolRun.run("xmllint", ["--xpath", expression, path])
        return run.output.trimmingCharacters(in: .newlines)
    }
}
