import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import ERPServer

/// The change feed over HTTP, read by the example website (examples/shop_sync.py, docs/integrations.md).
@Suite("IntegrationRoutes")
struct IntegrationRoutesTests {
    /// Runs `examples/shop_sync.py stock` against the server on `port`; returns what it printed.
    static func syncStock(port: Int, token: String, state: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [RepositoryFiles.root.appendingPathComponent("examples/shop_sync.py").path, "stock",
                             "http://127.0.0.1:\(port)", token, state]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return printed.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theExampleWebsiteKeepsItsStockFromTheFeedAndContinuesFromItsCursor() throws {
        let fixture = try APIFixture(users: [])
        let (owner, connection) = (fixture.owner, fixture.connection)
        let warehouse = try WarehouseService().create(NewWarehouse(code: "MAIN", name: "Main"), by: owner, on: connection)
        let product = try CatalogService().create(NewProduct(sku: "HAM-1", name: "Молоток", unit: "pcs", price: Money("450.00")!,
                                                             vatRate: .percent20), by: owner, on: connection)
        func receive(_ qty: Int64) throws {
            _ = try WarehouseService().post(.receipt(NewReceipt(warehouseID: warehouse.id, lines: [
                ReceiptLine(productID: product.id, qty: Quantity(thousandths: qty * 1000), unitCost: Money("300.00")!),
            ])), by: owner, on: connection)
        }
        try receive(10)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("stock-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        try serving(fixture.server) { port in
            let key = "\(product.id)@\(warehouse.id)"
            #expect(try Self.syncStock(port: port, token: fixture.tokens["owner"]!, state: state) == #"{"\#(key)": "10.000"}"#)
            try receive(5)
            #expect(try Self.syncStock(port: port, token: fixture.tokens["owner"]!, state: state) == #"{"\#(key)": "15.000"}"#)
        }
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state))) as? [String: Any]
        #expect((saved?["cursor"] as? String).flatMap { Int64($0) } ?? 0 > 0)
    }
}
