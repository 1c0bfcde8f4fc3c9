@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Testing
import TestSupport
import Warehouse

/// An accountant's day from the command line: settings, documents, print, payments, receivables.
@Suite("erp doc, payment and settings commands")
struct BillingCommandsTests {
    let db: TestDatabase
    let client: String
    let order: String

    init() throws {
        db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        _ = try Users.add(NewUser(login: "acc", role: .accountant), by: owner, on: connection)
        let hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"),
                                                            vatRate: .percent20), by: owner, on: connection)
        let main = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("5")!, unitCost: Money("700.00")!)])), by: owner, on: connection)
        let party = try PartiesService().create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                       kpp: "773601001"), by: owner, on: connection)
        client = String(party.id.rawValue)
        let draft = try SalesService().create(NewOrder(clientID: party.id, warehouseID: main.id, lines: [
            NewOrderLine(productID: hammer.id, qty: Quantity("2")!)]), by: owner, on: connection)
        order = try SalesService().confirm(draft.id, by: owner, on: connection).number
    }

    private func run(_ arguments: [String], as login: String = "acc") -> CLIRun {
        CLIRun(arguments + ["--as", login], database: db)
    }

    @Test func settingsThenAnInvoicePrintedAndPaid() throws {
        #expect(run(["settings", "set", "--name", "ООО «Инструмент»"]).code == 5)
        let set = run(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001",
                       "--director", "Иванов И. И.", "--vat-payer", "yes"], as: "olga")
        #expect(set.code == 0, "\(set.diagnostics)")
        #expect(set.output.contains("7736207543") && set.output.contains("\nversion             1\n"))
        // The longest label still has a gap before its value.
        #expect(set.output.split(separator: "\n").contains { $0.hasPrefix("prices include VAT  ") }, "\(set.output)")
        #expect(run(["settings", "set", "--vat-payer", "maybe"], as: "olga").code == 6)
        let issued = run(["doc", "issue", order, "--type", "invoice"])
        #expect(issued.code == 0, "\(issued.diagnostics)")
        #expect(issued.output.contains("INV-2026-") || issued.output.contains("INV-"))
        #expect(issued.output.contains("2400.00"))
        let number = String(issued.output.prefix { $0 != " " })
        let page = run(["doc", "print", number])
        #expect(page.code == 0 && page.output.contains("<html") && page.output.contains("ООО «Ромашка»"))
        #expect(run(["doc", "list"]).output.contains("\n1 document\n"))
        let paid = run(["payment", "add", "--client", client, "--amount", "2400,00", "--date", "2026-11-30", "--allocate", "\(number):2400.00"])
        #expect(paid.code == 0, "\(paid.diagnostics)")
        #expect(paid.output.contains("PAY-2026-000001"))
        #expect(run(["payment", "list"]).output.contains(" 1 payment "))
        let report = run(["report", "receivables", "--format", "csv"])
        #expect(report.code == 0 && report.output.hasPrefix("client_id,client,balance"))
        #expect(run(["doc", "annul", number, "--reason", "ошибка"]).code == 4)  // it has a payment allocated
        #expect(run(["doc", "issue", order, "--type", "receipt"]).code == 6)
    }

    @Test func aPaymentIsReversedByTheNumberPrintedOnIt() throws {
        let paid = run(["payment", "add", "--client", client, "--amount", "100", "--date", "2026-11-30", "--credit"])
        #expect(paid.code == 0, "\(paid.diagnostics)")
        #expect(paid.output.contains("PAY-2026-000001"))
        let unknown = run(["payment", "reverse", "PAY-2026-000099", "--reason", "ошибка"])
        #expect(unknown.code == 3, "\(unknown.diagnostics)")
        #expect(run(["payment", "list", "--json"]).output.contains(#""status":"posted""#))
        let reversed = run(["payment", "reverse", "pay-2026-000001", "--reason", "ошибка"])
        #expect(reversed.code == 0, "\(reversed.diagnostics)")
        #expect(reversed.output.contains("reversed"))
    }

    @Test func settingsSetTheTimeZoneAndAZoneUnknownToPostgreSQLChangesNothing() throws {
        #expect(run(["settings", "show"]).output.contains("\ntime zone           Europe/Moscow\n"))
        let set = run(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001",
                       "--time-zone", "Asia/Vladivostok"], as: "olga")
        #expect(set.code == 0, "\(set.diagnostics)")
        #expect(set.output.contains("\ntime zone           Asia/Vladivostok\n"), "\(set.output)")
        let bad = run(["settings", "set", "--time-zone", "Europe/Atlantis"], as: "olga")
        #expect(bad.code == 6 && bad.diagnostics.contains("time-zone"), "\(bad.diagnostics)")
        let shown = run(["settings", "show"]).output
        #expect(shown.contains("Asia/Vladivostok") && shown.contains("\nversion             1\n"), "\(shown)")
    }
}
