import Catalog
import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The catalog routes in-process, over a real database and the real token service.
@Suite("Catalog routes")
struct CatalogRoutesTests {
    let api: APIFixture
    var connection: Connection { api.connection }

    init() throws {
        api = try APIFixture(users: [Role.accountant, .manager, .storekeeper].map { ($0.rawValue, $0) })
    }

    private func call(_ method: HTTPMethod, _ target: String, as role: Role? = .owner, body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: role?.rawValue, body: body, headers: headers)
    }

    private func product(sku: String, name: String = "Молоток слесарный", barcode: String? = nil) -> String {
        let barcodes = barcode.map { "[\"\($0)\"]" } ?? "[]"
        return """
            {"sku": "\(sku)", "name": "\(name)", "unit": "pcs", "kind": "goods", "barcodes": \(barcodes),
             "price": "450.00", "vat_rate": "20", "min_stock": "2"}
            """
    }

    @Test func createAnswers201WithTheAPIFieldsAndGetReadsItBack() throws {
        let created = call(.post, "/api/v1/products", as: .accountant, body: product(sku: "HAM-1", barcode: "4006381333931"))
        #expect(created.status == 201)
        let json = created.jsonBody
        #expect(json["sku"] == .string("HAM-1") && json["unit"] == .string("pcs") && json["kind"] == .string("goods"))
        #expect(json["price"] == .string("450.00") && json["vat_rate"] == .string("22") && json["min_stock"] == .string("2.000"))
        #expect(json["vat_category"] == .string("standard"))  // given "20": the standard rate in force today is 22
        #expect(json["barcodes"] == .array([.string("4006381333931")]) && json["category_id"] == .null)
        #expect(json["archived"] == .bool(false) && json["version"] == .number(1))
        guard case .number(let id)? = json["id"] else { Issue.record("no id"); return }
        let read = call(.get, "/api/v1/products/\(id)", as: .storekeeper)
        #expect(read.status == 200 && read.jsonBody == json)
        #expect(call(.get, "/api/v1/products/999999").errorCode == "not_found")
    }

    @Test func invalidFieldsAnswer422WithEveryFieldPath() throws {
        let bad = call(.post, "/api/v1/products", body: """
            {"sku": "a b", "name": "", "unit": "crate", "barcodes": ["96385075"], "price": "1.00"}
            """)
        #expect(bad.status == 422 && bad.errorCode == "validation_failed")
        guard case .object(let fields)? = bad.jsonBody["error"]?["details"]?["fields"] else {
            Issue.record("no fields: \(bad.text)")
            return
        }
        #expect(Set(fields.keys) == ["sku", "name", "unit", "barcodes[0]", "vat_rate"])
        #expect(try CatalogFixtures.count(connection) == 0)
    }

    @Test func duplicateSKUAnswers409AndAStorekeeperCannotCreate() throws {
        let first = call(.post, "/api/v1/products", body: product(sku: "HAM-1"))
        let again = call(.post, "/api/v1/products", body: product(sku: "ham-1"))
        #expect(again.status == 409 && again.errorCode == "duplicate")
        #expect(again.jsonBody["error"]?["details"]?["existing_id"] == first.jsonBody["id"])
        let refused = call(.post, "/api/v1/products", as: .storekeeper, body: product(sku: "KEEPER"))
        #expect(refused.status == 403 && refused.errorCode == "forbidden")
        #expect(call(.get, "/api/v1/products", as: nil).status == 401)
        #expect(try CatalogFixtures.count(connection) == 1)
    }

    @Test func anIdempotencyKeyReplaysTheFirstCreation() throws {
        let headers = [("Idempotency-Key", "create-ham-1")]
        let first = call(.post, "/api/v1/products", body: product(sku: "HAM-1"), headers: headers)
        let replay = call(.post, "/api/v1/products", body: product(sku: "HAM-1"), headers: headers)
        #expect(first.status == 201 && replay.status == 201 && replay.body == first.body)
        #expect(try CatalogFixtures.count(connection) == 1)
    }

    @Test func listPagesWithNextCursorAndSearchesByQ() throws {
        for index in 1...3 {
            #expect(call(.post, "/api/v1/products", body: product(sku: "P-\(index)", name: "Товар \(index)")).status == 201)
        }
        let first = call(.get, "/api/v1/products?limit=2", as: .manager)
        guard case .array(let items)? = first.jsonBody["items"], case .string(let cursor)? = first.jsonBody["next_cursor"] else {
            Issue.record("unexpected page: \(first.text)")
            return
        }
        #expect(items.count == 2)
        let second = call(.get, "/api/v1/products?limit=2&cursor=\(cursor)", as: .manager)
        #expect(second.jsonBody["next_cursor"] == .null)
        #expect(Self.items(second).map { $0["sku"] } == [.string("P-3")])
        let found = call(.get, "/api/v1/products?q=p-2")
        #expect(Self.items(found).first?["sku"] == .string("P-2"))
        let bad = call(.get, "/api/v1/products?limit=501&kind=food&archived=maybe")
        #expect(bad.status == 422)
        #expect(bad.jsonBody["error"]?["details"]?["fields"]?["kind"] != nil)
        #expect(bad.jsonBody["error"]?["details"]?["fields"]?["archived"] != nil)
    }

    @Test func patchNeedsTheCurrentVersion() throws {
        let created = call(.post, "/api/v1/products", body: product(sku: "HAM-1"))
        guard case .number(let id)? = created.jsonBody["id"] else { Issue.record("no id"); return }
        let changed = call(.patch, "/api/v1/products/\(id)", body: #"{"version": 1, "price": "499.90"}"#)
        #expect(changed.status == 200 && changed.jsonBody["price"] == .string("499.90") && changed.jsonBody["version"] == .number(2))
        let stale = call(.patch, "/api/v1/products/\(id)", body: #"{"version": 1, "archived": true}"#)
        #expect(stale.status == 409 && stale.errorCode == "version_conflict")
        #expect(call(.get, "/api/v1/products/\(id)").jsonBody["archived"] == .bool(false))
    }

    @Test func csvImportIsAllOrNothingAndExportReadsBack() throws {
        let csvHeaders = [("Content-Type", "text/csv")]
        let good = "sku;name;unit;price;vat_rate\nHAM-1;Молоток;pcs;100.00;20\n"
        let dry = call(.post, "/api/v1/products/import?dry_run=true", body: good, headers: csvHeaders)
        #expect(dry.status == 200 && dry.jsonBody["created"] == .number(1) && dry.jsonBody["dry_run"] == .bool(true))
        #expect(try CatalogFixtures.count(connection) == 0)
        let bad = call(.post, "/api/v1/products/import", body: good + "BAD;;pcs;x;20\n", headers: csvHeaders)
        #expect(bad.status == 422 && bad.jsonBody["error"]?["details"]?["fields"]?["line 3, price"] != nil)
        #expect(try CatalogFixtures.count(connection) == 0)
        #expect(call(.post, "/api/v1/products/import", body: good).status == 400)
        #expect(call(.post, "/api/v1/products/import", as: .storekeeper, body: good, headers: csvHeaders).status == 403)
        #expect(call(.post, "/api/v1/products/import", body: good, headers: csvHeaders).jsonBody["created"] == .number(1))
        let export = call(.get, "/api/v1/products/export", as: .storekeeper)
        #expect(export.status == 200 && export.text.hasPrefix("sku,name,unit,kind,barcodes") && export.text.contains("HAM-1"))
        let again = call(.post, "/api/v1/products/import", body: export.text, headers: csvHeaders)
        #expect(again.jsonBody["unchanged"] == .number(1))
    }

    @Test func categoriesAndUnitsAreListed() throws {
        let tools = call(.post, "/api/v1/categories", body: #"{"name": "Инструмент"}"#)
        #expect(tools.status == 201 && tools.jsonBody["parent_id"] == .null)
        guard case .number(let id)? = tools.jsonBody["id"] else { Issue.record("no id"); return }
        let child = call(.post, "/api/v1/categories", body: #"{"name": "Молотки", "parent_id": \#(id)}"#)
        #expect(child.status == 201 && child.jsonBody["parent_id"] == .number(id))
        #expect(call(.post, "/api/v1/categories", as: .storekeeper, body: #"{"name": "X"}"#).status == 403)
        guard case .array(let categories)? = call(.get, "/api/v1/categories", as: .storekeeper).jsonBody["items"] else {
            Issue.record("no categories")
            return
        }
        #expect(categories.count == 2)
        guard case .array(let units)? = call(.get, "/api/v1/units", as: .storekeeper).jsonBody["items"] else {
            Issue.record("no units")
            return
        }
        #expect(units.count == 8)
        #expect(units.contains { $0["code"] == .string("kg") && $0["fractions_allowed"] == .bool(true) })
    }
}

extension CatalogRoutesTests {
    /// The `items` of a page response.
    static func items(_ response: HTTPResponse) -> [JSONValue] {
        if case .array(let items)? = response.jsonBody["items"] { items } else { [] }
    }
}

/// Row counts the catalog route tests check.
private enum CatalogFixtures {
    static func count(_ connection: Connection) throws -> Int64 {
        try connection.query("SELECT count(*) FROM products").single().decode(0, as: Int64.self)
    }
}
