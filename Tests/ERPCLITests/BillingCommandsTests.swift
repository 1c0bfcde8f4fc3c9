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
        let people = try CLIPeople([("acc", .accountant)])
        db = people.db
        let (connection, owner) = (people.connection, people.owner)
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
        // The client by its INN, as it stands on the bank statement.
        let paid = run(["payment", "add", "--client", "7707083893", "--amount", "100", "--date", "2026-11-30", "--credit"])
        #expect(paid.code == 0, "\(paid.diagnostics)")
        #expect(paid.output.contains("PAY-2026-000001"))
        let unknown = run(["payment", "reverse", "PAY-2026-000099", "--reason", "ошибка"])
        #expect(unknown.code == 3, "\(unknown.diagnostics)")
        #expect(run(["payment", "list", "--json", "--client", "7707083893"]).output.contains(#""status":"posted""#))
        let reversed = run(["payment", "reverse", "pay-2026-000001", "--reason", "ошибка"])
        #expect(reversed.code == 0, "\(reversed.diagnostics)")
        #expect(reversed.output.contains("reversed"))
    }

    @Test func docCorrectIssuesAUKDForAUPDsLineAndRefusesBadLinesWithNothingIssued() throws {
        _ = run(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001", "--vat-payer", "yes"],
                as: "olga")
        let connection = try db.connect()
        let owner = try Users.principal(forLogin: "olga", channel: .cli, on: connection)
        let found = try SalesService().order(reference: order, by: owner, on: connection)
        _ = try SalesService().ship(found.id, ShipRequest(), by: owner, on: connection)
        let upd = run(["doc", "issue", order, "--type", "upd"])
        let number = String(upd.output.prefix { $0 != " " })
        #expect(upd.code == 0 && number.hasPrefix("УПД-"), "\(upd.diagnostics)")
        for bad in [["--line", "1"], ["--line", "x:1"], ["--line", "1:abc"], ["--line", "1::"], ["--line", "3:1"]] {
            #expect(run(["doc", "correct", number] + bad).code == 6, "\(bad)")
        }
        #expect(run(["doc", "correct", number]).code == 6)
        #expect(run(["doc", "list", "--type", "ukd"]).output.contains("\n0 documents\n"))
        let corrected = run(["doc", "correct", number, "--line", "1:1:1100,00"])
        #expect(corrected.code == 0, "\(corrected.diagnostics)")
        // 2 × 1200.00 → 1 × 1100.00: 1300.00 less, with VAT.
        #expect(corrected.output.hasPrefix("УКД-2026-000001  ukd") && corrected.output.contains("corrects: \(number)")
                && corrected.output.contains("change: -1300.00"), "\(corrected.output)")
        #expect(run(["doc", "print", number, "--form", "torg12"]).output.contains("ТОВАРНАЯ НАКЛАДНАЯ"))
        #expect(run(["doc", "print", "УКД-2026-000001", "--form", "torg12"]).code == 6)
        let json = run(["doc", "show", "УКД-2026-000001", "--json"])
        #expect(json.output.contains(#""total" : "-1300.00""#) || json.output.contains(#""total":"-1300.00""#), "\(json.output)")
    }

    @Test func advanceDueListsAPrepaymentAndAdvanceIssueIssuesItsInvoiceOnce() throws {
        _ = run(["settings", "set", "--name", "ООО «Инструмент»", "--inn", "7736207543", "--kpp", "773601001", "--vat-payer", "yes"],
                as: "olga")
        #expect(run(["payment", "add", "--client", client, "--amount", "5000,00", "--date", "2026-11-30", "--credit"]).code == 0)
        let due = run(["advance", "due"])
        #expect(due.code == 0 && due.output.contains("PAY-2026-000001") && due.output.contains("5000.00"), "\(due.output)")
        #expect(run(["advance", "issue", "x"]).code == 3)
        #expect(run(["advance", "issue", "1", "--date", "2026-11-29"]).code == 6)
        let issued = run(["advance", "issue", "1"])
        #expect(issued.code == 0 && issued.output.hasPrefix("ADV-2026-000001") && issued.output.contains("VAT 22/122: 901.64"), "\(issued.output)")
        #expect(run(["advance", "issue", "1"]).code != 0)
        #expect(run(["advance", "due"]).output.contains("0 prepayments"))
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
