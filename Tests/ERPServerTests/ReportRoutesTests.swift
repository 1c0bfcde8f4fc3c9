import Catalog
import ERPCore
import Foundation
import HTTP1
import TestSupport
import Testing

@testable import ERPServer

/// The report routes take the filters the report pages have — a period preset, a warehouse, a
/// manager, a client, the movement groupings — and answer in the reader's language.
@Suite("Report routes")
struct ReportRoutesTests {
    let api: APIFixture
    let main: Int64
    let floor: Int64

    init() throws {
        api = try APIFixture(users: [("manager", .manager)])
        let hammer = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00"),
                                                            vatRate: .percent20), by: api.owner, on: api.connection).id.rawValue
        let api = self.api
        func warehouse(_ code: String, receiving qty: String) throws -> Int64 {
            let made = api.call(.post, "/api/v1/warehouses", as: "owner", body: #"{"code": "\#(code)", "name": "Склад \#(code)"}"#)
            guard case .number(let text)? = made.jsonBody["id"], let id = Int64(text) else { throw ERPError.badRequest(reason: made.text) }
            let receipt = api.call(.post, "/api/v1/receipts", as: "owner", body: """
                {"warehouse_id": \(id), "lines": [{"product_id": \(hammer), "qty": "\(qty)", "unit_cost": "100.00"}]}
                """)
            guard receipt.status == 201 else { throw ERPError.badRequest(reason: receipt.text) }
            return id
        }
        main = try warehouse("MAIN", receiving: "5")
        floor = try warehouse("FLOOR", receiving: "3")
    }

    private func rows(_ target: String, headers: [(String, String)] = []) -> [JSONValue] {
        guard case .array(let rows)? = api.call(.get, target, as: "owner", headers: headers).jsonBody["rows"] else { return [] }
        return rows
    }

    @Test func movementsAndStockNarrowToOneWarehouseAndGroupByWarehouseProductOrDay() {
        #expect(rows("/api/v1/reports/movements?group_by=warehouse").compactMap { $0["key"] } == [.string("FLOOR"), .string("MAIN")])
        let floorOnly = rows("/api/v1/reports/movements?group_by=product&warehouse_id=\(floor)")
        #expect(floorOnly.count == 1 && floorOnly.first?["qty"] == .string("3.000") && floorOnly.first?["value_in"] == .string("300.00"))
        #expect(rows("/api/v1/reports/movements?group_by=day&warehouse_id=\(main)").first?["moves"] == .number("1"))
        #expect(rows("/api/v1/reports/stock?warehouse_id=\(main)").map { $0["value"] } == [.string("500.00")])
        #expect(rows("/api/v1/reports/write-offs?warehouse_id=\(main)&preset=year").isEmpty)
        #expect(api.call(.get, "/api/v1/reports/movements?group_by=colour", as: "owner").status == 422)
        #expect(api.call(.get, "/api/v1/reports/stock?warehouse_id=main", as: "owner").status == 422)
    }

    @Test func aPresetNamesItsPeriodAndDatesBesideANamedPresetAreRefused() {
        let year = api.call(.get, "/api/v1/reports/revenue?preset=year", as: "owner")
        #expect(year.status == 200)
        #expect(year.jsonBody["parameters"]?["from"]?.description.contains("-01-01") == true, "\(year.text)")
        let both = api.call(.get, "/api/v1/reports/movements?preset=month&from=2026-01-01", as: "owner")
        #expect(both.status == 422 && both.jsonBody["error"]?["details"]?["fields"]?["preset"] != nil, "\(both.text)")
        #expect(api.call(.get, "/api/v1/reports/revenue?preset=custom&from=2026-01-01&to=2026-01-31", as: "owner")
            .jsonBody["parameters"]?["to"] == .string("2026-01-31"))
        #expect(api.call(.get, "/api/v1/reports/revenue?preset=someday", as: "owner").status == 422)
    }

    @Test func revenueNarrowsToAManagerOrClientAndAManagerCannotReadItEvenForThemselves() {
        let manager = api.users["manager"].map { String($0.rawValue) } ?? ""
        let narrowed = api.call(.get, "/api/v1/reports/revenue?manager_id=\(manager)&client_id=1", as: "owner")
        #expect(narrowed.jsonBody["parameters"]?["manager_id"] == .string(manager) && narrowed.jsonBody["parameters"]?["client_id"] == .string("1"))
        let own = api.call(.get, "/api/v1/reports/revenue?manager_id=\(manager)", as: "manager")
        #expect(own.status == 403 && own.errorCode == "forbidden")
    }

    @Test func reportWordsAreRussianUnlessTheReaderAsksForEnglish() {
        let russian = api.call(.get, "/api/v1/reports/stock", as: "owner")
        #expect(russian.jsonBody["totals"]?["key"] == .string("Итого") && russian.jsonBody["totals"]?["name"] == .string("групп: 2"))
        let english = api.call(.get, "/api/v1/reports/stock", as: "owner", headers: [("Accept-Language", "en-GB,en;q=0.9")])
        #expect(english.jsonBody["totals"]?["key"] == .string("Total") && english.jsonBody["totals"]?["name"] == .string("groups: 2"))
        let csv = api.call(.get, "/api/v1/reports/movements?group_by=day&format=csv", as: "owner")
        #expect(csv.text.contains("Итого") && !csv.text.contains("total"), "\(csv.text)")
    }
}
