import ERPCore
import Foundation
import Parties
import TestShop
import TestSupport
import Testing
import Warehouse

@testable import Exchange

/// Purchases in the 1C export: receipts from suppliers as Документ.ПоступлениеТоваровУслуг,
/// validated by xmllint against 1C's schema, their GUIDs stable.
@Suite("EnterpriseData export for 1C: purchases")
struct EnterpriseDataPurchasesTests {
    @Test func receiptsFromSuppliersArePurchasesThatValidateAddUpAndKeepTheirGUIDs() throws {
        let shop = try TestShop.exchangeShop()
        let (supplier, _) = try shop.supplierWithBills()
        let receipt = try WarehouseService(time: .fixed(TestShop.now)).post(.receipt(NewReceipt(warehouseID: shop.main.id, supplierID: supplier.id,
            lines: [ReceiptLine(productID: shop.hammer.id, qty: pcs(5), unitCost: Money("700.00")!)])), by: shop.owner, on: shop.connection)
        // TestShop's own opening receipt from «Опт» was posted the same day (30.11.2026).
        let day = try CalendarDate(parsing: "2026-11-30")
        let bytes = try shop.exchange.enterpriseData(from: day, to: day, by: shop.accountant, on: shop.connection)
        let file = try TemporaryFile(named: "message.xml", bytes: bytes)
        let run = try file.validate(against: EnterpriseDataTests.schema)
        #expect(run.status == 0, "xmllint: \(run.errors)")

        let purchase = "//*[local-name()='Документ.ПоступлениеТоваровУслуг']"
        func e(_ path: String) -> String { path.split(separator: "/").map { "*[local-name()='\($0)']" }.joined(separator: "/") }
        #expect(try file.xpath("count(\(purchase))") == "2")
        #expect(try file.xpath("count(//*[local-name()='Справочник.Контрагенты'])") == "2")
        let ours = "\(purchase)[\(e("КлючевыеСвойства/Номер"))='\(receipt.number ?? "")']"
        // 5 × 700.00 net and the standard rate in force on 30.11.2026 (22 %) on top.
        #expect(try file.xpath("string(\(ours)/\(e("Сумма")))") == "4270.00")
        #expect(try file.xpath("string(\(ours)/\(e("Товары/Строка/СтавкаНДС/Ставка")))") == "22")
        #expect(try file.xpath("string(\(ours)/\(e("КлючевыеСвойства/Контрагент/ИНН")))") == "5408117935")
        #expect(try file.xpath("string(\(ours)/\(e("ВидОперации")))") == "ПокупкаУПоставщика")
        #expect(try file.xpath("count(\(purchase)[round(\(e("Сумма")) * 100) != round((sum(\(e("Товары/Строка/Сумма"))) + sum(\(e("Товары/Строка/СуммаНДС")))) * 100)])") == "0")

        let again = try shop.exchange.enterpriseData(from: day, to: day, by: shop.owner, on: shop.connection)
        let references = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self).matches(of: /<Ссылка>([0-9a-f-]{36})<\/Ссылка>/).map { String($0.1) } }
        #expect(references(bytes) == references(again) && !references(bytes).isEmpty)
        let guids = try shop.connection.query("SELECT count(*) FROM exchange_guids WHERE kind = 'purchase'").firstRow?.decode(0, as: Int64.self)
        #expect(guids == 2)
    }

    @Test func aManagerWhoMayNotSeeCostsMayNotExportAndNothingIsAudited() throws {
        let shop = try TestShop.exchangeShop()
        let day = try CalendarDate(parsing: "2026-11-30")
        #expect { try shop.exchange.enterpriseData(from: day, to: day, by: shop.manager, on: shop.connection) }
            throws: { if case ERPError.forbidden = $0 { true } else { false } }
        #expect(try shop.count("exchange_guids") == 0)
        let audited = try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'enterprisedata.export'").firstRow?
            .decode(0, as: Int64.self)
        #expect(audited == 0)
    }
}
