import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestShop
import TestSupport
import Warehouse

@testable import Billing

/// The shop of the billing tests: TestShop with hammers at 1200.00 and plenty of stock.
typealias BillingShop = TestShop

extension TestShop {
    /// A shop with 100 hammers (at 700.00) in stock, paying VAT or not.
    static func make(vatPayer: Bool = true) throws -> TestShop {
        try TestShop(Options(hammerPrice: "1200.00", hammers: "100", hammerCost: "700.00", vatPayer: vatPayer))
    }

    var sales: SalesService { SalesService(time: .fixed(Self.now)) }
    var billing: BillingService { BillingService(time: .fixed(Self.now)) }

    /// A confirmed order of `hammers` hammers (and a delivery when asked), by the manager.
    func confirmedOrder(hammers: String = "3", delivery withDelivery: Bool = false) throws -> SalesOrder {
        var lines = [NewOrderLine(productID: hammer.id, qty: Quantity(hammers)!)]
        if withDelivery { lines.append(NewOrderLine(productID: delivery.id, qty: Quantity("1")!)) }
        let order = try sales.create(NewOrder(clientID: client.id, warehouseID: main.id, lines: lines), by: manager, on: connection)
        return try sales.confirm(order.id, by: manager, on: connection)
    }

    /// Ships `qty` hammers (everything reserved when nil) of `order` as the storekeeper.
    func ship(_ order: SalesOrder, _ qty: String? = nil) throws {
        let lines = qty.map { [OrderQuantity(productID: hammer.id, qty: Quantity($0)!)] }
        _ = try sales.ship(order.id, ShipRequest(lines: lines), by: keeper, on: connection)
    }

    func issue(_ type: DocumentType, for order: SalesOrder, by principal: Principal? = nil, date: String? = nil) throws -> IssuedDocument {
        try billing.issue(IssueRequest(type: type, date: date.flatMap { CalendarDate($0) }), for: order.id, by: principal ?? accountant,
                          on: connection)
    }

    func pay(_ amount: String, on date: String = "2026-11-30", allocations: [Allocation]? = nil) throws -> Payment {
        try billing.record(NewPayment(clientID: client.id, amount: Money(amount)!, date: CalendarDate(date)!, allocations: allocations),
                           by: accountant, on: connection)
    }
}
