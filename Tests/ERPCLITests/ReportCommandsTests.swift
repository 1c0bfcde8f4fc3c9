@testable import ERPCLI
import ERPCore
import Foundation
import Testing
import TestSupport

/// `erp report …` takes the filters the report pages have — a period preset, a warehouse, a
/// manager, a client, the movement groupings — and prints Russian words unless `--lang en`.
@Suite("erp report filters and words")
struct ReportCommandsTests {
    let db: TestDatabase

    init() throws {
        db = try CLIPeople([("anna", .manager)]).db
        for code in ["MAIN", "FLOOR"] {
            #expect(CLIRun(["warehouse", "add", "--code", code, "--name", "Склад " + code, "--as", "olga"], database: db).code == 0)
        }
        #expect(CLIRun(["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs", "--price", "450.00", "--vat", "20", "--as", "olga"], database: db).code == 0)
        #expect(CLIRun(["stock", "receive", "--warehouse", "MAIN", "--line", "HAM-1:5:100.00", "--as", "olga"], database: db).code == 0)
        #expect(CLIRun(["stock", "receive", "--warehouse", "FLOOR", "--line", "HAM-1:3:100.00", "--as", "olga"], database: db).code == 0)
    }

    private func run(_ arguments: [String], as login: String = "olga") -> CLIRun {
        CLIRun(["report"] + arguments + ["--as", login], database: db)
    }

    @Test func movementsAndStockNarrowToAWarehouseByCodeAndGroupByProductWarehouseOrDay() {
        let byWarehouse = run(["movements", "--by", "warehouse", "--preset", "month", "--format", "csv"])
        #expect(byWarehouse.code == 0 && byWarehouse.output.contains("FLOOR,") && byWarehouse.output.contains("MAIN,"), "\(byWarehouse.output)")
        let floor = run(["movements", "--by", "product", "--warehouse", "FLOOR", "--format", "csv"])
        #expect(floor.output.contains("HAM-1,Молоток,3.000,1,300.00,0.00") && !floor.output.contains("5.000"), "\(floor.output)")
        #expect(run(["stock", "--warehouse", "MAIN", "--format", "csv"]).output.contains("MAIN,Склад MAIN,1,,,500.00"))
        #expect(run(["movements", "--by", "day", "--warehouse", "MAIN"]).code == 0)
        #expect(run(["stock", "--warehouse", "NOWHERE"]).code == 3)
        #expect(run(["movements", "--by", "colour"]).code == 6)
    }

    @Test func aPresetReplacesTheDatesAndCannotBeGivenWithThem() {
        let year = run(["revenue", "--preset", "year", "--format", "json"])
        #expect(year.code == 0 && year.output.contains("-01-01"), "\(year.output)")
        let both = run(["revenue", "--preset", "month", "--from", "2026-01-01"])
        #expect(both.code == 6 && both.diagnostics.contains("preset"), "\(both.diagnostics)")
        #expect(run(["write-offs", "--preset", "someday"]).code == 6)
    }

    @Test func revenueNarrowsToAManagerAndAClientAndAManagerReadsNoReport() {
        let narrowed = run(["revenue", "--manager", "2", "--client", "1", "--format", "json"])
        #expect(narrowed.code == 0 && narrowed.output.contains("manager_id") && narrowed.output.contains("client_id"), "\(narrowed.output)")
        #expect(run(["revenue", "--manager", "2"], as: "anna").code == 5)
        #expect(run(["revenue", "--manager", "anna"]).code == 6)
    }

    @Test func theTableIsInRussianByDefaultAndInEnglishWithLangEn() {
        let russian = run(["stock", "--by", "category"])
        #expect(russian.code == 0 && russian.output.contains("Итого") && russian.output.contains("без группы"), "\(russian.output)")
        let english = run(["stock", "--by", "category", "--lang", "en"])
        #expect(english.output.contains("Total") && english.output.contains("no category"), "\(english.output)")
        #expect(run(["stock", "--lang", "de"]).code == 6)
    }
}
