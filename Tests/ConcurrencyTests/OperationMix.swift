// Every operation that changes stock or money, as the randomized test performs it: chosen with a
// weight, given random but plausible arguments from what exists, run through the services on the
// worker's own connection, and — when acknowledged — recorded in the tally with its effects.

import Billing
import Catalog
import ERPCore
import Exchange
import Foundation
import Postgres
import Purchasing
import Sales
import Synchronization
import TestShop
import TestSupport
import Warehouse

enum Operation: String, CaseIterable {
    case receipt, transfer, writeOff, instantCount, openCount, postOpenCount, cancelStockDocument
    case createOrder, createOrders, confirmOrder, confirmOrders, shipOrder, shipOrders, cancelOrder, takeReturn, releaseStale
    case issueDocument, correctDocument, annulDocument, recordPayment, reversePayment, issueAdvanceInvoice
    case issueDocuments, recordPayments
    case importStatement, resolveStatementLine, dismissStatementLine, reopenStatementLine
    case createPurchaseOrder, receiveAgainstOrder, returnToSupplier, cancelPurchaseOrder

    var weight: Int {
        switch self {
        case .receipt: 30
        case .transfer: 24
        case .writeOff: 12
        case .instantCount: 8
        case .openCount: 3
        case .postOpenCount: 6
        case .cancelStockDocument: 10
        case .createOrder: 50
        case .createOrders: 8
        case .confirmOrder: 50
        case .confirmOrders: 12
        case .shipOrder: 40
        case .shipOrders: 10
        case .cancelOrder: 10
        case .takeReturn: 16
        case .releaseStale: 1
        case .issueDocument: 30
        case .correctDocument: 8
        case .annulDocument: 8
        case .recordPayment: 24
        case .reversePayment: 8
        case .issueAdvanceInvoice: 10
        case .issueDocuments: 10
        case .recordPayments: 8
        case .createPurchaseOrder: 12
        case .receiveAgainstOrder: 20
        case .returnToSupplier: 10
        case .cancelPurchaseOrder: 3
        case .importStatement: 10
        case .resolveStatementLine: 6
        case .dismissStatementLine: 4
        case .reopenStatementLine: 2
        }
    }

    static func pick(using random: inout SplitMix64) -> Operation {
        var roll = Int.random(in: 0..<allCases.reduce(0) { $0 + $1.weight }, using: &random)
        for operation in allCases {
            if roll < operation.weight { return operation }
            roll -= operation.weight
        }
        return .receipt
    }
}

/// One worker: its connection, its random numbers, and the shared world.
struct Worker {
    let world: World
    let connection: Connection
    var random: SplitMix64

    /// Performs one random operation; acknowledged effects and refusals go to the tally.
    mutating func step() {
        let operation = Operation.pick(using: &random)
        do {
            if try perform(operation) {
                world.tally.withLock { $0.succeeded[operation.rawValue, default: 0] += 1 }
            }
        } catch let error as ERPError {
            switch error {
            case .insufficientStock, .exceedsOrder, .invalidState, .validationFailed, .versionConflict, .duplicate:
                world.tally.withLock { $0.refused[operation.rawValue, default: 0] += 1 }
            default:
                world.tally.withLock { $0.unexpected.append("\(operation): \(error)") }
            }
        } catch {
            world.tally.withLock { $0.unexpected.append("\(operation): \(error)") }
        }
    }

    private mutating func qty(_ product: Product, upTo whole: Int64 = 4) -> Quantity {
        product.unit == "kg" ? Quantity(thousandths: Int64.random(in: 1...(whole * 2), using: &random) * 500)
                             : pcs(Int64.random(in: 1...whole, using: &random))
    }

    /// Mostly the first product in the first warehouse: a hot spot, where interleavings happen.
    private mutating func goods() -> Product {
        world.goods[[0, 0, 0, 0, 1, 2].randomElement(using: &random)!]
    }

    private mutating func warehouse() -> WarehouseID {
        world.warehouses[[0, 0, 0, 1].randomElement(using: &random)!]
    }

