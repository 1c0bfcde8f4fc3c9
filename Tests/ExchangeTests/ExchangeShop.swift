import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import TestShop
import Warehouse

@testable import Exchange

/// The exchange tests' shop: TestShop with plenty of hammers, and a way to ship and document them.
extension TestShop {
    static func exchangeShop(vatPayer: Bool = true) throws -> TestShop {
        try TestShop(Options(hammerPrice: "1200.00", hammers: "100", hammerCost: "700.00", nailKilos: "50", vatPayer: vatPayer))
    }

    var sales: SalesService { SalesService(time: .fixed(Self.now)) }
    var billing: BillingService { BillingService(time: .fixed(Self.now)) }
    var exchange: ExchangeService { ExchangeService(time: .fixed(Self.now)) }

    /// A product in stock (10 pieces at 100.00) with the given VAT rate and price.
    func stockedProduct(_ sku: String, name: String, price: String, vatRate: VATRate) throws -> Product {
        let product = try CatalogService(time: .fixed(Self.now)).create(
            NewProduct(sku: sku, name: name, unit: "pcs", price: Money(price), vatRate: vatRate), by: owner, on: connection)
        _ = try WarehouseService(time: .fixed(Self.now)).post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: product.id, qty: pcs(10), unitCost: try Money(parsing: "100.00")),
        ])), by: owner, on: connection)
        return product
    }

    /// An order of `lines` for `client` (the shop's client by default), confirmed, shipped in
    /// full, with its UPD issued on `date`.
    func shippedUPD(_ lines: [(Product, String)], client: Party? = nil, date: String = "2026-12-01") throws -> IssuedDocument {
        let client = client ?? self.client
        let orderLines = lines.map { NewOrderLine(productID: $0.0.id, qty: Quantity($0.1)!) }
        let order = try sales.create(NewOrder(clientID: client.id, warehouseID: main.id, lines: orderLines), by: owner, on: connection)
        _ = try sales.confirm(order.id, by: owner, on: connection)
        _ = try sales.ship(order.id, ShipRequest(lines: nil), by: keeper, on: connection)
        return try billing.issue(IssueRequest(type: .upd, date: CalendarDate(date)), for: order.id, by: accountant, on: connection)
    }

    /// How many rows a table holds.
    func count(_ table: StaticString) throws -> Int64 {
        try connection.query("SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)).firstRow?.decode(0, as: Int64.self) ?? -1
    }
}
