import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestShop
import TestSupport
import Warehouse

@testable import CRM

/// The shop of the CRM tests: TestShop with hammers at 1200.00 and a thousand of each in stock.
typealias CRMShop = TestShop

extension TestShop {
    static func make() throws -> TestShop {
        try TestShop(Options(hammerPrice: "1200.00", hammers: "1000", hammerCost: "700.00", nailKilos: "1000", nailCost: "50.00"))
    }

    func crm(at date: Date = TestShop.now) -> CRMService { CRMService(time: .fixed(date)) }
    func sales(at date: Date = TestShop.now) -> SalesService { SalesService(time: .fixed(date)) }

    /// A shipped order of `qty` hammers for `party`, at `date`.
    @discardableResult
    func shippedOrder(_ qty: String, nails nailQty: String? = nil, for party: Party? = nil, at date: Date = TestShop.now,
                      by principal: Principal? = nil) throws -> SalesOrder {
        var lines = [NewOrderLine(productID: hammer.id, qty: Quantity(qty)!, discountPct: try Percentage(parsing: "5"))]
        if let nailQty { lines.append(NewOrderLine(productID: nails.id, qty: Quantity(nailQty)!)) }
        let sales = sales(at: date)
        let draft = try sales.create(NewOrder(clientID: (party ?? client).id, warehouseID: main.id, lines: lines),
                                     by: principal ?? manager, on: connection)
        _ = try sales.confirm(draft.id, by: principal ?? manager, on: connection)
        return try sales.ship(draft.id, by: keeper, on: connection).order
    }
}
