import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// Issue #13: every route reads its input strictly — declared query parameters with bounds,
/// natural-key filters, bounded search text, closed JSON bodies, one idempotency key.
@Suite("Input strictness")
struct InputStrictnessTests {
    let api: APIFixture

    init() throws {
        api = try APIFixture(users: [("kate", .manager), ("stan", .storekeeper)])
    }

    private func call(_ method: HTTPMethod, _ target: String, as login: String? = "owner", body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: login, body: body, headers: headers)
    }

    private func product(_ sku: String, name: String = "Молоток", barcode: String) -> String {
        """
        {"sku": "\(sku)", "name": "\(name)", "unit": "pcs", "barcodes": ["\(barcode)"], "price": "10.00", "vat_rate": "20"}
        """
    }

    private func count(_ table: StaticString) throws -> Int64 {
        try api.connection.query("SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)).single().decode(0, as: Int64.self)
    }

    @Test func revenueTopOutsideItsBoundsIs422AndTheServerKeepsServing() {
        for top in ["-1", "0", "1001", "99999999999999999999"] {
            let response = call(.get, "/api/v1/reports/revenue?top=\(top)")
            #expect(response.status == 422, "top=\(top)")
            #expect(response.jsonBody["error"]?["details"]?["fields"]?["top"] != nil)
        }
        #expect(call(.get, "/api/v1/reports/revenue?top=3").status == 200)
    }

    @Test func productsAreFilteredByExactSKUAndBarcode() throws {
        for (sku, barcode) in [("HT-0001", "4600000000015"), ("HT-0004", "4600000000046"), ("HT-00045", "4600000000053")] {
            #expect(call(.post, "/api/v1/products", body: product(sku, barcode: barcode)).status == 201)
        }
        let bySKU = call(.get, "/api/v1/products?sku=HT-0004", as: "stan")
        #expect(bySKU.status == 200)
        guard case .array(let items)? = bySKU.jsonBody["items"] else {
            Issue.record("no items in \(bySKU.text)")
            return
        }
        #expect(items.map { $0["sku"] } == [JSONValue.string("HT-0004")])
        let byBarcode = call(.get, "/api/v1/products?barcode=4600000000053")
        #expect(byBarcode.jsonBody["items"]?.description.contains("HT-00045") == true)
        #expect(byBarcode.jsonBody["items"]?.description.contains("HT-0001") == false)
        #expect(call(.get, "/api/v1/products?sku=NOPE").jsonBody["items"] == .array([]))
    }

    @Test func partiesAreFilteredByExactINN() {
        let first = #"{"kind": "company", "name": "ООО Ромашка", "is_client": true, "inn": "7707083893"}"#
        let second = #"{"kind": "company", "name": "ООО Лютик", "is_client": true, "inn": "7736207543"}"#
        #expect(call(.post, "/api/v1/parties", body: first).status == 201)
        #expect(call(.post, "/api/v1/parties", body: second).status == 201)
        let found = call(.get, "/api/v1/parties?inn=7736207543")
        #expect(found.status == 200)
        guard case .array(let items)? = found.jsonBody["items"] else {
            Issue.record("no items in \(found.text)")
            return
        }
        #expect(items.map { $0["name"] } == [.string("ООО Лютик")])
        #expect(call(.get, "/api/v1/parties?inn=77362").jsonBody["items"] == .array([]))
    }

    @Test func unknownQueryParametersOnRealRoutesAreBadRequest() {
        let response = call(.get, "/api/v1/parties?innn=7736207543")
        #expect(response.status == 400)
        #expect(response.jsonBody["error"]?["message"]?.stringValue?.contains("'innn'") == true)
        #expect(call(.get, "/api/v1/orders?limit=501").status == 422)
        #expect(call(.get, "/api/v1/stock/moves?from=yesterday").status == 422)
    }

    @Test func anotherMethodOnAFixedPathIsMethodNotAllowedNotALookupOfItsName() {
        let export = call(.patch, "/api/v1/products/export")
        #expect(export.status == 405 && export.headers["Allow"] == "GET, HEAD")
        #expect(call(.patch, "/api/v1/parties/import?dry_run=true").status == 405)
        #expect(call(.head, "/api/v1/products/export").status == 200)
    }

    @Test func searchTextIsBoundedAndItsWildcardsMatchThemselves() throws {
        #expect(call(.post, "/api/v1/products", body: product("P-1", name: "Скидка 50% на всё", barcode: "4600000000107")).status == 201)
        #expect(call(.post, "/api/v1/products", body: product("P-2", name: "Скидка 500 рублей", barcode: "4600000000114")).status == 201)
        let long = String(repeating: "_", count: 201)
        let refused = call(.get, "/api/v1/products?q=\(long)")
        #expect(refused.status == 422)
        #expect(refused.jsonBody["error"]?["details"]?["fields"]?["q"] != nil)
        #expect(call(.get, "/api/v1/parties?q=\(long)").status == 422)
        let underscores = call(.get, "/api/v1/products?q=\(String(repeating: "_", count: 200))")
        #expect(underscores.status == 200 && underscores.jsonBody["items"] == .array([]))
        let percent = call(.get, "/api/v1/products?q=50%25")
        guard case .array(let items)? = percent.jsonBody["items"] else {
            Issue.record("no items in \(percent.text)")
            return
        }
        #expect(items.first?["sku"] == .string("P-1"))
    }

    @Test func aDealsOwnerCannotBeSmuggledInAnUnknownField() throws {
        let party = call(.post, "/api/v1/parties", as: "kate", body: #"{"kind": "company", "name": "ООО Клиент", "is_client": true}"#)
        guard case .number(let partyID)? = party.jsonBody["id"] else {
            Issue.record("no party: \(party.text)")
            return
        }
        let deals = try count("deals")
        let response = call(.post, "/api/v1/deals", as: "kate",
                            body: #"{"party_id": \#(partyID), "title": "Поставка", "owner_idd": 1}"#)
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"] == .object(["owner_idd": .string("is not a field of this request")]))
        #expect(try count("deals") == deals)
    }

    @Test func aNulInAProductNameIs422NamingTheFieldAndStoresNothing() throws {
        for name in [#"a\u0000b"#, #"\u0000x"#] {
            let response = call(.post, "/api/v1/products", body: product("NUL-1", name: name, barcode: "4600000000121"))
            #expect(response.status == 422)
            #expect(response.jsonBody["error"]?["details"]?["fields"] == .object(["name": .string("must not contain control characters")]))
        }
        #expect(try count("products") == 0)
    }

    @Test func aReceiptWhoseValueOverflowsIs422AndPostsNothing() throws {
        let warehouse = call(.post, "/api/v1/warehouses", body: #"{"code": "MAIN", "name": "Склад"}"#)
        let product = call(.post, "/api/v1/products", body: product("BIG-1", barcode: "4600000000169"))
        guard case .number(let warehouseID)? = warehouse.jsonBody["id"], case .number(let productID)? = product.jsonBody["id"] else {
            Issue.record("setup failed: \(warehouse.text) \(product.text)")
            return
        }
        let body = """
            {"warehouse_id": \(warehouseID), "lines": [{"product_id": \(productID), "qty": "999999999999", "unit_cost": "99999999999.00"}]}
            """
        let response = call(.post, "/api/v1/receipts", body: body)
        #expect(response.status == 422, "\(response.text)")
        #expect(response.jsonBody["error"]?["details"]?["fields"]?["lines[0].unit_cost"] != nil)
        #expect(try count("stock_moves") == 0)
    }

    @Test func twoIdempotencyKeysAreBadRequestAndStoreNothing() throws {
        let headers = [("Idempotency-Key", "k-1"), ("Idempotency-Key", "k-2")]
        let response = call(.post, "/api/v1/products", body: product("IK-1", barcode: "4600000000138"), headers: headers)
        #expect(response.status == 400)
        #expect(try count("products") == 0)
    }

    @Test func theSameBodyWithKeysInAnotherOrderIsAReplay() throws {
        let headers = [("Idempotency-Key", "same-body")]
        let first = call(.post, "/api/v1/products", body: product("IK-2", barcode: "4600000000145"), headers: headers)
        #expect(first.status == 201)
        let reordered = #"{"vat_rate": "20", "price": "10.00", "barcodes": ["4600000000145"], "unit": "pcs", "name": "Молоток", "sku": "IK-2"}"#
        let replay = call(.post, "/api/v1/products", body: reordered, headers: headers)
        #expect(replay.status == 201 && replay.body == first.body)
        let other = call(.post, "/api/v1/products", body: product("IK-3", barcode: "4600000000152"), headers: headers)
        #expect(other.status == 422 && other.errorCode == "idempotency_key_reused")
        #expect(try count("products") == 1)
    }
}
