import Billing
import ERPCore
import Foundation
import Postgres
import Purchasing
import Sales
import TestShop
import TestSupport
import Testing
import Warehouse

@testable import Exchange

/// Returns both ways in the 1C export: a client's return (from the УКД issued for it) as
/// Документ.ВозвратТоваровОтПокупателя founded on the sale, a return to a supplier as
/// Документ.ВозвратТоваровПоставщику founded on the purchase, validated by xmllint against 1C's
/// schema, their totals equal to their lines and their GUIDs stable.
@Suite("EnterpriseData export for 1C: returns")
struct EnterpriseDataReturnsTests {
    /// An XPath step per `/`-separated name, whatever the namespace.
    private static func path(_ names: String) -> String {
        names.split(separator: "/").map { "*[local-name()='\($0)']" }.joined(separator: "/")
    }

    /// A shop with a UPD of 3 hammers (01.12.2026), one hammer brought back and documented by a
    /// УКД (02.12.2026), and 2 of 5 hammers received from a supplier at 700.00 sent back
    /// (both on 30.11.2026).
    private static func shopWithReturns() throws -> (shop: TestShop, upd: IssuedDocument, credit: IssuedDocument, receipt: StockDocument,
                                                     sent: SupplierReturn) {
        let shop = try TestShop.exchangeShop()
        let upd = try shop.shippedUPD([(shop.hammer, "3")])
        _ = try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: [OrderQuantity(productID: shop.hammer.id, qty: pcs(1))]),
                                      against: upd.orderID, by: shop.owner, on: shop.connection)
        let credit = try shop.billing.issue(IssueRequest(type: .correction, date: CalendarDate("2026-12-02")), for: upd.orderID,
                                            by: shop.accountant, on: shop.connection)
        let (supplier, _) = try shop.supplierWithBills()
        let receipt = try WarehouseService(time: .fixed(TestShop.now)).post(.receipt(NewReceipt(warehouseID: shop.main.id, supplierID: supplier.id,
            lines: [ReceiptLine(productID: shop.hammer.id, qty: pcs(5), unitCost: Money("700.00")!)])), by: shop.owner, on: shop.connection)
        let sent = try shop.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective, lines: [
            SupplierReturnQuantity(productID: shop.hammer.id, qty: pcs(2)),
        ]), by: shop.owner, on: shop.connection)
        return (shop, upd, credit, receipt, sent)
    }

    @Test func returnsBothWaysValidateAddUpAndNameTheDocumentsTheyReverse() throws {
        let (shop, upd, credit, receipt, sent) = try Self.shopWithReturns()
        let (from, to) = (try CalendarDate(parsing: "2026-11-30"), try CalendarDate(parsing: "2026-12-31"))
        let bytes = try shop.exchange.enterpriseData(from: from, to: to, by: shop.accountant, on: shop.connection)
        let file = try TemporaryFile(named: "returns.xml", bytes: bytes)
        let run = try file.validate(against: EnterpriseDataTests.schema)
        #expect(run.status == 0, "xmllint: \(run.errors)")

        let fromClient = "//" + Self.path("Документ.ВозвратТоваровОтПокупателя"), toSupplier = "//" + Self.path("Документ.ВозвратТоваровПоставщику")
        #expect(try file.xpath("count(\(fromClient))") == "1")
        #expect(try file.xpath("count(\(toSupplier))") == "1")
        // The client's return is its УКД: number, date, 1 hammer at the UPD's price and VAT rate, for
        // what the УКД took off (its total is the signed change).
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("КлючевыеСвойства/Номер")))") == credit.number)
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("КлючевыеСвойства/Дата")))") == "2026-12-02T00:00:00")
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("Сумма")))") == (try credit.total.negated()).description)
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("Товары/Строка/Количество")))") == "1.000")
        let sale = "//" + Self.path("Документ.РеализацияТоваровУслуг")
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("Товары/Строка/Цена")))")
            == file.xpath("string(\(sale)/\(Self.path("Товары/Строка/Цена")))"))
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("Товары/Строка/СтавкаНДС/Ставка")))")
            == file.xpath("string(\(sale)/\(Self.path("Товары/Строка/СтавкаНДС/Ставка")))"))
        let founded = try file.xpath("string(\(fromClient)/\(Self.path("ДокументРеализации/РеализацияТоваровУслугСсылка/Ссылка")))")
        let saleKey = try file.xpath("string(\(sale)[\(Self.path("КлючевыеСвойства/Номер"))='\(upd.number)']/\(Self.path("КлючевыеСвойства/Ссылка")))")
        #expect(!founded.isEmpty && founded == saleKey)
        #expect(try file.xpath("string(\(fromClient)/\(Self.path("Контрагент/ИНН")))") == "7707083893")

        // The supplier's return: 2 × 700.00 net at receipt cost, 22 % on top, founded on the receipt's purchase.
        #expect(try file.xpath("string(\(toSupplier)/\(Self.path("КлючевыеСвойства/Номер")))") == sent.number)
        #expect(try file.xpath("string(\(toSupplier)/\(Self.path("Сумма")))") == "1708.00")
        #expect(try file.xpath("string(\(toSupplier)/\(Self.path("Товары/Строка/Цена")))") == "700.00")
        #expect(try file.xpath("string(\(toSupplier)/\(Self.path("Товары/Строка/СуммаНДС")))") == "308.00")
        #expect(try file.xpath("string(\(toSupplier)/\(Self.path("Контрагент/ИНН")))") == "5408117935")
        let purchase = "//" + Self.path("Документ.ПоступлениеТоваровУслуг")
            + "[\(Self.path("КлючевыеСвойства/Номер"))='\(receipt.number ?? "")']/\(Self.path("КлючевыеСвойства/Ссылка"))"
        let received = try file.xpath("string(\(toSupplier)/\(Self.path("ДокументПоступления/Ссылка")))")
        let purchaseKey = try file.xpath("string(\(purchase))")
        #expect(!received.isEmpty && received == purchaseKey)

        // Totals equal the lines: with VAT for the client's return, net plus VAT for the supplier's.
        #expect(try file.xpath("count(\(fromClient)[round(\(Self.path("Сумма")) * 100) != round(sum(\(Self.path("Товары/Строка/Сумма"))) * 100)])") == "0")
        #expect(try file.xpath("count(\(toSupplier)[round(\(Self.path("Сумма")) * 100) != round((sum(\(Self.path("Товары/Строка/Сумма"))) + sum(\(Self.path("Товары/Строка/СуммаНДС")))) * 100)])") == "0")
    }

    @Test func exportingAgainNamesEveryReturnTheSameAndNoOtherObjectsGUID() throws {
        let (shop, _, _, _, _) = try Self.shopWithReturns()
        let (from, to) = (try CalendarDate(parsing: "2026-11-30"), try CalendarDate(parsing: "2026-12-31"))
        let first = try TemporaryFile(named: "first.xml", bytes: shop.exchange.enterpriseData(from: from, to: to, by: shop.accountant, on: shop.connection))
        let again = try TemporaryFile(named: "again.xml", bytes: shop.exchange.enterpriseData(from: from, to: to, by: shop.owner, on: shop.connection))
        let keys = Self.path("КлючевыеСвойства/Ссылка") + "/text()"
        let returns = "//\(Self.path("Документ.ВозвратТоваровОтПокупателя"))/\(keys) | //\(Self.path("Документ.ВозвратТоваровПоставщику"))/\(keys)"
        let guids = try first.xpath(returns).split(separator: "\n")
        #expect(guids.count == 2 && Set(guids).count == 2)
        #expect(try again.xpath(returns).split(separator: "\n") == guids)
        let others = try first.xpath("//*[not(contains(local-name(), 'Возврат'))]/\(keys)").split(separator: "\n")
        #expect(!others.isEmpty && Set(others).isDisjoint(with: guids))
        // The two returns' GUIDs are kept once each, under the kind they reverse.
        let kept = try shop.connection.query("SELECT kind FROM exchange_guids WHERE object_id < 0 ORDER BY kind")
            .map { (row) throws(PostgresError) in try row.decode(0, as: String.self) }
        #expect(kept == ["purchase", "sale"])
    }

    @Test func aPeriodWithoutReturnsEmitsNoneAndKeepsNoReturnGUID() throws {
        let (shop, upd, _, _, _) = try Self.shopWithReturns()
        let day = try CalendarDate(parsing: "2026-12-01")
        let file = try TemporaryFile(named: "no-returns.xml", bytes: shop.exchange.enterpriseData(from: day, to: day, by: shop.accountant,
                                                                                                  on: shop.connection))
        #expect(try file.validate(against: EnterpriseDataTests.schema).status == 0)
        #expect(try file.xpath("count(//*[starts-with(local-name(), 'Документ.Возврат')])") == "0")
        #expect(try file.xpath("string(//\(Self.path("Документ.РеализацияТоваровУслуг/КлючевыеСвойства/Номер")))") == upd.number)
        #expect(try shop.connection.query("SELECT count(*) FROM exchange_guids WHERE object_id < 0").firstRow?.decode(0, as: Int64.self) == 0)
    }
}
