import ERPCore
import Foundation
import Postgres
import Purchasing
import Testing
import Warehouse

@testable import Demo

/// The demo's reorder fields: every good has a preferred supplier, a pack and a `max_stock`, so
/// the purchaser's "Что заказать" shows real grouping and pack rounding.
@Suite("The demo's purchasing")
struct DemoPurchasingTests {
    @Test func reorderSuggestionsAreNonEmptyGroupedBySupplierAndRoundedToPacks() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let owner = try demo.owner(on: connection)
        let warehouses = try WarehouseService().warehouses(by: owner, on: connection)
        let suggestions = try warehouses.map { warehouse in
            try PurchasingService().suggestions(warehouse: warehouse.id, by: owner, on: connection)
        }
        let groups = suggestions.flatMap(\.suppliers)
        let lines = groups.flatMap(\.lines)
        #expect(!lines.isEmpty)
        // Grouped by a real supplier: no product lacks one, and no supplier appears twice for a warehouse.
        #expect(groups.allSatisfy { $0.supplierID != nil && $0.supplierName != nil })
        for warehouse in suggestions {
            #expect(Set(warehouse.suppliers.compactMap(\.supplierID)).count == warehouse.suppliers.count)
        }
        #expect(Set(groups.compactMap(\.supplierID)).count > 1)
        // Rounded up to the supplier's pack.
        #expect(lines.allSatisfy { $0.packSize.isPositive && $0.qty.thousandths % $0.packSize.thousandths == 0 })
        #expect(lines.allSatisfy { $0.maxStock.isPositive && $0.qty.isPositive })
    }
}
