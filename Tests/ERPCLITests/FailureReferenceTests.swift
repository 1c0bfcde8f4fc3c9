@testable import ERPCLI
import ERPCore
import Foundation
import Testing
import TestSupport

/// An unexpected failure in a command: "unexpected failure, reference <id>", exit 1, and one JSON
/// line on stderr under that invocation id with what the database said.
@Suite("erp reports unexpected failures under an invocation id")
struct FailureReferenceTests {
    private let hammer = ["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs",
                          "--price", "100.00", "--vat", "20", "--barcode", "4006381333931", "--as", "olga"]

    /// A database whose barcode table is gone: adding a product with a barcode fails in the service.
    private func brokenDatabase() throws -> TestDatabase {
        let db = try TestDatabase.make()
        _ = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: try db.connect())
        try db.connectAsOwner().query("ALTER TABLE product_barcodes RENAME TO product_barcodes_gone")
        return db
    }

    private func logLines(_ diagnostics: String) -> [JSONValue] {
        diagnostics.split(separator: "\n").filter { $0.hasPrefix("{") }
            .map { (try? ERPJSON.decode(JSONValue.self, from: Array($0.utf8))) ?? .null }
    }

    @Test func anUnexpectedFailurePrintsItsReferenceExitsOneAndLogsOneLineUnderIt() throws {
        let db = try brokenDatabase()
        let run = CLIRun(hammer, database: db)
        #expect(run.code == 1)
        let prefix = "error: unexpected failure, reference "
        let message = try #require(run.diagnostics.split(separator: "\n").first { $0.hasPrefix("error: ") })
        #expect(message.hasPrefix(prefix + "cli-"), "\(run.diagnostics)")
        let reference = String(message.dropFirst(prefix.count))
        let lines = logLines(run.diagnostics).filter { $0["msg"] == .string("internal error") }
        #expect(lines.count == 1, "\(run.diagnostics)")
        let line = try #require(lines.first)
        #expect(line["invocation_id"] == .string(reference) && line["command"] == .string("product add"))
        #expect(line["sqlstate"] == .string("42P01") && line["level"] == .string("error"))
        #expect(!message.contains("product_barcodes"))
        let products = try db.connectAsOwner().query("SELECT count(*) FROM products").single()
        #expect(try products.decode(0, as: Int.self) == 0)
    }

    @Test func eachRunHasItsOwnReference() throws {
        let db = try brokenDatabase()
        let references = [CLIRun(hammer, database: db), CLIRun(hammer, database: db)].map { run in
            logLines(run.diagnostics).first?["invocation_id"]
        }
        #expect(references[0] != nil && references[0] != references[1])
    }
}
