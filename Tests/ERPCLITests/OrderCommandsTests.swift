@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Testing
import TestSupport
import Warehouse

/// Selling from the command line: create, confirm, ship, return, cancel, list, release stale.
@Suite("erp order commands")
struct OrderCommandsTests {
    let db: TestDatabase
    let client: String

    init() throws {
        let people = try CLIPeople([("anna", .manager), ("kim", .storekeeper)])
        db = people.db
        let (connection, owner, anna) = (people.connection, people.owner, people.users["anna"]!)
        let hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"),
                                                            vatRate: .percent20), by: owner, on: connection)
        let stock = WarehouseService()
        let main = try stock.create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        _ = try stock.post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("5")!, unitCost: Money("300.00")!)])), by: owner, on: connection)
        client = String(try PartiesService().create(NewParty(kind: .person, name: "Иван", isClient: true, ownerID: anna.id),
                                                  by: owner, on: connection).id.rawValue)
    }

    private func run(_ arguments: [String], as login: String = "anna") -> CLIRun {
        CLIRun(arguments + ["--as", login], database: db)
    }

    @Test func aManagerSellsAndAStorekeeperShipsAndTakesBack() throws {
        let created = run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:2:400.00", "--comment", "до обеда"])
        #expect(created.code == 0, "\(created.diagnostics)")
        #expect(created.output.contains("SO-2026-") || created.output.contains("SO-"))
        #expect(created.output.contains("800.00") && created.output.contains("draft"))
        let number = String(created.output.prefix { $0 != " " })
        #expect(run(["order", "confirm", number]).output.contains("confirmed"))
        let partial = run(["order", "ship", number, "--line", "HAM-1:1"], as: "kim")
        #expect(partial.code == 0, "\(partial.diagnostics)")
        #expect(partial.output.contains("partially_shipped") && partial.diagnostics.contains("shipment SHP-"))
        #expect(run(["order", "ship", number], as: "kim").output.contains("shipped"))
        let back = run(["order", "return", number, "--reason", "defective", "--line", "HAM-1:1"], as: "kim")
        #expect(back.code == 0, "\(back.diagnostics)")
        #expect(back.diagnostics.contains("return RET-") && back.diagnostics.contains(": 1 line\n"))
        let list = run(["order", "list", "--status", "shipped"])
        #expect(list.output.contains(number) && list.output.contains("1 order ") && list.output.contains("800.00"))
        #expect(CLIRun(["check"], database: db).code == 0)
    }

    @Test func anOrderNamesItsClientByINNAndPrintsNamesNotBareIds() throws {
        let connection = try db.connect()
        let owner = try Users.principal(forLogin: "olga", channel: .cli, on: connection)
        for kpp in ["773601001", "540801001"] {
            _ = try PartiesService().create(NewParty(kind: .company, name: "ООО «Ромашка» \(kpp)", isClient: true, inn: "7707083893", kpp: kpp),
                                            by: owner, on: connection)
        }
        let ambiguous = run(["order", "create", "--client", "7707083893", "--warehouse", "MAIN", "--line", "HAM-1:1"], as: "olga")
        #expect(ambiguous.code == 6 && ambiguous.diagnostics.contains("client_kpp"), "\(ambiguous.diagnostics)")
        let created = run(["order", "create", "--client", "7707083893", "--client-kpp", "540801001", "--warehouse", "MAIN",
                           "--line", "HAM-1:1"], as: "olga")
        #expect(created.code == 0, "\(created.diagnostics)")
        #expect(created.output.contains("client ООО «Ромашка» 540801001 (") && created.output.contains("warehouse MAIN"))
        #expect(run(["order", "list"], as: "olga").output.contains("ООО «Ромашка» 540801001"))
    }

    @Test func showPrintsWhatWasReturnedAndCountsOneLineInTheSingular() throws {
        let created = run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:2", "--confirm"])
        let number = String(created.output.prefix { $0 != " " })
        #expect(run(["order", "ship", number], as: "kim").code == 0)
        #expect(run(["order", "return", number, "--reason", "defective", "--line", "HAM-1:1"], as: "kim").code == 0)
        let show = run(["order", "show", number])
        #expect(show.code == 0, "\(show.diagnostics)")
        let lines = show.output.split(separator: "\n").map { $0.split(separator: " ") }
        let header = try #require(lines.first { $0.contains("RETURNED") })
        let line = try #require(lines.first { $0.contains("HAM-1") })
        // Columns: #, SKU, NAME, QTY, PRICE, DISC%, RESERVED, SHIPPED, RETURNED, TOTAL.
        #expect(header.firstIndex(of: "RETURNED") == 8 && line[7] == "2.000" && line[8] == "1.000", "\(show.output)")
        #expect(show.output.contains("1 line ") && !show.output.contains("1 lines"))
    }

    @Test func refusalsExitWithTheirCodes() throws {
        let big = run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:6", "--confirm"])
        #expect(big.code == 4)
        #expect(run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "NOPE:1"]).code == 6)
        #expect(run(["order", "create", "--client", client, "--warehouse", "MAIN"]).code == 2)
        #expect(run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:1"], as: "kim").code == 5)
        #expect(run(["order", "show", "SO-2099-000001"]).code == 3)
        #expect(run(["order", "list", "--status", "lost"]).code == 6)
        let draft = run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:1", "--json"])
        guard case .string(let number)? = try ERPJSON.decode(JSONValue.self, from: Array(draft.output.utf8))["number"] else {
            Issue.record("no number: \(draft.output)")
            return
        }
        #expect(run(["order", "ship", number], as: "kim").code == 4)
        #expect(run(["order", "cancel", number]).output.contains("cancelled"))
    }

    @Test func releaseStaleIsForOwnersAndListsWhatItReleased() throws {
        #expect(run(["order", "create", "--client", client, "--warehouse", "MAIN", "--line", "HAM-1:2", "--confirm"]).code == 0)
        #expect(run(["order", "release-stale", "--days", "1"]).code == 5)
        let none = run(["order", "release-stale", "--days", "1"], as: "olga")
        #expect(none.code == 0 && none.output.contains("0 orders released"))
        #expect(run(["order", "release-stale", "--days", "x"], as: "olga").code == 6)
        #expect(run(["orders", "release-stale", "--days", "1"], as: "olga").output.contains("0 orders released"))
    }
}
