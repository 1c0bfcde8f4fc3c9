// Orders in the shop's story, for the suites that need goods to have left (CRM, reports).

import ERPCore
import Foundation
import Parties
import Sales

extension TestShop.Options {
    /// The shop of the CRM and report suites: hammers at 1200.00 and a thousand of each in stock.
    package static let stocked = TestShop.Options(hammerPrice: "1200.00", hammers: "1000", hammerCost: "700.00", nailKilos: "1000",
                                                  nailCost: "50.00")
}

extension TestShop {
    /// The sales facade reading a fixed clock (the shop's `now` unless told otherwise).
    package func sales(at date: Date = TestShop.now) -> SalesService { SalesService(time: .fixed(date)) }

    /// A shipped order of `qty` hammers (5 % off) and `nailQty` kilos of nails for `party`, at `date`.
    @discardableResult
    package func shippedOrder(_ qty: String, nails nailQty: String? = nil, for party: Party? = nil, at date: Date = TestShop.now,
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
