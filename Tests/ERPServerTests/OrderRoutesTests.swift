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

/// The sales order routes in-process, over a real database and real tokens.
@Suite("Order routes")
struct OrderRoutesTests {
    let api: APIFixture
    let hammer: Int64
    let warehouse: Int64
    let client: Int64
    let otherClient: Int64

    init() throws {
        api = try APIFixture(users: [("anna", .manager), ("boris", .manager), ("kim", .storekeeper), ("acc", .accountant)])
        let (principal, connection) = (api.owner, api.connection)
        hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"),
                                                        vatRate: .percent20), by: principal, on: connection).id.rawValue
        let stock = WarehouseService()
        let main = try stock.create(NewWarehouse(code: "MAIN", name: "Main"), by: principal, on: connection)
        warehouse = main.id.rawValue
        _ = try stock.post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: ProductID(rawValue: hammer), qty: Quantity("5")!, unitCost: Money("300.00")!)])), by: principal, on: connection)
        client = try PartiesService().create(NewParty(kind: .person, name: "Иван", isClient: true, ownerID: api.users["anna"]),
                                           by: principal, on: connection).id.rawValue
        otherClient = try PartiesService().create(NewParty(kind: .person, name: "Пётр", isClient: true, ownerID: api.users["boris"]),
                                                by: principal, on: connection).id.rawValue
    }

    private func call(_ method: HTTPMethod, _ target: String, as login: String? = "anna", body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: login, body: body, headers: headers)
    }

    private func createOrder(_ qty: String, client: Int64? = nil, as login: String = "anna") -> (HTTPResponse, String) {
        let response = call(.post, "/api/v1/orders", as: login, body: """
            {"client_id": \(client ?? self.client), "warehouse_id": \(warehouse),
             "lines": [{"product_id": \(hammer), "qty": "\(qty)", "discount_pct": 10}]}
            """)
        if case .number(let id)? = response.jsonBody["id"] { return (response, id) }
        return (response, "0")
    }

    @Test func theWholeCycleRunsOverHTTP() throws {
        let (created, id) = createOrder("2")
        #expect(created.status == 201, "\(created.text)")
        #expect(created.jsonBody["status"] == .string("draft"))
        #expect(created.jsonBody["totals"]?["gross"] == .string("810.00"))
        #expect(created.jsonBody["prices_include_vat"] == .bool(true))
        let confirmed = call(.post, "/api/v1/orders/\(id)/confirm", headers: [("Idempotency-Key", "c-1")])
        #expect(confirmed.status == 200)
        #expect(confirmed.jsonBody["lines"]?.description.contains(#""reserved":"2.000""#) == true)
        let replay = call(.post, "/api/v1/orders/\(id)/confirm", headers: [("Idempotency-Key", "c-1")])
        #expect(replay.status == 200 && replay.body == confirmed.body)
        #expect(call(.post, "/api/v1/orders/\(id)/ship", as: "anna").status == 403)
        let shipped = call(.post, "/api/v1/orders/\(id)/ship", as: "kim", body: #"{"lines": [{"product_id": \#(hammer), "qty": "1"}]}"#)
        #expect(shipped.status == 201, "\(shipped.text)")
        #expect(shipped.jsonBody["order"]?["status"] == .string("partially_shipped"))
        #expect(shipped.jsonBody["document"]?["number"]?.description.contains("SHP-") == true)
        let rest = call(.post, "/api/v1/orders/\(id)/ship", as: "kim")
        #expect(rest.jsonBody["order"]?["status"] == .string("shipped"))
        let returned = call(.post, "/api/v1/orders/\(id)/returns", as: "kim",
                            body: #"{"reason": "defective", "lines": [{"product_id": \#(hammer), "qty": "1"}]}"#)
        #expect(returned.status == 201, "\(returned.text)")
        #expect(call(.post, "/api/v1/orders/\(id)/cancel").errorCode == "invalid_state")
    }

    @Test func theListAnswersSummariesWithoutLinesAndTheItemKeepsThem() throws {
        let (_, id) = createOrder("2")
        let list = call(.get, "/api/v1/orders?limit=100")
        #expect(list.status == 200)
        guard case .array(let items)? = list.jsonBody["items"], let item = items.first else { Issue.record("no items"); return }
        #expect(items.count == 1 && item["lines"] == nil && item["line_count"] == .number(1))
        #expect(item["id"] == .number(id) && item["client_name"] == .string("Иван") && item["warehouse_code"] == .string("MAIN"))
        #expect(item["status"] == .string("draft") && item["total"] == .string("810.00"))
        #expect(call(.get, "/api/v1/orders/\(id)").jsonBody["lines"]?.description.contains(#""qty":"2.000""#) == true)
    }

    @Test func shortStockIs409WithTheShortLines() throws {
        let (_, id) = createOrder("6")
        let response = call(.post, "/api/v1/orders/\(id)/confirm")
        #expect(response.status == 409)
        #expect(response.jsonBody["error"]?["details"]?["lines"] == .array([.object([
            "product_id": .number(hammer), "requested": .string("6.000"), "available": .string("5.000"),
        ])]))
        #expect(call(.get, "/api/v1/orders/\(id)").jsonBody["status"] == .string("draft"))
    }

    @Test func anotherManagersOrderIsNotFoundAndListsLeaveItOut() throws {
        let (theirs, theirID) = createOrder("1", client: otherClient, as: "boris")
        #expect(theirs.status == 201)
        let (_, mine) = createOrder("1")
        #expect(call(.get, "/api/v1/orders/\(theirID)").status == 404)
        #expect(call(.post, "/api/v1/orders/\(theirID)/confirm").status == 404)
        guard case .array(let items)? = call(.get, "/api/v1/orders").jsonBody["items"] else { Issue.record("no items"); return }
        #expect(items.map { $0["id"] } == [.number(mine)])
        #expect(call(.get, "/api/v1/orders?status=nonsense").status == 422)
        #expect(call(.post, "/api/v1/orders", as: "kim", body: #"{"client_id": \#(client), "warehouse_id": \#(warehouse), "lines": []}"#).status == 403)
        #expect(call(.get, "/api/v1/orders", as: "acc").status == 200)
    }

    @Test func aDraftIsChangedAtItsVersion() throws {
        let (created, id) = createOrder("1")
        guard case .number(let version)? = created.jsonBody["version"] else { Issue.record("no version"); return }
        let changed = call(.patch, "/api/v1/orders/\(id)", body: #"{"version": \#(version), "comment": "срочно"}"#)
        #expect(changed.status == 200)
        #expect(changed.jsonBody["comment"] == .string("срочно"))
        #expect(call(.patch, "/api/v1/orders/\(id)", body: #"{"version": \#(version)}"#).errorCode == "version_conflict")
    }

    @Test func aDateFilterCutsTheListAtTheCompanysMidnightAndTakesTheWholeLastDay() throws {
        func order(at instant: String) throws -> JSONValue {
            let command = NewOrder(clientID: PartyID(rawValue: client), warehouseID: WarehouseID(rawValue: warehouse),
                                   lines: [NewOrderLine(productID: ProductID(rawValue: hammer), qty: Quantity("1")!)])
            let created = try SalesService(time: .fixed(RFC3339.date(from: instant)!)).create(command, by: api.owner, on: api.connection)
            return .number(String(created.id.rawValue))
        }
        let lateOnThe6th = try order(at: "2026-12-06T20:30:00Z")  // 23:30 in Moscow
        let earlyOnThe7th = try order(at: "2026-12-06T21:30:00Z")  // 00:30 in Moscow, still the 6th in UTC
        func ids(_ query: String) -> [JSONValue]? {
            guard case .array(let items)? = call(.get, "/api/v1/orders?" + query, as: "owner").jsonBody["items"] else { return nil }
            return items.map { $0["id"] ?? .null }
        }
        #expect(ids("from=2026-12-06&to=2026-12-06") == [lateOnThe6th])
        #expect(ids("from=2026-12-07&to=2026-12-07") == [earlyOnThe7th])
        #expect(ids("to=2026-12-05") == [])
        #expect(ids("from=2026-12-06T20:30:00Z&to=2026-12-06T21:30:00Z") == [lateOnThe6th])
        #expect(call(.get, "/api/v1/orders?from=2026-12-32", as: "owner").status == 422)
    }
}
