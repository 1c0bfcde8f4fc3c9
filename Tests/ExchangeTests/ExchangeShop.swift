import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
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
    var purchasing: PurchasingService { PurchasingService(time: .fixed(Self.now)) }

    /// An issued invoice for 3 hammers (4320.00 with VAT) to `client` (the shop's ООО «Ромашка» by default).
    func hammerInvoice(for client: Party? = nil) throws -> IssuedDocument {
        let order = try sales.create(NewOrder(clientID: (client ?? self.client).id, warehouseID: main.id,
                                              lines: [NewOrderLine(productID: hammer.id, qty: pcs(3))]), by: owner, on: connection)
        _ = try sales.confirm(order.id, by: owner, on: connection)
        return try billing.issue(IssueRequest(type: .invoice), for: order.id, by: accountant, on: connection)
    }

    /// A product in stock (10 pieces at 100.00) with the given VAT rate and price.
    func stockedProduct(_ sku: String, name: String, price: String, vatRate: VATRate, country: String? = nil,
                        declaration: String? = nil) throws -> Product {
        let product = try CatalogService(time: .fixed(Self.now)).create(
            NewProduct(sku: sku, name: name, unit: "pcs", price: Money(price), vatRate: vatRate), by: owner, on: connection)
        _ = try WarehouseService(time: .fixed(Self.now)).post(.receipt(NewReceipt(warehouseID: main.id, lines: [
            ReceiptLine(productID: product.id, qty: pcs(10), unitCost: try Money(parsing: "100.00"), countryCode: country,
                        customsDeclaration: declaration),
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

    /// A supplier with an INN and bank details, and two open bills: 1000.00 (VAT 180.33) dated
    /// 20.11.2026 and 3000.00 (no VAT) dated 25.11.2026.
    func supplierWithBills() throws -> (Party, [SupplierBill]) {
        let supplier = try PartiesService(time: .fixed(Self.now)).create(NewParty(
            kind: .company, name: "ООО «Опт-Снаб»", isSupplier: true, inn: "5408117935", kpp: "540801001",
            bank: BankDetails(bic: "045004641", account: "40702810044050000002", name: "Сибирский банк ПАО Сбербанк",
                              corrAccount: "30101810500000000641")), by: owner, on: connection)
        let bills = try [("С-1", "2026-11-20", "1000.00", "180.33"), ("С-2", "2026-11-25", "3000.00", "0.00")].map { number, date, amount, vat in
            try purchasing.record(NewSupplierBill(supplierID: supplier.id, number: number, date: CalendarDate(date)!, amount: Money(amount)!,
                                                  vat: Money(vat)!), by: accountant, on: connection)
        }
        return (supplier, bills)
    }

    /// How many rows a table holds.
    func count(_ table: StaticString) throws -> Int64 {
        try connection.query("SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)).firstRow?.decode(0, as: Int64.self) ?? -1
    }
}
