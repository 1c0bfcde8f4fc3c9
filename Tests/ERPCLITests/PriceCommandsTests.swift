@testable import ERPCLI
import ERPCore
import Foundation
import Testing
import TestSupport

/// `erp price-type`, `erp product price` and `erp report reconciliation` in-process (see `CLIRun`).
@Suite("erp price commands")
struct PriceCommandsTests {
    /// A database with an owner `olga`.
    private func database() throws -> TestDatabase {
        let db = try TestDatabase.make()
        _ = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: try db.connect())
        return db
    }

    @Test func priceTypesAndAProductsPricesAreSetAndShownFromTheCommandLine() throws {
        let db = try database()
        #expect(CLIRun(["price-type", "add", "--code", "opt", "--name", "Оптовая", "--as", "olga"], database: db).code == 0)
        let list = CLIRun(["price-type", "list", "--as", "olga"], database: db)
        #expect(list.code == 0 && list.output.contains("opt") && list.output.contains("1 price type"), "\(list.diagnostics)")
        let add = CLIRun(["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs", "--price", "450", "--vat", "20",
                          "--type-price", "opt=400,50", "--min-price", "300", "--as", "olga"], database: db)
        #expect(add.code == 0, "\(add.diagnostics)")
        let later = CLIRun(["product", "price", "HAM-1", "--type-price", "opt=390", "--from", "2027-01-01", "--as", "olga"], database: db)
        #expect(later.code == 0, "\(later.diagnostics)")
        let show = CLIRun(["product", "show", "HAM-1", "--as", "olga"], database: db)
        #expect(show.output.contains("price opt   400.50") && show.output.contains("min price   300.00"), "\(show.output)")
        let bad = CLIRun(["product", "price", "HAM-1", "--type-price", "opt", "--as", "olga"], database: db)
        #expect(bad.code == 6 && bad.diagnostics.contains("--type-price"), "\(bad.diagnostics)")
    }

    @Test func quantityBreaksAreSetShownAndRemovedFromTheCommandLine() throws {
        let db = try database()
        #expect(CLIRun(["price-type", "add", "--code", "opt", "--name", "Оптовая", "--as", "olga"], database: db).code == 0)
        #expect(CLIRun(["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs", "--price", "450", "--vat", "20",
                        "--as", "olga"], database: db).code == 0)
        let set = CLIRun(["product", "price", "HAM-1", "--break", "10=420", "--break", "opt:5=380,50", "--as", "olga"], database: db)
        #expect(set.code == 0 && set.output.contains("break       from 10.000: 420.00")
            && set.output.contains("break opt   from 5.000: 380.50"), "\(set.output)\(set.diagnostics)")
        let malformed = CLIRun(["product", "price", "HAM-1", "--break", "opt:5", "--as", "olga"], database: db)
        #expect(malformed.code == 6 && malformed.diagnostics.contains("opt:5"), "\(malformed.diagnostics)")
        let unknown = CLIRun(["product", "price", "HAM-1", "--break", "vip:1=1", "--as", "olga"], database: db)
        #expect(unknown.code == 6 && unknown.diagnostics.contains("vip"), "\(unknown.diagnostics)")
        #expect(CLIRun(["product", "show", "HAM-1", "--as", "olga"], database: db).output.contains("from 5.000: 380.50"))
        let cleared = CLIRun(["product", "price", "HAM-1", "--no-breaks", "--as", "olga"], database: db)
        #expect(cleared.code == 0 && !cleared.output.contains("break"), "\(cleared.output)")
    }

    @Test func theReconciliationPrintsATableCSVAndHTML() throws {
        let db = try database()
        let party = CLIRun(["party", "add", "--kind", "company", "--name", "ООО «Ромашка»", "--client", "--as", "olga"], database: db)
        let id = party.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(CLIRun(["payment", "add", "--client", id, "--amount", "100.00", "--date", "2026-11-02", "--as", "olga"], database: db).code == 0)
        let period = ["--client", id, "--from", "2026-11-01", "--to", "2026-11-30", "--as", "olga"]
        let table = CLIRun(["report", "reconciliation"] + period, database: db)
        #expect(table.code == 0 && table.output.contains("closing balance") && table.output.contains("-100.00"), "\(table.diagnostics)")
        #expect(CLIRun(["report", "reconciliation", "--format", "csv"] + period, database: db).output.contains("closing_balance,,-100.00"))
        #expect(CLIRun(["report", "reconciliation", "--format", "html"] + period, database: db).output.contains("Акт сверки"))
        // Neither an INN nor an id: no such client (as `erp order create --client x` answers).
        #expect(CLIRun(["report", "reconciliation", "--client", "x", "--as", "olga"], database: db).code == 3)
        #expect(CLIRun(["report", "reconciliation", "--client", "7707083893", "--as", "olga"], database: db).code == 6)
    }
}
