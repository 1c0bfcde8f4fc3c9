import Billing
import Catalog
import ERPCore
import Foundation
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// The 1C export (EnterpriseData 1.21): validated by xmllint against the 1C schema (converted from
/// 1C's XDTO package), the GUIDs stable from one export to the next.
@Suite("EnterpriseData export for 1C")
struct EnterpriseDataTests {
    static let schema = "enterprisedata/Message-wrapper.xsd"

    @Test func positiveControlValidatesSoTheValidatorIsSetUp() throws {
        let run = try ToolRun.run("xmllint", ["--noout", "--schema", ExchangeTestData.path(Self.schema),
                                              ExchangeTestData.path("enterprisedata/ed_1_21_sample_realization.xml")])
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test func aPeriodsSalesValidateAndExportingAgainNamesEveryObjectTheSame() throws {
        let shop = try TestShop.exchangeShop()
        let cable = try shop.stockedProduct("CABLE", name: "Кабель ВВГнг 3×2,5 «Элит» & Co", price: "122.00", vatRate: .percent22)
        let first = try shop.shippedUPD([(shop.hammer, "3"), (shop.nails, "1.5")])
        let second = try shop.shippedUPD([(cable, "2"), (shop.hammer, "1")])
        _ = try shop.shippedUPD([(cable, "1")], client: shop.otherClient)
        let (from, to) = (try CalendarDate(parsing: "2026-12-01"), try CalendarDate(parsing: "2026-12-31"))
        let bytes = try shop.exchange.enterpriseData(from: from, to: to, by: shop.accountant, on: shop.connection)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let file = try TemporaryFile(named: "message.xml", bytes: bytes)
        let run = try file.validate(against: Self.schema)
        #expect(run.status == 0, "xmllint: \(run.errors)")

        let ns = "*[local-name()='%@']"
        func count(_ name: String) throws -> String { try file.xpath("count(//" + ns.replacingOccurrences(of: "%@", with: name) + ")") }
        #expect(try count("Справочник.Контрагенты") == "2")
        #expect(try count("Справочник.Номенклатура") == "3")
        #expect(try count("Документ.РеализацияТоваровУслуг") == "3")
        // A VAT payer's UPDs are its VAT invoices too, each founded on its sale.
        #expect(try count("Документ.СчетФактураВыданный") == "3")
        let keys = "*[local-name()='КлючевыеСвойства']/*[local-name()='Ссылка']"
        let sales = try file.xpath("//*[local-name()='Документ.РеализацияТоваровУслуг']/\(keys)/text()")
        let founded = try file.xpath("//*[local-name()='РеализацияТоваровУслугСсылка']/*[local-name()='Ссылка']/text()")
        #expect(!sales.isEmpty && sales == founded)
        let sums = try file.xpath("//*[local-name()='Документ.РеализацияТоваровУслуг']/*[local-name()='Сумма']/text()")
        #expect(sums.split(separator: "\n").prefix(2).map(String.init) == [first.total.description, second.total.description])

        let again = try shop.exchange.enterpriseData(from: from, to: to, by: shop.owner, on: shop.connection)
        let guids = try shop.count("exchange_guids")
        #expect(guids == 2 + 3 + 3 + 3)
        let text = String(decoding: bytes, as: UTF8.self), textAgain = String(decoding: again, as: UTF8.self)
        let references = { (text: String) in text.matches(of: /<Ссылка>([0-9a-f-]{36})<\/Ссылка>/).map { String($0.1) } }
        #expect(references(text) == references(textAgain) && !references(text).isEmpty)
        let audited = try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'enterprisedata.export'").firstRow?
            .decode(0, as: Int64.self)
        #expect(audited == 2)
    }

    @Test func aStorekeeperMayNotExportAndABackwardPeriodIsRefused() throws {
        let shop = try TestShop.exchangeShop()
        let day = try CalendarDate(parsing: "2026-12-01"), before = try CalendarDate(parsing: "2026-11-01")
        #expect { try shop.exchange.enterpriseData(from: day, to: day, by: shop.keeper, on: shop.connection) } throws: {
            if case ERPError.forbidden = $0 { true } else { false }
        }
        let error = try #require(throws: ERPError.self) {
            try shop.exchange.enterpriseData(from: day, to: before, by: shop.accountant, on: shop.connection)
        }
        #expect(error.fields?["to"] != nil)
        #expect(try shop.count("exchange_guids") == 0)
    }

    @Test func onlyTheLiveUPDsDatedInThePeriodAreExportedAndAnEmptyPeriodIsStillAValidMessage() throws {
        let shop = try TestShop.exchangeShop()
        _ = try shop.shippedUPD([(shop.hammer, "1")], date: "2026-11-30")
        let inside = try shop.shippedUPD([(shop.hammer, "2")], date: "2026-12-01")
        let annulled = try shop.shippedUPD([(shop.nails, "1")], date: "2026-12-02")
        _ = try shop.billing.annul(annulled.id, reason: "ошибка в количестве", by: shop.accountant, on: shop.connection)
        _ = try shop.shippedUPD([(shop.hammer, "3")], date: "2026-12-03")
        let bytes = try shop.exchange.enterpriseData(from: CalendarDate(parsing: "2026-12-01"), to: CalendarDate(parsing: "2026-12-02"),
                                                     by: shop.accountant, on: shop.connection)
        let file = try TemporaryFile(named: "period.xml", bytes: bytes)
        #expect(try file.validate(against: Self.schema).status == 0)
        #expect(try file.xpath("//*[local-name()='Документ.РеализацияТоваровУслуг']//*[local-name()='Номер']/text()") == inside.number)
        #expect(try file.xpath("count(//*[local-name()='Справочник.Номенклатура'])") == "1")
        // GUIDs are made only for what the message names: one client, one item, one sale and its VAT invoice.
        #expect(try shop.count("exchange_guids") == 4)

        let empty = try shop.exchange.enterpriseData(from: CalendarDate(parsing: "2026-10-01"), to: CalendarDate(parsing: "2026-10-31"),
                                                     by: shop.accountant, on: shop.connection)
        let emptyFile = try TemporaryFile(named: "empty.xml", bytes: empty)
        #expect(try emptyFile.validate(against: Self.schema).status == 0)
        #expect(try emptyFile.xpath("count(//*[local-name()='Body']/*)") == "0")
    }

    @Test func anItemWhoseSKUChangedSinceIsNotTakenForTheProductItsOldSKUNowNamesById() throws {
        let shop = try TestShop.exchangeShop()
        // The SKU reads as the hammer's id, which the catalog's lookup also accepts.
        let renamed = try shop.stockedProduct(String(shop.hammer.id.rawValue), name: "Зубило", price: "300.00", vatRate: .percent20)
        _ = try shop.shippedUPD([(renamed, "1"), (shop.hammer, "1")])
        _ = try CatalogService(time: .fixed(TestShop.now)).update(renamed.id, with: ProductChanges(version: renamed.version, sku: "CHISEL"),
                                                                  by: shop.owner, on: shop.connection)
        let bytes = try shop.exchange.enterpriseData(from: CalendarDate(parsing: "2026-12-01"), to: CalendarDate(parsing: "2026-12-01"),
                                                     by: shop.accountant, on: shop.connection)
        let file = try TemporaryFile(named: "renamed.xml", bytes: bytes)
        #expect(try file.validate(against: Self.schema).status == 0)
        let items = "//*[local-name()='Справочник.Номенклатура']/*[local-name()='КлючевыеСвойства']"
        #expect(try file.xpath("count(\(items)[*[local-name()='Ссылка']])") == "1")
        #expect(try file.xpath("\(items)[*[local-name()='Ссылка']]/*[local-name()='Артикул']/text()") == shop.hammer.sku)
        // One item GUID (the hammer's), the client's, the sale's and its VAT invoice's.
        #expect(try shop.count("exchange_guids") == 4)
    }
}
