import Catalog
import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres
import TestSupport
import Testing
import Warehouse

@testable import ERPServer

/// Bodies that name things as people do: the client by INN (+ KPP), the warehouse by code, the
/// products by SKU or barcode — resolved to ids, or refused with a 422 naming the key.
@Suite("Natural keys")
struct NaturalKeyRoutesTests {
    let api: APIFixture
    let hammer: ProductID
    let saw: ProductID
    let main: WarehouseID
    let spare: WarehouseID
    let headOffice: PartyID
    let branch: PartyID

    init() throws {
        api = try APIFixture(users: [("anna", .manager), ("kim", .storekeeper)])
        let (owner, connection) = (api.owner, api.connection)
        let catalog = CatalogService()
        hammer = try catalog.create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"), vatRate: .percent20),
                                    by: owner, on: connection).id
        saw = try catalog.create(NewProduct(sku: "SAW-2", name: "Пила", unit: "pcs", barcodes: ["4006381333931"], price: Money("900.00"),
                                            vatRate: .percent20), by: owner, on: connection).id
        let stock = WarehouseService()
        main = try stock.create(NewWarehouse(code: "MAIN", name: "Основной"), by: owner, on: connection).id
        spare = try stock.create(NewWarehouse(code: "SPARE", name: "Запасной"), by: owner, on: connection).id
        _ = try stock.post(.receipt(NewReceipt(warehouseID: main, lines: [
            ReceiptLine(productID: hammer, qty: Quantity("5")!, unitCost: Money("300.00")!),
            ReceiptLine(productID: saw, qty: Quantity("5")!, unitCost: Money("600.00")!),
        ])), by: owner, on: connection)
        let parties = PartiesService()
        headOffice = try parties.create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893", kpp: "773601001",
                                                 ownerID: api.users["anna"]), by: owner, on: connection).id
        branch = try parties.create(NewParty(kind: .company, name: "ООО «Ромашка», филиал", isClient: true, inn: "7707083893",
                                             kpp: "540801001", ownerID: api.users["anna"]), by: owner, on: connection).id
        _ = try parties.create(NewParty(kind: .company, name: "ООО «Лютик»", isClient: true, inn: "5408117935", kpp: "540801001",
                                        ownerID: api.users["anna"]), by: owner, on: connection)
    }

    private func orderCount() throws -> Int64 {
        try api.connection.query("SELECT count(*) FROM sales_orders").firstRow?.decode(0, as: Int64.self) ?? -1
    }

    @Test func anOrderNamesItsClientWarehouseAndProductsByNaturalKeys() throws {
        let response = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_inn": "7707083893", "client_kpp": "540801001", "warehouse_code": "main",
             "lines": [{"sku": "ham-1", "qty": "2"}, {"barcode": "4006381333931", "qty": "1"}]}
            """)
        #expect(response.status == 201, "\(response.text)")
        #expect(response.jsonBody["client_id"] == .number(branch.rawValue))
        #expect(response.jsonBody["warehouse_id"] == .number(main.rawValue))
        let products = response.jsonBody["lines"]?.description ?? ""
        #expect(products.contains(#""product_id":\#(hammer.rawValue)"#) && products.contains(#""product_id":\#(saw.rawValue)"#))
    }

    @Test func unknownKeysAre422NamingEachAndCreateNothing() throws {
        let before = try orderCount()
        let response = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_inn": "7736207543", "warehouse_code": "NOWHERE",
             "lines": [{"sku": "HAM-1", "qty": "1"}, {"sku": "NONE-9", "qty": "1"}, {"barcode": "96385074", "qty": "1"}]}
            """)
        #expect(response.status == 422, "\(response.text)")
        let fields = response.jsonBody["error"]?["details"]?["fields"]
        #expect(fields?["client_inn"] != nil)
        #expect(fields?["warehouse_code"] != nil)
        #expect(fields?["lines[1].sku"] != nil)
        #expect(fields?["lines[2].barcode"] != nil)
        #expect(fields?["lines[0].sku"] == nil)
        #expect(try orderCount() == before)
    }

    @Test func anINNOfSeveralPartiesAsksForTheKPP() throws {
        let before = try orderCount()
        let response = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_inn": "7707083893", "warehouse_id": \(main.rawValue), "lines": [{"product_id": \(hammer.rawValue), "qty": "1"}]}
            """)
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"]?["client_kpp"]?.stringValue?.contains("client_kpp") == true)
        #expect(try orderCount() == before)
    }

    @Test func aKeyThatDisagreesWithItsIdIsRefusedNamingTheKey() throws {
        let before = try orderCount()
        let response = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_id": \(headOffice.rawValue), "client_inn": "5408117935", "warehouse_id": \(spare.rawValue), "warehouse_code": "MAIN",
             "lines": [{"product_id": \(hammer.rawValue), "sku": "SAW-2", "qty": "1"}]}
            """)
        #expect(response.status == 422, "\(response.text)")
        let fields = response.jsonBody["error"]?["details"]?["fields"]
        #expect(fields?["client_inn"] != nil && fields?["warehouse_code"] != nil && fields?["lines[0].sku"] != nil)
        #expect(try orderCount() == before)
    }

    @Test func aKeyThatAgreesWithItsIdIsAccepted() throws {
        let response = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_id": \(headOffice.rawValue), "client_inn": "7707083893", "client_kpp": "773601001", "warehouse_code": "MAIN",
             "lines": [{"product_id": \(hammer.rawValue), "sku": "HAM-1", "qty": "1"}]}
            """)
        #expect(response.status == 201, "\(response.text)")
        #expect(response.jsonBody["client_id"] == .number(headOffice.rawValue))
    }

    @Test func stockDocumentsNameWarehousesAndProductsByKeys() throws {
        let moved = api.call(.post, "/api/v1/transfers", as: "kim", body: """
            {"from_warehouse_code": "MAIN", "to_warehouse_code": "SPARE", "lines": [{"sku": "SAW-2", "qty": "2"}]}
            """)
        #expect(moved.status == 201, "\(moved.text)")
        let levels = try WarehouseService().levels(StockLevelFilter(warehouseID: spare), by: api.owner, on: api.connection)
        #expect(levels.items.map(\.onHand) == [Quantity("2")!])
        let refused = api.call(.post, "/api/v1/write-offs", as: "kim", body: """
            {"warehouse_code": "MAIN", "reason": "damaged", "lines": [{"barcode": "0000", "qty": "1"}]}
            """)
        #expect(refused.status == 422 && refused.jsonBody["error"]?["details"]?["fields"]?["lines[0].barcode"] != nil)
    }

    @Test func ordersAndStockDocumentsAreAddressedByTheirNumbersToo() throws {
        let created = api.call(.post, "/api/v1/orders", as: "anna", body: """
            {"client_id": \(headOffice.rawValue), "warehouse_id": \(main.rawValue), "lines": [{"product_id": \(hammer.rawValue), "qty": "1"}]}
            """)
        let number = try #require(created.jsonBody["number"]?.stringValue)
        let byNumber = api.call(.get, "/api/v1/orders/\(number)", as: "anna")
        #expect(byNumber.status == 200 && byNumber.jsonBody["id"] == created.jsonBody["id"])
        let confirmed = api.call(.post, "/api/v1/orders/\(number.lowercased())/confirm", as: "anna")
        #expect(confirmed.status == 200, "\(confirmed.text)")
        #expect(api.call(.get, "/api/v1/orders/SO-2026-999999", as: "anna").errorCode == "not_found")
        #expect(api.call(.get, "/api/v1/orders/no-such", as: "anna").errorCode == "not_found")
        let moved = api.call(.post, "/api/v1/transfers", as: "kim", body: """
            {"from_warehouse_id": \(main.rawValue), "to_warehouse_id": \(spare.rawValue), "lines": [{"product_id": \(saw.rawValue), "qty": "1"}]}
            """)
        let transfer = try #require(moved.jsonBody["number"]?.stringValue)
        #expect(api.call(.get, "/api/v1/transfers/\(transfer)", as: "kim").jsonBody["id"] == moved.jsonBody["id"])
        #expect(api.call(.get, "/api/v1/receipts/\(transfer)", as: "kim").status == 404)
    }

    @Test func theAPIDescriptionPublishesTheKeys() throws {
        let description = api.call(.get, "/openapi.json", as: nil).text
        for field in ["client_inn", "client_kpp", "warehouse_code", "from_warehouse_code", "supplier_inn", "barcode"] {
            #expect(description.contains("\"\(field)\""), "\(field)")
        }
        #expect(description.contains(NumberedPaths.numberPattern))
    }
}
