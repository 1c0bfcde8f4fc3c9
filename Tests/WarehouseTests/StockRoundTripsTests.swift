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
        // Neither reads its document back (it answers what it wrote), and the audit row and change
        // event ride with COMMIT; the id is reserved on a trip of its own, then the header (numbered),
        // the lines, the moves, the levels and the movements report's totals are one statement:
        // 7 each (11 when the number, the header, the lines and the totals took a trip each).
        #expect(one.receipt <= 7, "receipt: \(one.receipt) round trips")
        #expect(one.transfer <= 7, "transfer: \(one.transfer) round trips")
        #expect(try shop.service.check(on: shop.connection).isEmpty)
    }

    /// Receipts, transfers and write-offs build their answer from what they wrote instead of
    /// reading the document back: the answer must be the document as stored, field for field —
    /// with costs for those who see them, without for the storekeeper.
    @Test func eachPostingAnswersTheDocumentAsStored() throws {
        let shop = try Shop()
        func stored(_ document: StockDocument, by principal: Principal) throws -> StockDocument {
            try shop.service.document(document.id, type: document.type, by: principal, on: shop.connection)
        }
        let receipt = try shop.service.post(.receipt(NewReceipt(
            warehouseID: shop.main.id, supplierID: shop.supplier.id, supplierRef: "TN-7", note: "Утренняя поставка", lines: [
                ReceiptLine(productID: shop.hammer.id, qty: Quantity("12")!, unitCost: Money("250.50")!, countryCode: "CN",
                            customsDeclaration: "10702070/011226/0012345"),
                ReceiptLine(productID: shop.nails.id, qty: Quantity("7.250")!, unitCost: Money("90.00")!),
            ])), by: shop.owner, on: shop.connection)
        #expect(receipt.totalCost == Money("3658.50"))
        #expect(receipt.lines.map(\.name) == ["Молоток", "Гвозди 100 мм"])
        #expect(try stored(receipt, by: shop.owner) == receipt)
        let hidden = try shop.receive([(shop.hammer, "3", "240.00")])
        #expect(hidden.totalCost == nil && hidden.lines.allSatisfy { $0.unitCost == nil })
        #expect(try stored(hidden, by: shop.keeper) == hidden)
        let transfer = try shop.service.post(.transfer(NewTransfer(
            fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id, note: "В магазин",
            lines: [StockLine(productID: shop.hammer.id, qty: Quantity("5")!), StockLine(productID: shop.nails.id, qty: Quantity("1.5")!)])),
            by: shop.keeper, on: shop.connection)
        #expect(transfer.warehouseCode == "MAIN" && transfer.toWarehouseCode == "SHOP")
        #expect(try stored(transfer, by: shop.keeper) == transfer)
        let writeOff = try shop.service.post(.writeOff(NewWriteOff(
            warehouseID: shop.shop.id, reason: .damaged, note: "Упал со стеллажа", lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
            by: shop.owner, on: shop.connection)
        #expect(try stored(writeOff, by: shop.owner) == writeOff)
        #expect(try shop.service.check(on: shop.connection).isEmpty)
    }
}
