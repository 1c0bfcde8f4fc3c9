import Catalog
import ERPCore
import Testing
import TestSupport

@testable import Warehouse

/// What a receipt and a transfer cost in round trips to the database (issue #20): a small
/// constant, whatever their line count. Each is measured after a first run of the same kind, so
/// its statements are already prepared on the connection (preparing is once per session).
@Suite("Round trips of stock documents")
struct StockRoundTripsTests {
    /// The round trips of a receipt and of a transfer of `products` (one piece each).
    private func trips(_ shop: Shop, _ products: [Product]) throws -> (receipt: Int, transfer: Int) {
        let receipt = try shop.connection.roundTripsTaken {
            _ = try shop.service.post(.receipt(NewReceipt(warehouseID: shop.main.id, supplierID: shop.supplier.id, lines: products.map {
                ReceiptLine(productID: $0.id, qty: Quantity("1")!, unitCost: Money("10.00")!)
            })), by: shop.keeper, on: shop.connection)
        }
        let transfer = try shop.connection.roundTripsTaken {
            _ = try shop.service.post(.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                                            lines: products.map { StockLine(productID: $0.id, qty: Quantity("1")!) })),
                                      by: shop.keeper, on: shop.connection)
        }
        return (receipt, transfer)
    }

    @Test func aReceiptAndATransferTakeAsManyRoundTripsForThreeLinesAsForOne() throws {
        let shop = try Shop()
        _ = try trips(shop, [shop.hammer])
        let one = try trips(shop, [shop.hammer])
        let saw = try CatalogService(time: .fixed(Shop.now)).create(NewProduct(sku: "SAW", name: "Пила", unit: "pcs", price: Money("100.00"),
                                                                               vatRate: .percent20), by: shop.owner, on: shop.connection)
        let three = try trips(shop, [shop.hammer, shop.nails, saw])
        #expect(three.receipt == one.receipt)
        #expect(three.transfer == one.transfer)
        // A posting adds to the movements report's totals in one statement of its own.
        #expect(one.receipt <= 16, "receipt: \(one.receipt) round trips")
        #expect(one.transfer <= 16, "transfer: \(one.transfer) round trips")
        #expect(try shop.service.check(on: shop.connection).isEmpty)
    }
}
