import ERPCore
import Foundation
import HTTP1
import Parties
import Testing
import Warehouse

@testable import ERPServer

/// Price types, product prices, client terms and the акт сверки over the API (issue #18).
@Suite("Price routes")
struct PriceRoutesTests {
    let api: APIFixture

    init() throws {
        api = try APIFixture(users: [("anna", .manager), ("kim", .storekeeper)])
    }

    @Test func priceTypesArePostedAndListedAndProductsCarryTheirPrices() throws {
        let created = api.call(.post, "/api/v1/price-types", as: "owner", body: #"{"code": "opt", "name": "Оптовая"}"#)
        #expect(created.status == 201 && created.jsonBody["code"] == .string("opt"))
        #expect(api.call(.post, "/api/v1/price-types", as: "owner", body: #"{"code": "opt", "name": "Ещё"}"#).status == 409)
        #expect(api.call(.post, "/api/v1/price-types", as: "kim", body: #"{"code": "x", "name": "X"}"#).status == 403)
        let list = api.call(.get, "/api/v1/price-types", as: "kim")
        #expect(list.status == 200 && list.jsonBody["items"] == .array([created.jsonBody]))

        let product = api.call(.post, "/api/v1/products", as: "owner", body: """
            {"sku": "HAM-1", "name": "Молоток", "unit": "pcs", "price": "450.00", "vat_rate": "20",
             "prices": {"opt": "400.00"}, "min_price": "350.00"}
            """)
        #expect(product.status == 201)
        #expect(product.jsonBody["prices"] == .object(["opt": .string("400.00")]))
        #expect(product.jsonBody["min_price"] == .string("350.00") && product.jsonBody["min_price_at_cost"] == .bool(false))
        let unknown = api.call(.post, "/api/v1/products", as: "owner", body: """
            {"sku": "HAM-2", "name": "Молоток", "unit": "pcs", "price": "450.00", "vat_rate": "20", "prices": {"vip": "1.00"}}
            """)
        #expect(unknown.status == 422 && unknown.jsonBody["error"]?["details"]?["fields"]?["prices.vip"] != nil)
    }

    @Test func aPartyCarriesItsPriceTypeAndDiscountAndAnUnknownTypeIsNamed() throws {
        let type = api.call(.post, "/api/v1/price-types", as: "owner", body: #"{"code": "opt", "name": "Оптовая"}"#)
        guard case .number(let typeID)? = type.jsonBody["id"] else { Issue.record("no id"); return }
        let party = api.call(.post, "/api/v1/parties", as: "owner", body: """
            {"kind": "company", "name": "ООО «Ромашка»", "is_client": true, "price_type_id": \(typeID), "discount_pct": "5"}
            """)
        #expect(party.status == 201)
        #expect(party.jsonBody["price_type_id"] == .number(typeID) && party.jsonBody["discount_pct"] == .string("5.00"))
        let unknown = api.call(.post, "/api/v1/parties", as: "owner", body: """
            {"kind": "company", "name": "ООО «Лютик»", "is_client": true, "price_type_id": 999}
            """)
        #expect(unknown.status == 422 && unknown.jsonBody["error"]?["details"]?["fields"]?["price_type_id"] != nil)
    }

    @Test func theReconciliationAnswersJSONCSVAndAPrintablePage() throws {
        let party = api.call(.post, "/api/v1/parties", as: "owner", body: #"{"kind": "company", "name": "ООО «Ромашка»", "is_client": true}"#)
        guard case .number(let id)? = party.jsonBody["id"] else { Issue.record("no id"); return }
        let paid = api.call(.post, "/api/v1/payments", as: "owner", body: #"{"client_id": \#(id), "amount": "100.00", "date": "2026-11-02"}"#)
        #expect(paid.status == 201)
        let json = api.call(.get, "/api/v1/clients/\(id)/reconciliation?from=2026-11-01&to=2026-11-30", as: "owner")
        #expect(json.status == 200 && json.jsonBody["closing_balance"] == .string("-100.00"))
        #expect(json.jsonBody["credit_turnover"] == .string("100.00"))
        let csv = api.call(.get, "/api/v1/clients/\(id)/reconciliation?from=2026-11-01&to=2026-11-30&format=csv", as: "owner")
        #expect(csv.status == 200 && csv.text.contains("closing_balance,,-100.00"))
        let page = api.call(.get, "/api/v1/clients/\(id)/reconciliation/print?from=2026-11-01&to=2026-11-30", as: "owner")
        #expect(page.status == 200 && page.text.contains("Акт сверки"))
        #expect(api.call(.get, "/api/v1/clients/\(id)/reconciliation", as: "kim").status == 403)
        #expect(api.call(.get, "/api/v1/clients/\(id)/reconciliation", as: "anna").status == 404)
        #expect(api.call(.get, "/api/v1/clients/\(id)/reconciliation?from=2026-12-01&to=2026-11-01", as: "owner").status == 422)
    }

    @Test func productsCarryQuantityBreaksAndAnOrderLineTakesTheBreakForItsQuantity() throws {
        _ = api.call(.post, "/api/v1/price-types", as: "owner", body: #"{"code": "opt", "name": "Оптовая"}"#)
        let product = api.call(.post, "/api/v1/products", as: "owner", body: """
            {"sku": "HAM-1", "name": "Молоток", "unit": "pcs", "price": "450.00", "vat_rate": "20",
             "quantity_breaks": [{"min_qty": "10", "price": "400.00"}, {"price_type": "opt", "min_qty": "5", "price": "380.00"}]}
            """)
        #expect(product.status == 201, "\(product.text)")
        #expect(product.jsonBody["quantity_breaks"] == .array([
            .object(["price_type": .null, "min_qty": .string("10.000"), "price": .string("400.00")]),
            .object(["price_type": .string("opt"), "min_qty": .string("5.000"), "price": .string("380.00")]),
        ]))
        guard case .number(let id)? = product.jsonBody["id"] else { Issue.record("no id"); return }
        let bad = api.call(.patch, "/api/v1/products/\(id)", as: "owner", body: """
            {"version": 1, "quantity_breaks": [{"price_type": "vip", "min_qty": "0", "price": "1.00"}]}
            """)
        #expect(bad.status == 422)
        #expect(bad.jsonBody["error"]?["details"]?["fields"]?["quantity_breaks[0].price_type"] != nil)
        #expect(bad.jsonBody["error"]?["details"]?["fields"]?["quantity_breaks[0].min_qty"] != nil)
        #expect(api.call(.get, "/api/v1/products/\(id)", as: "owner").jsonBody["quantity_breaks"] == product.jsonBody["quantity_breaks"])

        let stock = WarehouseService()
        let main = try stock.create(NewWarehouse(code: "MAIN", name: "Main"), by: api.owner, on: api.connection)
        let client = try PartiesService().create(NewParty(kind: .person, name: "Иван", isClient: true), by: api.owner, on: api.connection)
        let order = api.call(.post, "/api/v1/orders", as: "owner", body: """
            {"client_id": \(client.id.rawValue), "warehouse_id": \(main.id.rawValue),
             "lines": [{"product_id": \(id), "qty": "12"}]}
            """)
        #expect(order.status == 201, "\(order.text)")
        #expect(order.jsonBody["totals"]?["gross"] == .string("4800.00"))
    }
}
