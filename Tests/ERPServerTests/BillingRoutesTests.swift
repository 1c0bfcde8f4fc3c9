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

/// Billing over HTTP: settings, documents from an order, print, payments, receivables.
@Suite("Billing routes")
struct BillingRoutesTests {
    let api: APIFixture
    let order: Int64
    let client: Int64

    init() throws {
        api = try APIFixture(users: [("anna", .manager), ("kim", .storekeeper), ("acc", .accountant)])
        let (principal, connection) = (api.owner, api.connection)
        let hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("1200.00"),
                                                            vatRate: .percent20), by: principal, on: connection)
        let main = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Main"), by: principal, on: connection)
        _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: hammer.id, qty: Quantity("5")!, unitCost: Money("700.00")!)])), by: principal, on: connection)
        let party = try PartiesService().create(NewParty(kind: .company, name: "ООО «Ромашка»", isClient: true, inn: "7707083893",
                                                       kpp: "773601001"), by: principal, on: connection)
        client = party.id.rawValue
        let sales = SalesService()
        let draft = try sales.create(NewOrder(clientID: party.id, warehouseID: main.id, lines: [
            NewOrderLine(productID: hammer.id, qty: Quantity("2")!)]), by: principal, on: connection)
        order = try sales.confirm(draft.id, by: principal, on: connection).id.rawValue
    }

    private func call(_ method: HTTPMethod, _ target: String, as login: String? = "acc", body: String? = nil) -> HTTPResponse {
        api.call(method, target, as: login, body: body)
    }

    private let settings = #"""
        {"kind": "company", "name": "ООО «Инструмент»", "inn": "7736207543", "kpp": "773601001", "vat_payer": true,
         "prices_include_vat": true, "director": "Иванов И. И.", "version": 0}
        """#

    @Test func settingsAreReadByAllAndWrittenByTheOwnerAtTheirVersion() throws {
        #expect(call(.get, "/api/v1/settings/company", as: "kim").jsonBody["version"] == .number(0))
        #expect(call(.put, "/api/v1/settings/company", body: settings).status == 403)
        let saved = call(.put, "/api/v1/settings/company", as: "owner", body: settings)
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.jsonBody["version"] == .number(1) && saved.jsonBody["prices_include_vat"] == .bool(true))
        #expect(call(.put, "/api/v1/settings/company", as: "owner", body: settings).errorCode == "version_conflict")
        #expect(saved.jsonBody["time_zone"] == .string("Europe/Moscow"))
        let atlantis = settings.replacingOccurrences(of: #""version": 0"#, with: #""version": 1, "time_zone": "Europe/Atlantis""#)
        let refused = call(.put, "/api/v1/settings/company", as: "owner", body: atlantis)
        #expect(refused.status == 422 && refused.text.contains("time_zone"), "\(refused.text)")
        #expect(call(.get, "/api/v1/settings/company", as: "kim").jsonBody["version"] == .number(1))
        let east = call(.put, "/api/v1/settings/company", as: "owner", body: atlantis.replacingOccurrences(of: "Europe/Atlantis", with: "Asia/Vladivostok"))
        #expect(east.status == 200 && east.jsonBody["time_zone"] == .string("Asia/Vladivostok"), "\(east.text)")
    }

    @Test func anInvoiceIsIssuedPrintedPaidAndAged() throws {
        let early = call(.post, "/api/v1/orders/\(order)/documents", body: #"{"type": "invoice"}"#)
        #expect(early.status == 422)  // the company settings are not filled in yet
        _ = call(.put, "/api/v1/settings/company", as: "owner", body: settings)
        let issued = call(.post, "/api/v1/orders/\(order)/documents", body: #"{"type": "invoice"}"#)
        #expect(issued.status == 201, "\(issued.text)")
        #expect(issued.jsonBody["number"] == .string("INV-2026-000001") || issued.jsonBody["number"]?.description.contains("INV-") == true)
        #expect(issued.jsonBody["total"] == .string("2400.00"))
        guard case .number(let id)? = issued.jsonBody["id"] else { Issue.record("\(issued.text)"); return }
        let page = call(.get, "/api/v1/documents/\(id)/print")
        #expect(page.status == 200 && page.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains("Счёт на оплату") && page.text.contains("ООО «Ромашка»"))
        #expect(page.headers["Content-Security-Policy"] == ContentSecurityPolicy.printForm.value)
        #expect(page.headers["X-Content-Type-Options"] == "nosniff")
        #expect(call(.post, "/api/v1/orders/\(order)/documents", as: "kim", body: #"{"type": "upd"}"#).status == 403)
        let paid = call(.post, "/api/v1/payments", body: #"{"client_id": \#(client), "amount": "1000.00", "date": "2026-11-30"}"#)
        #expect(paid.status == 201, "\(paid.text)")
        #expect(paid.jsonBody["unallocated"] == .string("0.00"))
        let status = call(.get, "/api/v1/orders/\(order)/payment")
        #expect(status.jsonBody["status"] == .string("partially_paid") && status.jsonBody["due"] == .string("1400.00"))
        let csv = call(.get, "/api/v1/reports/receivables?format=csv")
        #expect(csv.status == 200 && csv.text.hasPrefix("client_id,client,balance"))
        #expect(try api.connection.query("SELECT count(*) FROM audit_log WHERE action = 'receivables.export'").single()
            .decode(0, as: Int64.self) == 1, "the CSV export of client data is audited")
        #expect(call(.get, "/api/v1/reports/receivables?format=pdf").status == 422)
        #expect(call(.get, "/api/v1/documents?type=receipt").status == 422)
        #expect(call(.get, "/api/v1/documents?from=06.12.2026").status == 422)
        let backwards = call(.get, "/api/v1/documents?from=2026-12-07&to=2026-12-06")
        #expect(backwards.status == 422 && backwards.jsonBody["error"]?["details"]?["fields"]?["from"] != nil, "\(backwards.text)")
        #expect(call(.get, "/api/v1/documents?from=1900-01-01&to=1900-01-01").jsonBody["items"] == .array([]))
        #expect(call(.post, "/api/v1/documents/\(id)/annul", body: #"{"reason": "ошибка"}"#).errorCode == "invalid_state")
    }

    @Test func aUPDsPriceIsCorrectedByAUKDAndBadCorrectionsAre422WithNothingIssued() throws {
        _ = call(.put, "/api/v1/settings/company", as: "owner", body: settings)
        _ = try SalesService().ship(SalesOrderID(rawValue: order), ShipRequest(), by: api.owner, on: api.connection)
        let upd = call(.post, "/api/v1/orders/\(order)/documents", body: #"{"type": "upd"}"#)
        guard case .number(let id)? = upd.jsonBody["id"] else { Issue.record("\(upd.text)"); return }
        for bad in [#"{"lines": []}"#, #"{"lines": [{"position": 0, "qty": "1"}]}"#, #"{"lines": [{"position": 1, "qty": "abc"}]}"#,
                    #"{"lines": [{"position": 2, "qty": "1"}]}"#, #"{"lines": [{"position": 1}]}"#] {
            let refused = call(.post, "/api/v1/documents/\(id)/corrections", body: bad)
            #expect(refused.status == 422, "\(bad): \(refused.text)")
        }
        #expect(call(.post, "/api/v1/documents/\(id)/corrections", as: "kim", body: #"{"lines": [{"position": 1, "price": "1100.00"}]}"#)
            .status == 403)
        #expect(call(.get, "/api/v1/documents?type=ukd").jsonBody["items"] == .array([]))
        let ukd = call(.post, "/api/v1/documents/\(id)/corrections", body: #"{"lines": [{"position": 1, "price": "1100.00"}]}"#)
        #expect(ukd.status == 201, "\(ukd.text)")
        #expect(ukd.jsonBody["type"] == .string("ukd") && ukd.jsonBody["total"] == .string("-200.00"))
        #expect(ukd.text.contains(#""decrease":{"gross":"200.00","net":"163.93","price":"100.00","qty":"0.000","vat":"36.07"}"#), "\(ukd.text)")
        guard case .number(let correction)? = ukd.jsonBody["id"] else { return }
        #expect(call(.get, "/api/v1/documents/\(correction)/print").text.contains("Универсальный корректировочный документ"))
        #expect(call(.get, "/api/v1/documents/\(id)/print?form=torg12").text.contains("ТОВАРНАЯ НАКЛАДНАЯ"))
        #expect(call(.get, "/api/v1/documents/\(correction)/print?form=torg12").status == 422)
        #expect(call(.get, "/api/v1/documents/\(id)/print?form=pdf").status == 422)
        #expect(call(.post, "/api/v1/documents/\(id)/annul", body: #"{"reason": "ошибка"}"#).errorCode == "invalid_state")
    }

    @Test func aPrepaymentGetsItsAdvanceInvoiceOnceOverHTTP() throws {
        _ = call(.put, "/api/v1/settings/company", as: "owner", body: settings)
        let paid = call(.post, "/api/v1/payments", body: #"{"client_id": \#(client), "amount": "5000.00", "date": "2026-11-30", "allocations": []}"#)
        guard case .number(let payment)? = paid.jsonBody["id"] else { Issue.record("\(paid.text)"); return }
        let due = call(.get, "/api/v1/advance-invoices/due")
        #expect(due.status == 200 && due.text.contains(#""advance":"5000.00""#) && due.text.contains(#""due_by":"2026-12-05""#), "\(due.text)")
        #expect(call(.get, "/api/v1/advance-invoices/due", as: "kim").status == 403)
        #expect(call(.post, "/api/v1/payments/\(payment)/advance-invoice", body: #"{"date": "30.11.2026"}"#).status == 422)
        #expect(call(.post, "/api/v1/payments/\(payment)/advance-invoice", body: #"{"date": "2026-11-29"}"#).status == 422)
        let issued = call(.post, "/api/v1/payments/\(payment)/advance-invoice", body: "{}")
        #expect(issued.status == 201 && issued.jsonBody["vat"] == .string("901.64") && issued.jsonBody["number"] == .string("ADV-2026-000001"),
                "\(issued.text)")
        #expect(call(.post, "/api/v1/payments/\(payment)/advance-invoice", body: "{}").errorCode == "duplicate")
        guard case .number(let id)? = issued.jsonBody["id"] else { return }
        #expect(call(.get, "/api/v1/advance-invoices/\(id)").jsonBody["remaining"] == .string("5000.00"))
        #expect(call(.get, "/api/v1/advance-invoices/due").text.contains("5000.00") == false)
    }
}
