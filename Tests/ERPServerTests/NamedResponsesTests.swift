import Billing
import Catalog
import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres
import Sales
import TestSupport
import Testing
import Warehouse

@testable import ERPServer

/// Answers name things beside their ids (issue #21): "client 36 warehouse 1" helps nobody.
@Suite("Named responses")
struct NamedResponsesTests {
    @Test func ordersPaymentsStockDocumentsAndLevelsNameTheirClientsWarehousesAndProducts() throws {
        let api = try APIFixture(users: [("anna", .manager)])
        let (owner, connection) = (api.owner, api.connection)
        let hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"),
                                                            vatRate: .percent20), by: owner, on: connection)
        let main = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Основной"), by: owner, on: connection)
        let receipt = try WarehouseService().post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("5")!, unitCost: Money("300.00")!)])), by: owner, on: connection)
        let client = try PartiesService().create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                          kpp: "773601001", ownerID: api.users["anna"]), by: owner, on: connection)
        let created = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_id": \(client.id.rawValue), "warehouse_id": \(main.id.rawValue), "lines": [{"product_id": \(hammer.id.rawValue), "qty": "2"}]}
            """)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.jsonBody["client_name"] == .string("ООО «Ромашка»") && created.jsonBody["warehouse_code"] == .string("MAIN"))
        let list = api.call(.get, "/api/v1/orders", as: "anna")
        guard case .array(let orders)? = list.jsonBody["items"] else { Issue.record("\(list.text)"); return }
        #expect(orders.first?["client_name"] == .string("ООО «Ромашка»") && orders.first?["warehouse_code"] == .string("MAIN"))

        _ = try BillingService().record(NewPayment(clientID: client.id, amount: Money("100.00")!, date: CalendarDate("2026-11-30")!,
                                                   allocations: []), by: owner, on: connection)
        let payments = api.call(.get, "/api/v1/payments", as: "owner")
        guard case .array(let items)? = payments.jsonBody["items"] else { Issue.record("\(payments.text)"); return }
        #expect(items.first?["client_name"] == .string("ООО «Ромашка»"))

        let document = api.call(.get, "/api/v1/receipts/\(receipt.id.rawValue)", as: "owner")
        #expect(document.jsonBody["warehouse_code"] == .string("MAIN"), "\(document.text)")
        let levels = api.call(.get, "/api/v1/stock/levels", as: "owner")
        guard case .array(let rows)? = levels.jsonBody["items"] else { Issue.record("\(levels.text)"); return }
        #expect(rows.first?["warehouse_code"] == .string("MAIN") && rows.first?["sku"] == .string("HAM-1"))
    }
}
