import Catalog
import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The reorder suggestion routes and the supplier card in-process, over a real database and real tokens.
@Suite("Purchasing routes: reorder suggestions, the supplier card")
struct PurchasingRoutesTests {
    let api: APIFixture
    let hammer: Int64
    let supplier: Int64
    let main: Int64

    /// Hammers: min 10, packs of 6, bought from «Опт»; 4 received at 100.00, nothing sold → order 6 (10 − 4 = 6, one pack).
    init() throws {
        api = try APIFixture(users: [("purchaser", .purchaser), ("storekeeper", .storekeeper)])
        supplier = try PartiesService().create(NewParty(kind: .company, name: "Опт", isSupplier: true), by: api.owner, on: api.connection)
            .id.rawValue
        let created = api.call(.post, "/api/v1/products", as: "owner", body: """
            {"sku": "HAM-1", "name": "Молоток", "unit": "pcs", "price": "450.00", "vat_rate": "20", "min_stock": "10",
             "preferred_supplier_id": \(supplier), "pack_size": "6"}
            """)
        guard case .number(let id)? = created.jsonBody["id"], let hammer = Int64(id) else { throw ERPError.badRequest(reason: created.text) }
        self.hammer = hammer
        #expect(created.jsonBody["pack_size"] == .string("6.000") && created.jsonBody["max_stock"] == .string("0.000"))
        let warehouse = api.call(.post, "/api/v1/warehouses", as: "owner", body: #"{"code": "MAIN", "name": "Main"}"#)
        guard case .number(let w)? = warehouse.jsonBody["id"], let main = Int64(w) else { throw ERPError.badRequest(reason: warehouse.text) }
        self.main = main
        let receipt = api.call(.post, "/api/v1/receipts", as: "owner", body: """
            {"warehouse_id": \(main), "supplier_id": \(supplier), "lines": [{"product_id": \(hammer), "qty": "4", "unit_cost": "100.00"}]}
            """)
        #expect(receipt.status == 201, "\(receipt.text)")
    }

    @Test func suggestionsAreReadAndTurnedIntoADraftPerSupplier() throws {
        let read = api.call(.get, "/api/v1/purchasing/suggestions?warehouse_id=\(main)", as: "storekeeper")
        #expect(read.status == 200, "\(read.text)")
        let group = first(read.jsonBody["suppliers"])
        let line = first(group?["lines"])
        #expect(group?["supplier_id"] == .number(String(supplier)))
        #expect(line?["available"] == .string("4.000") && line?["target"] == .string("10.000") && line?["qty"] == .string("6.000"))
        let ordered = api.call(.post, "/api/v1/purchasing/suggestions/orders", as: "purchaser",
                               body: #"{"warehouse_id": \#(main), "lines": [{"product_id": \#(hammer)}]}"#)
        #expect(ordered.status == 201, "\(ordered.text)")
        let order = first(ordered.jsonBody["orders"])
        #expect(order?["status"] == .string("draft") && first(order?["lines"])?["qty"] == .string("6.000"))
        #expect(first(order?["lines"])?["price"] == .string("100.00"))
    }

    /// The first element of a JSON array.
    private func first(_ value: JSONValue?) -> JSONValue? {
        if case .array(let items)? = value { items.first } else { nil }
    }

    @Test func badSuggestionRequestsAreRefusedAndCreateNothing() throws {
        let count = { try api.connection.query("SELECT count(*) FROM purchase_orders").single().decode(0, as: Int64.self) }
        #expect(api.call(.get, "/api/v1/purchasing/suggestions", as: "purchaser").jsonBody["error"]?["details"]?["fields"]?["warehouse_id"]
            == .string("is required"))
        #expect(api.call(.get, "/api/v1/purchasing/suggestions?warehouse_id=\(main)&cover_days=0", as: "purchaser").status == 422)
        #expect(api.call(.get, "/api/v1/purchasing/suggestions?warehouse_id=\(main)&days=3", as: "purchaser").status == 400)
        #expect(api.call(.post, "/api/v1/purchasing/suggestions/orders", as: "storekeeper",
                         body: #"{"warehouse_id": \#(main), "lines": [{"product_id": \#(hammer)}]}"#).status == 403)
        #expect(api.call(.post, "/api/v1/purchasing/suggestions/orders", as: "purchaser", body: #"{"warehouse_id": \#(main), "lines": []}"#)
            .status == 422)
        #expect(api.call(.post, "/api/v1/purchasing/suggestions/orders", as: "purchaser",
                         body: #"{"warehouse_id": \#(main), "lines": [{"product_id": \#(hammer), "qty": "-1"}]}"#).status == 422)
        #expect(try count() == 0)
    }

    @Test func theSupplierCardShowsReceiptsToAllAndMoneyToThoseWhoReadPayables() throws {
        let card = api.call(.get, "/api/v1/suppliers/\(supplier)/card", as: "purchaser")
        #expect(card.status == 200, "\(card.text)")
        #expect(card.jsonBody["owed"] == .string("0.00") && first(card.jsonBody["receipts"])?["supplier_id"] == .number(String(supplier)))
        let keeper = api.call(.get, "/api/v1/suppliers/\(supplier)/card", as: "storekeeper")
        #expect(keeper.status == 200 && keeper.jsonBody["bills"] == nil && keeper.jsonBody["owed"] == nil, "\(keeper.text)")
        #expect(api.call(.get, "/api/v1/suppliers/999/card", as: "purchaser").status == 404)
        #expect(api.call(.get, "/api/v1/suppliers/x/card", as: "purchaser").status == 404)
    }

    @Test func aSupplierOrderPrintsAsAFormAndExportsAsCSVPricesOnlyForThoseWhoSeeThem() throws {
        let created = api.call(.post, "/api/v1/purchase-orders", as: "purchaser", body: """
            {"supplier_id": \(supplier), "warehouse_id": \(main), "expected_date": "2027-01-15",
             "lines": [{"product_id": \(hammer), "qty": "6", "price": "100.00"}]}
            """)
        guard case .number(let id)? = created.jsonBody["id"], case .string(let number)? = created.jsonBody["number"] else {
            Issue.record("no order: \(created.text)"); return
        }
        let form = api.call(.get, "/api/v1/purchase-orders/\(id)/print", as: "purchaser")
        #expect(form.status == 200 && form.text.contains("Заказ поставщику № \(number)") && form.text.contains("Опт"), "\(form.text)")
        #expect(form.text.contains("Срок поставки: 15.01.2027") && form.text.contains("732,00"), "6 × 100.00 + 22 % VAT (2026)")
        #expect(api.call(.get, "/api/v1/purchase-orders/\(id)/print", as: "storekeeper").status == 403)
        let csv = api.call(.get, "/api/v1/purchase-orders/\(id)?format=csv", as: "purchaser")
        #expect(csv.status == 200 && csv.text.hasPrefix("line,sku,name,unit,qty,price,vat_rate,net,vat,gross,received,remaining"))
        #expect(csv.text.contains("1,HAM-1,Молоток,pcs,6.000,100.00,22,600.00,132.00,732.00,0.000,6.000"), "\(csv.text)")
        let keeper = api.call(.get, "/api/v1/purchase-orders/\(id)?format=csv", as: "storekeeper")
        #expect(keeper.status == 200 && keeper.text.contains("1,HAM-1,Молоток,pcs,6.000,,22,,,,0.000,6.000"), "\(keeper.text)")
    }
}
