import Catalog
import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The warehouse and stock document routes in-process, over a real database and real tokens.
@Suite("Warehouse routes")
struct WarehouseRoutesTests {
    let api: APIFixture
    let hammer: Int64
    let main: Int64
    let floor: Int64

    init() throws {
        api = try APIFixture(users: [("accountant", .accountant), ("manager", .manager), ("storekeeper", .storekeeper)])
        hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"),
                                                        vatRate: .percent20), by: api.owner, on: api.connection).id.rawValue
        let api = self.api
        func warehouse(_ code: String) throws -> Int64 {
            let response = api.call(.post, "/api/v1/warehouses", as: "owner", body: #"{"code": "\#(code)", "name": "Warehouse \#(code)"}"#)
            guard case .number(let id)? = response.jsonBody["id"], let value = Int64(id) else { throw ERPError.badRequest(reason: response.text) }
            return value
        }
        main = try warehouse("MAIN")
        floor = try warehouse("FLOOR")
    }

    private func call(_ method: HTTPMethod, _ target: String, as role: Role? = .storekeeper, body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: role?.rawValue, body: body, headers: headers)
    }

    private func receipt(_ qty: String, cost: String = "100.00") -> String {
        #"{"warehouse_id": \#(main), "supplier_ref": "TN-77", "lines": [{"product_id": \#(hammer), "qty": "\#(qty)", "unit_cost": "\#(cost)"}]}"#
    }

    @Test func aReceiptPostsOverHTTPAndTheLevelsShowIt() throws {
        let posted = call(.post, "/api/v1/receipts", body: receipt("5"))
        #expect(posted.status == 201)
        #expect(posted.jsonBody["number"]?.description.contains("RCP-") == true)
        #expect(posted.jsonBody["lines"]?.description.contains("unit_cost") == false, "storekeepers do not read costs")
        guard case .number(let id)? = posted.jsonBody["id"] else { Issue.record("no id: \(posted.text)"); return }
        #expect(call(.get, "/api/v1/receipts/\(id)", as: .owner).jsonBody["lines"]?.description.contains(#""unit_cost":"100.00""#) == true)
        let levels = call(.get, "/api/v1/stock/levels?warehouse_id=\(main)", as: .owner)
        #expect(levels.status == 200)
        guard case .array(let items)? = levels.jsonBody["items"] else { Issue.record("no items: \(levels.text)"); return }
        #expect(items.first?["on_hand"] == .string("5.000"))
        #expect(items.first?["available"] == .string("5.000"))
        #expect(items.first?["avg_cost"] == .string("100.00"))
        #expect(levels.jsonBody["totals"]?["value"] == .string("500.00"))
        let keeperView = call(.get, "/api/v1/stock/levels?warehouse_id=\(main)")
        #expect(keeperView.text.contains("avg_cost") == false)
    }

    @Test func anIdempotentRetryPostsOnce() throws {
        let first = call(.post, "/api/v1/receipts", body: receipt("5"), headers: [("Idempotency-Key", "rcp-1")])
        let again = call(.post, "/api/v1/receipts", body: receipt("5"), headers: [("Idempotency-Key", "rcp-1")])
        #expect(first.status == 201 && again.status == 201)
        #expect(first.body == again.body)
        let moves = call(.get, "/api/v1/stock/moves?product_id=\(hammer)", as: .owner)
        guard case .array(let items)? = moves.jsonBody["items"] else { Issue.record("\(moves.text)"); return }
        #expect(items.count == 1)
    }

    @Test func aShortWriteOffIs409WithEveryShortLine() throws {
        _ = call(.post, "/api/v1/receipts", body: receipt("2"))
        let response = call(.post, "/api/v1/write-offs", body: #"""
            {"warehouse_id": \#(main), "reason": "damaged", "lines": [{"product_id": \#(hammer), "qty": "3"}]}
            """#)
        #expect(response.status == 409)
        #expect(response.errorCode == "insufficient_stock")
        #expect(response.jsonBody["error"]?["details"]?["lines"] == .array([.object([
            "product_id": .number(hammer), "requested": .string("3.000"), "available": .string("2.000"),
        ])]))
    }

    @Test func badInputIs422NamingTheFieldsAndUnknownReasonsToo() throws {
        let response = call(.post, "/api/v1/write-offs", body: #"""
            {"warehouse_id": \#(main), "reason": "stolen", "lines": [{"product_id": \#(hammer), "qty": "1"}]}
            """#)
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"]?["reason"] != nil)
        let precise = call(.post, "/api/v1/receipts", body: receipt("1.0001"))
        #expect(precise.status == 422)
        #expect(precise.jsonBody["error"]?["details"]?["fields"]?["lines[0].qty"] != nil)
    }

    @Test func aReceiptLineWhoseCostDoesNotFitIs422NamingItsUnitCost() throws {
        let huge = call(.post, "/api/v1/receipts", body: receipt("9223372036854775", cost: "92233720368547758.07"))
        #expect(huge.status == 422, "\(huge.text)")
        #expect(huge.jsonBody["error"]?["details"]?["fields"]?["lines[0].unit_cost"] != nil)
        #expect(call(.get, "/api/v1/stock/moves", as: .owner).jsonBody["items"] == .array([]))
    }

    @Test func aReceiptLineRecordsTheGoodsOriginAndAWrongShapeIs422SavingNothing() throws {
        let imported = call(.post, "/api/v1/receipts", body: #"""
            {"warehouse_id": \#(main), "lines": [{"product_id": \#(hammer), "qty": "1", "unit_cost": "10.00",
             "country_code": "CN", "customs_declaration": "10702070/011226/0012345/001"}]}
            """#)
        #expect(imported.status == 201, "\(imported.text)")
        guard case .array(let lines)? = imported.jsonBody["lines"] else { Issue.record("no lines: \(imported.text)"); return }
        #expect(lines.first?["country_code"] == .string("156"))
        #expect(lines.first?["customs_declaration"] == .string("10702070/011226/0012345/001"))
        let wrong = call(.post, "/api/v1/receipts", body: #"""
            {"warehouse_id": \#(main), "lines": [{"product_id": \#(hammer), "qty": "1", "unit_cost": "10.00",
             "country_code": "XX", "customs_declaration": "10702070/011226"}]}
            """#)
        #expect(wrong.status == 422)
        #expect(wrong.jsonBody["error"]?["details"]?["fields"]?["lines[0].country_code"] != nil)
        #expect(wrong.jsonBody["error"]?["details"]?["fields"]?["lines[0].customs_declaration"] != nil)
        guard case .array(let moves)? = call(.get, "/api/v1/stock/moves", as: .owner).jsonBody["items"] else { Issue.record("no moves"); return }
        #expect(moves.count == 1)
    }

    @Test func rolesDecideWhoPostsAndCancels() throws {
        #expect(call(.post, "/api/v1/receipts", as: .manager, body: receipt("1")).status == 403)
        #expect(call(.post, "/api/v1/receipts", as: .accountant, body: receipt("1")).status == 403)
        #expect(call(.post, "/api/v1/receipts", as: nil, body: receipt("1")).status == 401)
        #expect(call(.post, "/api/v1/warehouses", body: #"{"code": "X", "name": "X"}"#).status == 403)
        let posted = call(.post, "/api/v1/receipts", body: receipt("1"))
        guard case .number(let id)? = posted.jsonBody["id"] else { Issue.record("\(posted.text)"); return }
        #expect(call(.get, "/api/v1/receipts/\(id)", as: .manager).status == 200)
        #expect(call(.get, "/api/v1/transfers/\(id)", as: .owner).status == 404)
        let cancelled = call(.post, "/api/v1/receipts/\(id)/cancel")
        #expect(cancelled.status == 200)
        #expect(cancelled.jsonBody["status"] == .string("cancelled"))
        #expect(call(.post, "/api/v1/receipts/\(id)/cancel").status == 409)
    }

    @Test func anOpenCountIsFilledAndPostedThroughItsOwnRoutes() throws {
        _ = call(.post, "/api/v1/receipts", body: receipt("10"))
        let opened = call(.post, "/api/v1/stock-counts", body: #"{"warehouse_id": \#(main), "open": true}"#)
        #expect(opened.status == 201)
        guard case .number(let id)? = opened.jsonBody["id"] else { Issue.record("\(opened.text)"); return }
        let filled = call(.patch, "/api/v1/stock-counts/\(id)", body: #"{"lines": [{"product_id": \#(hammer), "counted_qty": "7"}]}"#)
        #expect(filled.status == 200)
        let posted = call(.post, "/api/v1/stock-counts/\(id)/post")
        #expect(posted.status == 200)
        #expect(posted.jsonBody["status"] == .string("posted"))
        let card = call(.get, "/api/v1/products/\(hammer)/stock", as: .owner)
        #expect(card.status == 200)
        guard case .array(let levels)? = card.jsonBody["levels"] else { Issue.record("\(card.text)"); return }
        #expect(levels.first?["on_hand"] == .string("7.000"))
    }

    @Test func listFiltersThatDoNotParseAreReportedTogether() throws {
        let response = call(.get, "/api/v1/stock/moves?kind=theft&from=yesterday&product_id=x")
        #expect(response.status == 422)
        let fields = response.jsonBody["error"]?["details"]?["fields"]
        #expect(fields?["kind"] != nil && fields?["from"] != nil && fields?["product_id"] != nil)
        #expect(call(.get, "/api/v1/stock/moves?from=2026-01-01&kind=receipt").status == 200)
        #expect(call(.get, "/api/v1/stock/low").status == 200)
        #expect(call(.get, "/api/v1/warehouses").jsonBody["items"]?.description.contains("FLOOR") == true)
    }
}