    /// A random order the tally believes to be in the state `wanted` (it may have moved on since:
    /// then the service refuses, which the test counts too).
    private mutating func someOrder(_ wanted: OrderState? = nil) -> (SalesOrderID, OrderFacts)? {
        world.tally.withLock { tally in
            let candidates = wanted.map { state in tally.orderIDs.filter { tally.order($0, is: state) } } ?? tally.orderIDs
            return candidates.randomElement(using: &random).map { ($0, tally.orders[$0]!) }
        }
    }

    /// Runs `operation`; false when there was nothing to act on yet.
    private mutating func perform(_ operation: Operation) throws -> Bool {
        let (stock, sales, billing, purchasing, people) = (world.stock, world.sales, world.billing, world.purchasing, world.people)
        switch operation {
        case .receipt:
            let lines = (0..<Int.random(in: 1...3, using: &random)).map { _ in goods() }
            let unique = Dictionary(lines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.id < $1.id }
            let receipt = NewReceipt(warehouseID: warehouse(), lines: unique.map { product in
                ReceiptLine(productID: product.id, qty: qty(product, upTo: 3), unitCost: Money(minorUnits: Int64.random(in: 5_000...40_000, using: &random)))
            })
            let document = try stock.post(.receipt(receipt), by: people.keeper, on: connection)
            record(posted: document)
        case .transfer:
            let from = warehouse(), to = world.warehouses.first { $0 != from }!
            let product = goods()
            let document = try stock.post(.transfer(NewTransfer(fromWarehouseID: from, toWarehouseID: to, lines: [
                StockLine(productID: product.id, qty: qty(product))])), by: people.keeper, on: connection)
            record(posted: document)
        case .writeOff:
            let product = goods()
            let document = try stock.post(.writeOff(NewWriteOff(warehouseID: warehouse(), reason: .damaged, lines: [
                StockLine(productID: product.id, qty: qty(product, upTo: 2))])), by: people.keeper, on: connection)
            record(posted: document)
        case .instantCount:
            let product = goods(), place = warehouse()
            let onHand = try world.onHand(product.id, in: place, on: connection)
            let counted = max(0, onHand + Int64.random(in: -2...2, using: &random) * (product.unit == "kg" ? 500 : 1000))
            let document = try stock.post(.stockCount(NewStockCount(warehouseID: place, lines: [
                CountLine(productID: product.id, countedQty: Quantity(thousandths: counted))])), by: people.keeper, on: connection)
            record(posted: document)
        case .openCount:
            let document = try stock.post(.stockCount(NewStockCount(warehouseID: warehouse(), open: true)), by: people.keeper, on: connection)
            world.tally.withLock { $0.openCounts.append(document) }
        case .postOpenCount:
            guard let count = world.tally.withLock({ $0.openCounts.randomElement(using: &random) }) else { return false }
            let counted = count.lines.filter { _ in Bool.random(using: &random) }.map { line in
                CountLine(productID: line.productID,
                          countedQty: Quantity(thousandths: max(0, (line.bookQty?.thousandths ?? 0) + Int64.random(in: -1...1, using: &random) * 1000)))
            }
            if !counted.isEmpty { _ = try stock.fill(count.id, with: StockCountChanges(lines: counted), by: people.keeper, on: connection) }
            let document = try stock.postCount(count.id, by: people.keeper, on: connection)
            world.tally.withLock { $0.openCounts.removeAll { $0.id == count.id } }
            record(posted: document)
        case .cancelStockDocument:
            guard let target = world.tally.withLock({ $0.stockDocuments.randomElement(using: &random) }) else { return false }
            // Through Purchasing, as the doors do: a receipt an order or a return depends on stays.
            let document = try purchasing.cancel(target.id, type: target.type, by: people.keeper, on: connection)
            world.tally.withLock { $0.apply(document, sign: -1) }
        case .createOrder:
            let (manager, client) = world.sellers.randomElement(using: &random)!
            var lines: [NewOrderLine] = []
            for product in Set((0..<Int.random(in: 1...3, using: &random)).map { _ in goods().id }).sorted() {
                lines.append(NewOrderLine(productID: product, qty: qty(world.product(product), upTo: 3)))
            }
            if Int.random(in: 0..<5, using: &random) == 0 { lines.append(NewOrderLine(productID: world.service.id, qty: pcs(1))) }
            let order = try sales.create(NewOrder(clientID: client, warehouseID: warehouse(), lines: lines), by: manager, on: connection)
            let facts = OrderFacts(client: client, warehouse: order.warehouseID, manager: manager,
                                   goods: Dictionary(order.lines.filter { $0.kind == .goods }.map { ($0.productID, $0.qty.thousandths) },
                                                     uniquingKeysWith: +))
            world.tally.withLock {
                $0.orders[order.id] = facts
                $0.orderIDs.append(order.id)
                $0.number(order.number, in: "sales_orders")
            }
        case .createOrders:
            // A manager's batch: two or three orders of their clients created in one call, all or nothing.
            let (manager, client) = world.sellers.randomElement(using: &random)!
            var commands: [NewOrder] = []
            for _ in 0..<Int.random(in: 2...3, using: &random) {
                let product = goods()
                commands.append(NewOrder(clientID: client, warehouseID: warehouse(),
                                         lines: [NewOrderLine(productID: product.id, qty: qty(product, upTo: 3))]))
            }
            let orders = try sales.create(commands, by: manager, on: connection)
            world.tally.withLock { tally in
                for order in orders {
                    tally.orders[order.id] = OrderFacts(client: client, warehouse: order.warehouseID, manager: manager,
                                                        goods: Dictionary(order.lines.map { ($0.productID, $0.qty.thousandths) },
                                                                          uniquingKeysWith: +))
                    tally.orderIDs.append(order.id)
                    tally.number(order.number, in: "sales_orders")
                }
            }
        case .confirmOrders:
            // Two or three drafts confirmed in one batch by the owner: every line reserved, or none.
            guard let (first, _) = someOrder(.draft) else { return false }
            var batch = [first]
            for _ in 0..<2 {
                if let (id, _) = someOrder(.draft), !batch.contains(id) { batch.append(id) }
            }
            let confirmed = try sales.confirm(batch, by: people.owner, on: connection)
            world.tally.withLock { tally in
                for order in confirmed { tally.confirmed.insert(order.id) }
            }
        case .confirmOrder:
            guard let (id, facts) = someOrder(.draft) else { return false }
            _ = try sales.confirm(id, by: facts.manager, on: connection)
            world.tally.withLock { _ = $0.confirmed.insert(id) }
        case .shipOrder:
            guard let (id, facts) = someOrder(.open), let product = facts.goods.keys.randomElement(using: &random) else { return false }
            let request = Bool.random(using: &random) ? ShipRequest()
                : ShipRequest(lines: [OrderQuantity(productID: product, qty: qty(world.product(product), upTo: 2))])
            let shipment = try sales.ship(id, request, by: people.keeper, on: connection).shipment
            world.tally.withLock { tally in
                for line in shipment.lines {
                    tally.shipped[id, default: [:]][line.productID, default: 0] += line.qty.thousandths
                    tally.move(-line.qty.thousandths, of: line.productID, in: facts.warehouse)
                }
                tally.number(shipment.number, in: "shipments")
            }
        case .shipOrders:
            // A wave: two or three open orders of one warehouse shipped in one batch, all or nothing.
            guard let (first, facts) = someOrder(.open) else { return false }
            var batch = [first]
            for _ in 0..<2 {
                if let (id, other) = someOrder(.open), other.warehouse == facts.warehouse, !batch.contains(id) { batch.append(id) }
            }
            let shipped = try sales.ship(batch.map { OrderShipment(orderID: $0) }, by: people.keeper, on: connection)
            world.tally.withLock { tally in
                for (order, shipment) in shipped {
                    for line in shipment.lines {
                        tally.shipped[order.id, default: [:]][line.productID, default: 0] += line.qty.thousandths
                        tally.move(-line.qty.thousandths, of: line.productID, in: facts.warehouse)
                    }
                    tally.number(shipment.number, in: "shipments")
                }
            }
        case .cancelOrder:
            guard let (id, facts) = someOrder() else { return false }
            _ = try sales.cancel(id, by: facts.manager, on: connection)
            world.tally.withLock { _ = $0.cancelled.insert(id) }
        case .takeReturn:
            guard let (id, facts) = someOrder(.shipped),
                  let product = world.tally.withLock({ $0.shipped[id]?.keys.randomElement(using: &random) }) else { return false }
            let returned = try sales.takeReturn(ReturnRequest(reason: .defective, lines: [
                OrderQuantity(productID: product, qty: qty(world.product(product), upTo: 1))]), against: id, by: people.keeper, on: connection).return
            world.tally.withLock { tally in
                for line in returned.lines {
                    tally.returned[id, default: [:]][line.productID, default: 0] += line.qty.thousandths
                    tally.move(line.qty.thousandths, of: line.productID, in: facts.warehouse)
                }
                tally.number(returned.number, in: "sales_returns")
            }
        case .releaseStale:
            let released = try world.later.releaseStale(olderThan: 7, by: people.owner, on: connection)
            world.tally.withLock { tally in for order in released { tally.cancelled.insert(order.orderID) } }
        case .issueDocument:
            let state = [OrderState.open, .shipped].randomElement(using: &random)!
            guard let (id, _) = someOrder(state) else { return false }
            let type: DocumentType = state == .open ? [.invoice, .act].randomElement(using: &random)! : [.upd, .correction].randomElement(using: &random)!
            let document = try billing.issue(IssueRequest(type: type), for: id, by: people.accountant, on: connection)
            world.tally.withLock { $0.recordIssued(document) }
        case .correctDocument:
            // A price correction of a live UPD's first line, up or down, racing returns' УКДs and annulments.
            guard let upd = world.tally.withLock({ $0.liveDocuments.values.filter { $0.type == .upd }.randomElement(using: &random) }) else {
                return false
            }
            let price = Money(minorUnits: Int64.random(in: 1...500_000, using: &random))
            let document = try billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: price)]), of: upd.id,
                                               by: people.accountant, on: connection)
            world.tally.withLock { $0.recordIssued(document) }
        case .annulDocument:
            guard let id = world.tally.withLock({ $0.documentIDs.randomElement(using: &random) }) else { return false }
            _ = try billing.annul(id, reason: "ошибка в документе", by: people.accountant, on: connection)
            world.tally.withLock { _ = $0.liveDocuments.removeValue(forKey: id) }
        case .recordPayment:
            let client = world.sellers.randomElement(using: &random)!.client
            var allocations: [Allocation]?
            if Bool.random(using: &random), let invoice = world.tally.withLock({ tally in
                tally.liveDocuments.values.filter { $0.type == .invoice && $0.clientID == client }.randomElement(using: &random)
            }) {
                allocations = [Allocation(documentID: invoice.id, amount: Money(minorUnits: Int64.random(in: 1...max(1, invoice.total.minorUnits), using: &random)))]
            }
            let amount = max(allocations?.first?.amount.minorUnits ?? 0, Int64.random(in: 10_000...300_000, using: &random))
            let payment = try billing.record(NewPayment(clientID: client, amount: Money(minorUnits: amount), date: world.today,
                                                        allocations: allocations), by: people.accountant, on: connection)
            world.tally.withLock { $0.recordPayment(payment) }
        case .issueAdvanceInvoice:
            // A prepayment's advance invoice, racing another for the same payment, its reversal, and the
            // UPDs that offset it.
            guard let id = world.tally.withLock({ $0.livePayments.keys.randomElement(using: &random) }) else { return false }
            let invoice = try billing.issueAdvanceInvoice(AdvanceInvoiceRequest(), for: id, by: people.accountant, on: connection)
            world.tally.withLock {
                $0.advanceInvoices[invoice.id] = invoice.paymentID
                $0.number(invoice.number, in: "advance_invoices")
            }
        case .importStatement, .resolveStatementLine, .dismissStatementLine, .reopenStatementLine:
            return try performStatement(operation)
        case .issueDocuments, .recordPayments:
            return try performBatch(operation)
        case .reversePayment:
            guard let id = world.tally.withLock({ $0.paymentIDs.randomElement(using: &random) }) else { return false }
            _ = try billing.reverse(id, reason: "возврат банком", by: people.accountant, on: connection)
            world.tally.withLock {
                _ = $0.livePayments.removeValue(forKey: id)
                _ = $0.reversedPayments.insert(id)
            }
        case .createPurchaseOrder, .receiveAgainstOrder, .returnToSupplier, .cancelPurchaseOrder:
            return try performPurchase(operation, purchasing, people)
        }
        return true
    }

    /// The purchasing operations: a purchaser orders and cancels, the storekeeper receives and sends back.
    private mutating func performPurchase(_ operation: Operation, _ purchasing: PurchasingService, _ people: People) throws -> Bool {
        switch operation {
        case .createPurchaseOrder:
            let products = Set((0..<Int.random(in: 1...2, using: &random)).map { _ in goods().id }).sorted()
            let lines = products.map { NewPurchaseOrderLine(productID: $0, qty: qty(world.product($0), upTo: 6),
                                                            price: Money(minorUnits: Int64.random(in: 5_000...40_000, using: &random))) }
            let draft = try purchasing.create(NewPurchaseOrder(supplierID: world.shop.supplier.id, warehouseID: warehouse(), lines: lines),
                                              by: people.purchaser, on: connection)
            world.tally.withLock { $0.number(draft.number, in: "purchase_orders") }
            let placed = try purchasing.place(draft.id, by: people.purchaser, on: connection)
            world.tally.withLock {
                $0.purchaseOrders[placed.id] = Dictionary(placed.lines.map { ($0.productID, $0.qty.thousandths) }, uniquingKeysWith: +)
            }
        case .receiveAgainstOrder:
            guard let (id, lines) = world.tally.withLock({ tally in
                tally.purchaseOrders.filter { !tally.cancelledPurchases.contains($0.key) }.randomElement(using: &random)
            }) else { return false }
            let product = lines.keys.randomElement(using: &random)!
            let asked = Bool.random(using: &random) ? nil : [OrderReceiptLine(productID: product, qty: qty(world.product(product), upTo: 3))]
            let receipt = try purchasing.receive(OrderReceipt(purchaseOrderID: id, lines: asked), by: people.keeper, on: connection).receipt
            world.tally.withLock { tally in
                for line in receipt.lines { tally.receivedOnOrder[id, default: [:]][line.productID, default: 0] += line.qty?.thousandths ?? 0 }
            }
            record(posted: receipt)
        case .returnToSupplier:
            guard let receipt = world.tally.withLock({ $0.receipts.randomElement(using: &random) }),
                  let line = receipt.lines.randomElement(using: &random) else { return false }
            let sent = try purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective, lines: [
                SupplierReturnQuantity(productID: line.productID, qty: qty(world.product(line.productID), upTo: 2))]),
                by: people.keeper, on: connection)
            world.tally.withLock { tally in
                for line in sent.lines { tally.move(-line.qty.thousandths, of: line.productID, in: sent.warehouseID) }
                tally.number(sent.number, in: "supplier_returns")
            }
        default:
            guard let id = world.tally.withLock({ $0.purchaseOrders.keys.randomElement(using: &random) }) else { return false }
            _ = try purchasing.cancel(id, by: people.purchaser, on: connection)
            world.tally.withLock { _ = $0.cancelledPurchases.insert(id) }
        }
        return true
    }

    private func record(posted document: StockDocument) {
        world.tally.withLock { tally in
            tally.apply(document)
            tally.stockDocuments.append((document.id, document.type))
            if document.type == .receipt { tally.receipts.append(document) }
            tally.number(document.number, in: "stock_documents")
        }
    }
}
