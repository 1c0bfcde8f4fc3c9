@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

/// What people type and bring: decimal commas in flags and CSV cells, ambiguous `1,000` refused
/// with advice and nothing stored, and CSV files saved by Russian Excel in Windows-1251.
@Suite("erp reads numbers and files as people write them")
struct PeopleInputTests {
    let db: TestDatabase

    init() throws {
        db = try TestDatabase.make()
        _ = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: try db.connect())
    }

    private func run(_ arguments: [String]) -> CLIRun {
        CLIRun(arguments + ["--as", "olga"], database: db)
    }

    private func products() throws -> [String] {
        try db.connect().query("SELECT sku || ' ' || name || ' ' || price_minor::text FROM products ORDER BY sku")
            .map { try $0.decode(0, as: String.self) }
    }

    /// `text` written to a fresh temporary file as `bytes`; the caller removes it.
    private func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("people-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aPriceFlagTakesTheDecimalCommaAndRefusesAThousandsSeparator() throws {
        let add = ["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs", "--vat", "20", "--price"]
        let ambiguous = run(add + ["1,000"])
        #expect(ambiguous.code == 6)
        #expect(ambiguous.diagnostics == "error: invalid --price: '1,000' is ambiguous: "
                + "write 1000 for the whole number or 1,0 for a fraction\n", "\(ambiguous.diagnostics)")
        #expect(try products().isEmpty)
        #expect(run(add + ["1250,50"]).code == 0)
        #expect(try products() == ["HAM-1 Молоток 125050"])
    }

    @Test func aWindows1251FileFromExcelImportsAndSaysWhichEncodingWasRead() throws {
        let csv = "sku;name;unit;price;vat_rate;min_stock\nЁЖ-1;Ёлка № 5;pcs;1250,50;20;2,0\n"
        let path = try file(Windows1251.bytes(csv))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let forcedUTF8 = run(["product", "import", path, "--encoding", "utf-8"])
        #expect(forcedUTF8.code == 6 && forcedUTF8.diagnostics.contains("is not UTF-8 text"), "\(forcedUTF8.diagnostics)")
        #expect(run(["product", "import", path, "--encoding", "koi8-r"]).code == 6)
        #expect(try products().isEmpty)
        let imported = run(["product", "import", path])
        #expect(imported.code == 0, "\(imported.diagnostics)")
        #expect(imported.diagnostics.hasPrefix("read \(path) as Windows-1251\n"))
        #expect(try products() == ["ЁЖ-1 Ёлка № 5 125050"])
    }

    @Test func anAmbiguousCellRefusesTheWholeFileNamingItsLine() throws {
        let path = try file(Array("sku,name,unit,price,vat_rate\nA-1,Гвоздь,pcs,\"2,5\",20\nA-2,Шуруп,pcs,\"1,000\",20\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = run(["product", "import", path])
        #expect(refused.code == 6)
        #expect(refused.diagnostics.contains("read \(path) as UTF-8\n"))
        #expect(refused.diagnostics.contains("line 3") && refused.diagnostics.contains("'1,000' is ambiguous"), "\(refused.diagnostics)")
        #expect(try products().isEmpty)
    }
}
