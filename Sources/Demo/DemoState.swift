// The world the demo's steps share while the history is acted out: the connection, the plan,
// the random numbers and the clock, the company, what the catalog and parties steps created,
// the loader's memory of stock, today's sales happenings (what the billing step — and any later
// step — reacts to), and the tally of everything made.

import Billing
import Catalog
import ERPCore
import Parties
import Postgres
import Purchasing
import Sales
import Warehouse

/// A product as the demo remembers it.
struct DemoProduct: Sendable {
    var id: ProductID
    var sku: String
    var name: String
    var kind: ProductKind
    /// The subcategory's SKU prefix, which also says which supplier delivers it.
    var category: String
    var price: Money
    /// What a supplier charges now, per unit, without VAT, in kopecks.
    var cost: Int64
    /// How often it is bought, relative to the others.
    var weight: Int64
    /// The quantity steps it is sold in (1000 for whole units, 100 for 0.1 kg) and the usual most.
    var step: Int64
    var saleMax: Int64
    var version: Int64
    var isGoods: Bool { kind == .goods }
}

/// How a client pays: on time, late, part of it, not at all, or cash at the counter.
enum PayerHabit: String, Sendable, CaseIterable {
    case prompt, slow, partial, defaulter, cash
}

/// A client as the demo remembers it.
struct DemoClient: Sendable {
    var id: PartyID
    var name: String
    /// A private person buying at the shop (pays at once, gets no invoice).
    var retail: Bool
    /// The manager who owns the client and sells to them.
    var manager: Principal
    var warehouse: WarehouseID
    var habit: PayerHabit
    /// How often they order, relative to the others.
    var weight: Int64
    /// A regular discount on their orders, in basis points.
    var discount: Int64
    /// The delivery service that fits their address.
    var delivery: Int?
}

/// A supplier and the subcategories (SKU prefixes) they deliver.
struct DemoSupplier: Sendable {
    var id: PartyID
    var name: String
    var categories: Set<String>
}

/// What happened in sales today, for the steps that follow the sales step.
struct DemoDay: Sendable {
    var created: [SalesOrder] = []
    var confirmed: [SalesOrder] = []
    var shipped: [(order: SalesOrder, shipment: Shipment)] = []
    var returned: [(order: SalesOrder, return: SalesReturn)] = []
    /// Orders as they were just before being cancelled.
    var cancelled: [SalesOrder] = []
}

/// The state every step reads and extends.
final class DemoState {
    let connection: Connection
    let plan: DemoPlan
    var random: DemoRandom
    var clock: DemoClock
    let company: DemoCompany
    var products: [DemoProduct] = [] {
        didSet { if products.count != productIndex.count { productIndex = Dictionary(products.indices.map { (products[$0].id, $0) }) { first, _ in first } } }
    }
    /// Where each product is in `products`.
    private var productIndex: [ProductID: Int] = [:]
    var suppliers: [DemoSupplier] = []
    var clients: [DemoClient] = [] {
        didSet { if clients.count != clientIndex.count { clientIndex = Dictionary(clients.indices.map { (clients[$0].id, $0) }) { first, _ in first } } }
    }
    /// Where each client is in `clients`.
    private var clientIndex: [PartyID: Int] = [:]
    /// The goods (indices into `products`) each warehouse carries, as the stock step planned them.
    var assortment: [WarehouseID: [Int]] = [:]
    var stock = DemoStock()
    var today = DemoDay()
    var tally = DemoTally()

    /// A state drawing random numbers from `seed` (by default the plan's).
    init(connection: Connection, plan: DemoPlan, clock: DemoClock, company: DemoCompany, seed: UInt64? = nil) {
        self.connection = connection
        self.plan = plan
        self.clock = clock
        self.company = company
        random = DemoRandom(seed: seed ?? plan.seed)
    }

    /// The product with this id, as the demo remembers it.
    func product(_ id: ProductID) -> DemoProduct? {
        productIndex[id].map { products[$0] }
    }

    /// The client with this id, as the demo remembers it.
    func client(_ id: PartyID) -> DemoClient? {
        clientIndex[id].map { clients[$0] }
    }

    /// The services, reading "now" from the simulated clock.
    var catalog: CatalogService { CatalogService(time: clock.time) }
    var warehouse: WarehouseService { WarehouseService(time: clock.time) }
    var sales: SalesService { SalesService(time: clock.time) }
    var billing: BillingService { BillingService(time: clock.time) }
    var purchasing: PurchasingService { PurchasingService(time: clock.time) }

    /// Moves the clock on a little: the next action happens a few minutes later.
    func tick() {
        clock.tick(&random)
    }

    /// Posts a stock document at the current time, remembering its effect and counting it.
    /// - Throws: `ERPError` from `WarehouseService.post`.
    @discardableResult
    func post(_ command: StockCommand, by principal: Principal) throws -> StockDocument {
        tick()
        let document = try warehouse.post(command, by: principal, on: connection)
        stock.record(document)
        tally.count(document)
        return document
    }

    /// The purchaser creates and places a supplier order at the current time, counting it.
    /// - Throws: `ERPError` from `PurchasingService`.
    func place(_ command: NewPurchaseOrder) throws -> PurchaseOrder {
        tick()
        let draft = try purchasing.create(command, by: company.purchaser, on: connection)
        let placed = try purchasing.place(draft.id, by: company.purchaser, on: connection)
        tally.purchaseOrders += 1
        return placed
    }

    /// Receives against a supplier order at the current time, remembering the receipt's effect.
    /// - Throws: `ERPError` from `PurchasingService.receive`.
    func receive(_ command: OrderReceipt, by principal: Principal) throws -> StockDocument {
        tick()
        let receipt = try purchasing.receive(command, by: principal, on: connection).receipt
        stock.record(receipt)
        tally.count(receipt)
        return receipt
    }

    /// The accountant records a supplier's bill at the current time, counting it.
    /// - Throws: `ERPError` from `PurchasingService.record`.
    func record(_ bill: NewSupplierBill) throws {
        tick()
        _ = try purchasing.record(bill, by: company.accountant, on: connection)
        tally.supplierBills += 1
    }

    /// The accountant pays a supplier (oldest open bills first) at the current time, counting it.
    /// - Throws: `ERPError` from `PurchasingService.pay`.
    func pay(_ payment: NewSupplierPayment) throws {
        tick()
        _ = try purchasing.pay(payment, by: company.accountant, on: connection)
        tally.supplierPayments += 1
    }

    /// Sends goods of a receipt back to the supplier, remembering the effect.
    /// - Throws: `ERPError` from `PurchasingService.sendBack`.
    func sendBack(_ command: NewSupplierReturn, by principal: Principal) throws {
        tick()
        let sent = try purchasing.sendBack(command, by: principal, on: connection)
        for line in sent.lines { stock.move(line.productID, in: sent.warehouseID, by: -line.qty.thousandths) }
        tally.supplierReturns += 1
        tally.stockMoves += sent.lines.count
    }
}
