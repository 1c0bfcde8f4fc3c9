@testable import ERPCLI
import Catalog
import ERPCore
import Foundation
import Parties
import Testing
import TestSupport
import Warehouse

/// `erp purchase suggest`, the reorder flags of `erp product add`, `erp supplier card` and
/// `erp supplier-payment` in-process (see `CLIRun`).
@Suite("erp purchase suggest, erp supplier card, erp supplier-payment")
struct PurchasingCommandsTests {
    @Test func suggestionsArePrintedAndTurnedIntoDraftsFromTheCommandLine() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        let supplier = try PartiesService().create(NewParty(kind: .company, name: "Опт", isSupplier: true), by: owner, on: connection)
        let main = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        let add = CLIRun(["product", "add", "--sku", "HAM-1", "--name", "Молоток", "--unit", "pcs", "--price", "450", "--vat", "20",
                          "--min-stock", "10", "--max-stock", "30", "--supplier", String(supplier.id.rawValue), "--pack-size", "4",
                          "--as", "olga"], database: db)
        #expect(add.code == 0, "\(add.diagnostics)")
        let show = CLIRun(["product", "show", "HAM-1", "--as", "olga"], database: db)
        #expect(show.output.contains("max stock   30.000") && show.output.contains("pack size   4.000"), "\(show.output)")
        let hammer = try CatalogService().product(reference: "HAM-1", by: owner, on: connection)
        _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: main.id, supplierID: supplier.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity(thousandths: 3_000), unitCost: Money("100.00")!),
        ])), by: owner, on: connection)
        // 30 − 3 = 27 → 7 packs of 4 = 28.
        let suggest = CLIRun(["purchase", "suggest", "--as", "olga"], database: db)
        #expect(suggest.code == 0 && suggest.output.contains("HAM-1") && suggest.output.contains("28.000")
            && suggest.output.contains("1 product"), "\(suggest.output)\(suggest.diagnostics)")
        let create = CLIRun(["purchase", "suggest", "--warehouse", "MAIN", "--create", "--as", "olga"], database: db)
        #expect(create.code == 0 && create.diagnostics.contains("created PO-"), "\(create.diagnostics)")
        let list = CLIRun(["purchase", "list", "--status", "draft", "--as", "olga"], database: db)
        #expect(list.output.contains("1 order"), "\(list.output)")
        let csv = CLIRun(["purchase", "print", "PO-2026-000001", "--csv", "--as", "olga"], database: db)
        #expect(csv.code == 0 && csv.output.contains("HAM-1,Молоток,pcs,28.000,100.00"), "\(csv.output)\(csv.diagnostics)")
        let form = CLIRun(["purchase", "print", "PO-2026-000001", "--as", "olga"], database: db)
        #expect(form.code == 0 && form.output.contains("<!doctype html>") && form.output.contains("Заказ поставщику"), "\(form.diagnostics)")
        let bad = CLIRun(["purchase", "suggest", "--cover-days", "0", "--as", "olga"], database: db)
        #expect(bad.code == 6 && bad.diagnostics.contains("--cover-days"), "\(bad.diagnostics)")

        let card = CLIRun(["supplier", "card", String(supplier.id.rawValue), "--as", "olga"], database: db)
        #expect(card.code == 0 && card.output.contains("Опт") && card.output.contains("we owe 0.00") && card.output.contains("PO-")
            && card.output.contains("RCP-"), "\(card.output)\(card.diagnostics)")
        #expect(CLIRun(["supplier", "card", "999", "--as", "olga"], database: db).code == 3)
    }

    @Test func aSupplierPaymentIsReversedByTheNumberPrintedOnIt() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        let supplier = try PartiesService().create(NewParty(kind: .company, name: "Опт", isSupplier: true), by: owner, on: connection)
        let paid = CLIRun(["supplier-payment", "add", "--supplier", String(supplier.id.rawValue), "--amount", "1000",
                           "--date", "2026-11-30", "--as", "olga"], database: db)
        #expect(paid.code == 0, "\(paid.diagnostics)")
        let number = try #require(paid.output.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("OUT-") }.map(String.init))
        let unknown = CLIRun(["supplier-payment", "reverse", "OUT-2026-000099", "--reason", "ошибка", "--as", "olga"], database: db)
        #expect(unknown.code == 3, "\(unknown.diagnostics)")
        #expect(CLIRun(["supplier-payment", "list", "--json", "--as", "olga"], database: db).output.contains(#""status":"posted""#))
        let reversed = CLIRun(["supplier-payment", "reverse", number.lowercased(), "--reason", "ошибка", "--as", "olga"], database: db)
        #expect(reversed.code == 0 && reversed.output.contains("reversed"), "\(reversed.output)\(reversed.diagnostics)")
    }
}
