@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport
import Warehouse

/// Terminal tables never cut a number: text wraps, and a table whose numbers alone are too wide
/// turns vertical.
@Suite("Text tables")
struct TextTableTests {
    private static let longName = "Общество с ограниченной ответственностью «Северо-Западная торговая компания»"
    private static let amount = "1155214567890.25"

    private func revenueTable(_ moneyColumns: Int) -> TextTable {
        var table = TextTable([.init("KEY"), .init("NAME")] + (0..<moneyColumns).map { .init("AMOUNT\($0)", .right) })
        table.append(["36", Self.longName] + Array(repeating: Self.amount, count: moneyColumns))
        table.append(["37", "ИП Петров"] + Array(repeating: "7.00", count: moneyColumns))
        table.footer = ["total", "2 groups"] + Array(repeating: "2310429135787.50", count: moneyColumns)
        return table
    }

    @Test func aLongNameWrapsBesideWholeAmountsAt80Columns() {
        let text = revenueTable(3).render(width: 80)
        let lines = text.split(separator: "\n")
        for line in lines { #expect(line.count <= 80, "\(line)") }
        #expect(!text.contains("…"))
        #expect(lines.filter { $0.contains(Self.amount) }.count == 1)
        #expect(text.components(separatedBy: Self.amount).count - 1 == 3)
        #expect(text.contains("2310429135787.50"))
        // Every word of the name is there, in order, across its lines.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let nameWords = Self.longName.split(separator: " ").map(String.init)
        #expect(nameWords.allSatisfy(words.contains))
    }

    @Test func aTableWhoseNumbersAloneAreTooWideTurnsVertical() {
        let text = revenueTable(6).render(width: 80)
        #expect(text.contains("── 1 ") && text.contains("── 2 ") && text.contains("── TOTAL "))
        #expect(text.components(separatedBy: Self.amount).count - 1 == 6)
        #expect(text.contains("AMOUNT5  " + Self.amount))
        #expect(!text.contains("…"))
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }

    @Test(arguments: [
        ("Молоток", 10, ["Молоток"]),
        ("ООО «Север» филиал", 11, ["ООО «Север»", "филиал"]),
        ("ПЕРФОРАТОРАККУМУЛЯТОРНЫЙ", 10, ["ПЕРФОРАТОР", "АККУМУЛЯТО", "РНЫЙ"]),
        ("токарно-винторезный станок", 12, ["токарно-", "винторезный", "станок"]),
        ("a b c", 1, ["a", "b", "c"]),
    ])
    func wrappingBreaksAtSpacesAndSplitsOnlyOverlongWords(text: String, width: Int, expected: [String]) {
        #expect(TextTable.wrap(text, to: width) == expected)
    }
}

/// `erp report …` tables as the owner reads them at 80 columns.
@Suite("erp report tables")
struct ReportTableTests {
    @Test func theStockReportShowsLongNamesAndThirteenDigitValuesWhole() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        let name = "Станок токарно-винторезный универсальный с цифровой индикацией и набором оснастки"
        let product = try CatalogService().create(NewProduct(sku: "LATHE-1600", name: name, unit: "pcs", price: Money("1.00"),
                                                             vatRate: .percent20), by: owner, on: connection)
        let warehouse = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Основной склад"), by: owner, on: connection)
        _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: warehouse.id, lines: [
            ReceiptLine(productID: product.id, qty: Quantity("100000")!, unitCost: Money("99999999.99")!)])), by: owner, on: connection)
        let run = CLIRun(["report", "stock", "--by", "product", "--as", "olga"], database: db)
        #expect(run.code == 0, "\(run.diagnostics)")
        #expect(run.output.contains("9999999999000.00"))
        #expect(!run.output.contains("…"))
        for word in name.split(whereSeparator: { $0 == " " || $0 == "-" }) { #expect(run.output.contains(word)) }
        for line in run.output.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }
}
