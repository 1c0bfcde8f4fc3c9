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

/// The access holes of issue #13 over HTTP, each tried as the role that found it: another
/// manager's task, purchase costs, a transfer half outside the scope, the client base.
@Suite("Access holes over HTTP")
struct AccessHolesTests {
    let api: APIFixture
    let main: WarehouseID
    let floor: WarehouseID
    let hammer: ProductID

    init() throws {
        api = try APIFixture(users: [("anna", .manager), ("boris", .manager), ("kim", .storekeeper), ("acc", .accountant)])
        let warehouses = WarehouseService()
        main = try warehouses.create(NewWarehouse(code: "MAIN", name: "Main"), by: api.owner, on: api.connection).id
        floor = try warehouses.create(NewWarehouse(code: "FLOOR", name: "Floor"), by: api.owner, on: api.connection).id
        hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"),
                                                        vatRate: .percent20), by: api.owner, on: api.connection).id
    }

    private func call(_ method: HTTPMethod, _ target: String, as login: String, body: String? = nil) -> HTTPResponse {
        api.call(method, target, as: login, body: body)
    }

    private func count(_ table: StaticString) throws -> Int64 {
        try api.connection.query("SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)).single().decode(0, as: Int64.self)
    }

    @Test func anotherManagersTaskIsNotFoundEvenWithAStaleVersion() throws {
        let created = call(.post, "/api/v1/tasks", as: "anna", body: #"{"title": "перезвонить", "due_at": "2026-12-01T09:00:00Z"}"#)
        guard case .number(let id)? = created.jsonBody["id"] else { Issue.record("\(created.text)"); return }
        for version in [1, 5] {
            let patched = call(.patch, "/api/v1/tasks/\(id)", as: "boris", body: #"{"version": \#(version), "status": "done"}"#)
            #expect(patched.status == 404 && !patched.text.contains("current"), "\(patched.text)")
        }
        #expect(call(.get, "/api/v1/tasks", as: "boris").jsonBody["items"] == .array([]))
        #expect(call(.patch, "/api/v1/tasks/\(id)", as: "acc", body: #"{"version": 1, "title": "сверка"}"#).status == 200)
        #expect(try api.connection.query("SELECT status FROM tasks").single().decode(0, as: String.self) == "open")
    }

    @Test(arguments: [("owner", true), ("acc", true), ("anna", false), ("kim", false)])
    func aReceiptShowsPurchaseCostsOnlyToThoseWithTheCostPermission(login: String, seesCosts: Bool) throws {
        let body = #"{"warehouse_id": \#(main.rawValue), "lines": [{"product_id": \#(hammer.rawValue), "qty": "5", "unit_cost": "700.00"}]}"#
        let posted = call(.post, "/api/v1/receipts", as: "kim", body: body)
        guard case .number(let id)? = posted.jsonBody["id"] else { Issue.record("\(posted.text)"); return }
        for target in ["/api/v1/receipts/\(id)", "/api/v1/stock/moves", "/api/v1/stock/levels", "/api/v1/products/\(hammer.rawValue)/stock"] {
            let read = call(.get, target, as: login)
            #expect(read.status == 200, "\(target): \(read.text)")
            // 3500.00: the receipt's total, the move's cost, the level's and the card's value.
            #expect(read.text.contains("3500.00") == seesCosts, "\(target) as \(login): \(read.text)")
        }
    }

    @Test func aStorekeeperScopedToOneEndCannotCancelATransfer() throws {
        _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: main, lines: [
            ReceiptLine(productID: hammer, qty: Quantity("4")!, unitCost: Money("100.00")!)])), by: api.owner, on: api.connection)
        let transfer = try WarehouseService().post(.transfer(NewTransfer(fromWarehouseID: main, toWarehouseID: floor, lines: [
            StockLine(productID: hammer, qty: Quantity("2")!)])), by: api.owner, on: api.connection)
        let scoped = try Users.addWithFirstToken(NewUser(login: "floorkeeper", role: .storekeeper, warehouseScope: [floor.rawValue]),
                                                 by: api.owner, on: api.connection)
        let moves = try count("stock_moves")
        let refused = server(scoped.token, .post, "/api/v1/transfers/\(transfer.id.rawValue)/cancel")
        #expect(refused.status == 403, "\(refused.text)")
        #expect(try count("stock_moves") == moves)
    }

    @Test func aStorekeeperReadsOnlyWhatShippingNeedsOfAClient() throws {
        let party = try PartiesService().create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                       kpp: "773601001", address: "Москва, Тверская, 1", phones: ["+74951234567"],
                                                       emails: ["buh@romashka.ru"]), by: api.owner, on: api.connection)
        let read = call(.get, "/api/v1/parties/\(party.id.rawValue)", as: "kim")
        #expect(read.status == 200 && read.jsonBody["address"] == .string("Москва, Тверская, 1"))
        #expect(read.jsonBody["inn"] == .null && read.jsonBody["emails"] == .array([]))
        #expect(!call(.get, "/api/v1/parties", as: "kim").text.contains("7707083893"))
        #expect(call(.get, "/api/v1/parties/\(party.id.rawValue)", as: "acc").jsonBody["inn"] == .string("7707083893"))
    }

    private func server(_ token: String, _ method: HTTPMethod, _ target: String) -> HTTPResponse {
        api.server.handle(request(method, target, headers: [("Authorization", "Bearer \(token)")], body: method == .post ? "" : nil))
    }
}
