// The world the demo's steps share while the history is acted out: the connection, the plan,
// the random numbers and the clock, the company, what the catalog and parties steps created,
// the loader's memory of stock, today's sales happenings (what the billing step — and any later
// step — reacts to), and the tally of everything made.

import Billing
import Catalog
import ERPCore
import Parties
import Postgres
import Sales
import Warehouse

/// A product as the demo remembers it.
package struct DemoProduct: Sendable {
    package var id: ProductID
    package var sku: String
    package var name: String
    package var kind: ProductKind
    /// The subcategory's SKU prefix, which also says which supplier delivers it.
    package var category: String
    package var price: Money
    /// What a supplier charges now, per unit, without VAT, in kopecks.
    package var cost: Int64
    /// How often it is bought, relative to the others.
    package var weight: Int64
    /// The quantity steps it is sold in (1000 for whole units, 100 for 0.1 kg) and the usual most.
    package var step: Int64
    package var saleMax: Int64
    package var version: Int64
    package var isGoods: Bool { kind == .goods }
}

/// How a client pays: on time, late, part of it, not at all, or cash at the counter.
package enum PayerHabit: String, Sendable, CaseIterable {
    case prompt, slow, partial, defaulter, cash
}

/// A client as the demo remembers it.
package struct DemoClient: Sendable {
    package var id: PartyID
    package var name: String
    /// A private person buying at the shop (pays at once, gets no invoice).
    package var retail: Bool
    /// The manager who owns the client and sells to them.
    package var manager: Principal
    package var warehouse: WarehouseID
    package var habit: PayerHabit
    /// How often they order, relative to the others.
    package var weight: Int64
    /// A regular discount on their orders, in basis points.
    package var discount: Int64
    /// The delivery service that fits their address.
    package var delivery: Int?
}

/// A supplier and the subcategories (SKU prefixes) they deliver.
package struct DemoSupplier: Sendable {
    package var id: PartyID
    package var name: String
    package var categories: Set<String>
}

/// What happened in sales today, for the steps that follow the sales step.
package struct DemoDay: Sendable {
    package var created: [SalesOrder] = []
    package var confirmed: [SalesOrder] = []
    package var shipped: [(order: SalesOrder, shipment: Shipment)] = []
    package var returned: [(order: SalesOrder, return: SalesReturn)] = []
    /// Orders as they were just before being cancelled.
    package var cancelled: [SalesOrder] = []
}

/// The state every step reads and extends.
package final class DemoState {
    package let connection: Connection
    package let plan: DemoPlan
    package var random: DemoRandom
    package var clock: DemoClock
    package let company: DemoCompany
    package var products: [DemoProduct] = [] {
        didSet { if products.count != productIndex.count { productIndex = Dictionary(products.indices.map { (products[$0].id, $0) }) { first, _ in first } } }
    }
    /// Where each product is in `products`.
    private var productIndex: [ProductID: Int] = [:]
    package var suppliers: [DemoSupplier] = []
    package var clients: [DemoClient] = [] {
        didSet { if clients.count != clientIndex.count { clientIndex = Dictionary(clients.indices.map { (clients[$0].id, $0) }) { first, _ in first } } }
    }
    /// Where each client is in `clients`.
    private var clientIndex: [PartyID: Int] = [:]
    /// The goods (indices into `products`) each warehouse carries, as the stock step planned them.
    package var assortment: [WarehouseID: [Int]] = [:]
    package var stock = DemoStock()
    package var today = DemoDay()
    package var tally = DemoTally()

    init(connection: Connection, plan: DemoPlan, clock: DemoClock, company: DemoCompany) {
        self.connection = connection
        self.plan = plan
        self.clock = clock
        self.company = company
        random = DemoRandom(seed: plan.seed)
    }

    /// The product with this id, as the demo remembers it.
    package func product(_ id: ProductID) -> DemoProduct? {
        productIndex[id].map { products[$0] }
    }

    /// The client with this id, as the demo remembers it.
    package func client(_ id: PartyID) -> DemoClient? {
        clientIndex[id].map { clients[$0] }
    }

    /// The services, reading "now" from the simulated clock.
    package var catalog: CatalogService { CatalogService(time: clock.time) }
    package var warehouse: WarehouseService { WarehouseService(time: clock.time) }
    package var sales: SalesService { SalesService(time: clock.time) }
    package var billing: BillingService { BillingService(time: clock.time) }

    /// Moves the clock on a little: the next action happens a few minutes later.
    package func tick() {
        clock.tick(&random)
    }

    /// Posts a stock document at the current time, remembering its effect and counting it.
    /// - Throws: `ERPError` from `WarehouseService.post`.
    @discardableResult
    package func post(_ command: StockCommand, by principal: Principal) throws -> StockDocument {
        tick()
        let document = try warehouse.post(command, by: principal, on: connection)
        stock.record(document)
        tally.count(document)
        return document
    }
}
