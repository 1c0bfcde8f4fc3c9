import Billing
import ERPCore
import Foundation
import Parties
import Sales
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// The electronic UPD (ФНС format 5.03): every file validates with xmllint against the official
/// XSD, and the Schematron rules the XSD carries but xmllint ignores are asserted here, reading
/// the file back through xmllint's XPath rather than our own code.
@Suite("Electronic UPD 5.03")
struct ElectronicUPDTests {
    static let schema = "upd-5.03/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd"

    /// Writes the export under its own file name and checks it against the schema.
    private func validated(_ exported: ElectronicDocument) throws -> TemporaryFile {
        let file = try TemporaryFile(named: exported.fileName, bytes: exported.bytes)
        let run = try file.validate(against: Self.schema)
        #expect(run.status == 0, "xmllint: \(run.errors)")
        return file
    }

    /// The values of one attribute over the elements an XPath selects, as xmllint prints them.
    /// (xmllint 2.9 refuses absolute paths of several Cyrillic steps, so paths start with `//`.)
    private func values(_ file: TemporaryFile, _ path: String, _ attribute: String) throws -> [String] {
        let output = try file.xpath("\(path)/@\(attribute)")
        return output.matches(of: /="([^"]*)"/).map { String($0.1) }
    }

    private func sum(_ texts: [String]) throws -> Money {
        try Money.sum(texts.map { try Money(parsing: $0) })
    }

    @Test func positiveControlValidatesSoTheValidatorIsSetUp() throws {
        let run = try ToolRun.run("xmllint", ["--noout", "--schema", ExchangeTestData.path(Self.schema),
                                              ExchangeTestData.path("upd-5.03/handmade-minimal-schfdop-22pct.xml")])
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test func importedGoodsCarryTheirCountryAndDeclarationFromTheReceiptIntoColumns10To11AndTheFileStaysValid() throws {
        let shop = try TestShop.exchangeShop()
        let cable = try shop.stockedProduct("CABLE", name: "Кабель", price: "122.00", vatRate: .percent22, country: "cn",
                                            declaration: "10702070/011226/0012345")
        let lamp = try shop.stockedProduct("LAMP", name: "Лампа", price: "50.00", vatRate: .percent22, country: "112")
        let document = try shop.shippedUPD([(shop.hammer, "1"), (cable, "2"), (lamp, "1")])
        #expect(document.content.lines.map(\.countryCode) == [nil, "156", "112"])
        #expect(document.content.lines.map(\.countryName) == [nil, "Китай", "Беларусь"])
        #expect(document.content.lines.map(\.customsDeclaration) == [nil, "10702070/011226/0012345", nil])

        let page = try shop.billing.print(document.id, by: shop.accountant, on: shop.connection)
        #expect(page.contains("<td class=\"center\">156</td><td>Китай</td><td>10702070/011226/0012345</td></tr>"))
        #expect(page.contains("<td class=\"center\">112</td><td>Беларусь</td><td>—</td></tr>"))

        let file = try validated(try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection))
        #expect(try values(file, "//СведТов/СвДТ", "КодПроисх") == ["156", "112"])
        #expect(try values(file, "//СведТов/СвДТ", "НомерДТ") == ["10702070/011226/0012345"])
        #expect(try file.xpath("//СведТов/ДопСведТов/КрНаимСтрПр/text()").split(separator: "\n") == ["Китай", "Беларусь"])
        // Schematron 0400300003: КрНаимСтрПр wherever КодПроисх is given.
        #expect(try file.xpath("count(//СведТов[СвДТ/@КодПроисх and not(ДопСведТов/КрНаимСтрПр)])") == "0")
    }

    @Test func theFileIsFormedOnTheCompanysWallClockNotUTC() throws {
        let shop = try TestShop.exchangeShop()
        let order = try shop.sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                                   lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]), by: shop.owner, on: shop.connection)
        _ = try shop.sales.confirm(order.id, by: shop.owner, on: shop.connection)
        _ = try shop.sales.ship(order.id, ShipRequest(lines: nil), by: shop.keeper, on: shop.connection)
        // Issued at 00:30 on 1 December in Moscow, 21:30 on 30 November in UTC.
        let night = BillingService(time: .fixed(RFC3339.date(from: "2026-11-30T21:30:00Z")!))
        let document = try night.issue(IssueRequest(type: .upd), for: order.id, by: shop.accountant, on: shop.connection)
        let file = try validated(try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection))
        #expect(try values(file, "//Документ", "ДатаИнфПр") == ["01.12.2026"])
        #expect(try values(file, "//Документ", "ВремИнфПр") == ["00.30.00"])
    }

    @Test func aTwoLineUPDPrintsOnOneA4Page() throws {
        // Printed by the browser the tests already use (headless Chromium), the PDF's pages counted.
        let shop = try TestShop.exchangeShop()
        let cable = try shop.stockedProduct("CABLE", name: "Кабель ВВГнг 3×2,5", price: "122.00", vatRate: .percent22, country: "CN",
                                            declaration: "10702070/011226/0012345")
        let document = try shop.shippedUPD([(shop.hammer, "3"), (cable, "2")])
        let page = try TemporaryFile(named: "upd.html", bytes: Array(try shop.billing.print(document.id, by: shop.accountant, on: shop.connection).utf8))
        let pdf = page.url.deletingLastPathComponent().appendingPathComponent("upd.pdf")
        let run = try ToolRun.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                               "--print-to-pdf=\(pdf.path)", page.url.absoluteString])
        let bytes = try Data(contentsOf: pdf)
        #expect(run.status == 0, "\(run.errors.suffix(500))")
        let pages = String(decoding: bytes, as: UTF8.self).matches(of: /\/Type\s*\/Page[^s]/).count
        #expect(pages == 1, "the UPD prints on \(pages) pages")
    }

    @Test func aVATPayersUPDIsAValidSCHFDOPWhoseFileNameIsItsFileIDAndWhoseTotalsAreTheLines() throws {
        let shop = try TestShop.exchangeShop()
        let cable = try shop.stockedProduct("CABLE", name: "Кабель ВВГнг 3×2,5 «Элит»", price: "122.00", vatRate: .percent22)
        let document = try shop.shippedUPD([(shop.hammer, "3"), (shop.nails, "1.5"), (cable, "2")])
        let exported = try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection)
        let file = try validated(exported)

        #expect(Array(exported.bytes.prefix(45)) == Array("<?xml version=\"1.0\" encoding=\"windows-1251\"?>".utf8))
        // 0400400007: the file name is ИдФайл.
        #expect(try values(file, "//Файл", "ИдФайл") == [exported.fileID])
        #expect(exported.fileName == exported.fileID + ".xml" && exported.fileID.hasPrefix("ON_NSCHFDOPPR_7707083893-773601001_7736207543-773601001_20261201_"))
        #expect(try values(file, "//Документ", "Функция") == ["СЧФДОП"])
        // Blocks СЧФДОП requires: ТаблСчФакт, СвПродПер, НаимДокОпр, addresses, СтТовУчНал.
        for path in ["//Документ/ТаблСчФакт", "//Документ/СвПродПер", "//СвПрод/Адрес", "//СвПокуп/Адрес", "//ГрузПолуч/Адрес"] {
            #expect(try file.xpath("count(\(path))") == "1", "\(path)")
        }
        #expect(try values(file, "//Документ", "НаимДокОпр").first?.hasPrefix("Счет-фактура и документ об отгрузке") == true)
        // The hammer is of the standard category: 22 % on a 2026 shipment.
        #expect(try values(file, "//СведТов", "НалСт") == ["22%", "10%", "22%"])
        #expect(try values(file, "//СведТов", "НаимТов") == ["Молоток", "Гвозди", "Кабель ВВГнг 3×2,5 «Элит»"])
        // Totals equal the lines, and the document's own totals.
        let content = document.content
        #expect(try sum(try values(file, "//СведТов", "СтТовБезНДС")) == content.totals.net)
        #expect(try sum(try values(file, "//СведТов", "СтТовУчНал")) == content.totals.gross)
        #expect(try sum(try file.xpath("//СведТов/СумНал/СумНал/text()").split(separator: "\n").map(String.init)) == content.totals.vat)
        #expect(try values(file, "//ВсегоОпл", "СтТовБезНДСВсего") == [content.totals.net.description])
        #expect(try values(file, "//ВсегоОпл", "СтТовУчНалВсего") == [content.totals.gross.description])
        // КолТов ⇒ ЦенаТов > 0; ОКЕИ_Тов ⇒ КолТов and НаимЕдИзм; every line has both amounts.
        let lines = try Int(file.xpath("count(//СведТов)")) ?? 0
        #expect(lines == 3)
        #expect(try file.xpath("count(//СведТов[@КолТов and not(@ЦенаТов > 0)])") == "0")
        #expect(try file.xpath("count(//СведТов[@ОКЕИ_Тов and not(@КолТов and @НаимЕдИзм)])") == "0")
        #expect(try file.xpath("count(//СведТов[@СтТовБезНДС and @СтТовУчНал])") == String(lines))
        // The price is the print form's column 4.
        #expect(try values(file, "//СведТов", "ЦенаТов").first == PrintForm.netUnitPrice(content.lines[0], in: content)?.description)
    }

    @Test func aNonPayersUPDIsADOPWithoutVAT() throws {
        let shop = try TestShop.exchangeShop(vatPayer: false)
        let document = try shop.shippedUPD([(shop.hammer, "2")])
        let file = try validated(try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection))
        #expect(try values(file, "//Документ", "Функция") == ["ДОП"])
        #expect(try values(file, "//СведТов", "НалСт") == ["без НДС"])
        #expect(try file.xpath("string(//ВсегоОпл/СумНалВсего/БезНДС)") == "без НДС")
        #expect(try file.xpath("count(//Документ/СвПродПер)") == "1")
    }

    @Test func aPrivateBuyerWithoutINNIsNamedAndCharactersOutsideWindows1251AreKept() throws {
        let shop = try TestShop.exchangeShop(vatPayer: false)
        let coin = try shop.stockedProduct("COIN", name: "Значок ₿ — «монета» 😀", price: "50.00", vatRate: .percent20)
        let document = try shop.shippedUPD([(coin, "1")], client: shop.otherClient)
        let exported = try shop.exchange.electronicUPD(document.id, by: shop.owner, on: shop.connection)
        let file = try validated(exported)
        #expect(try values(file, "//СвПокуп/ИдСв/СвФЛУч", "ИныеСвед") == ["Пётр Иванов"])
        #expect(try file.xpath("string(//СведТов/@НаимТов)") == "Значок ₿ — «монета» 😀")
        #expect(exported.fileID.contains("_0_"))
    }

    @Test func exportingTwiceNamesTheSameFile() throws {
        let shop = try TestShop.exchangeShop()
        let document = try shop.shippedUPD([(shop.hammer, "1")])
        let first = try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection)
        let second = try shop.exchange.electronicUPD(reference: document.number, by: shop.manager, on: shop.connection)
        #expect(first == second)
        #expect(try shop.count("exchange_guids") == 1)
    }

    @Test func onlyAnIssuedUPDHasAnElectronicFormAndARefusalStoresNothing() throws {
        let shop = try TestShop.exchangeShop()
        let order = try shop.sales.confirm(try shop.sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
            lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]), by: shop.owner, on: shop.connection).id,
            by: shop.owner, on: shop.connection)
        let invoice = try shop.billing.issue(IssueRequest(type: .invoice), for: order.id, by: shop.accountant, on: shop.connection)
        #expect { try shop.exchange.electronicUPD(invoice.id, by: shop.accountant, on: shop.connection) } throws: {
            if case ERPError.invalidState = $0 { true } else { false }
        }
        let upd = try shop.shippedUPD([(shop.hammer, "1")])
        _ = try shop.billing.annul(upd.id, reason: "ошибка", by: shop.accountant, on: shop.connection)
        #expect { try shop.exchange.electronicUPD(upd.id, by: shop.accountant, on: shop.connection) } throws: {
            if case ERPError.invalidState = $0 { true } else { false }
        }
        #expect(try shop.count("exchange_guids") == 0)
    }

    @Test func aSellerWithoutADirectorIsToldWhatToFillIn() throws {
        let shop = try TestShop.exchangeShop()
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.director = nil
        settings.address = nil
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        let document = try shop.shippedUPD([(shop.hammer, "1")])
        let error = try #require(throws: ERPError.self) {
            try shop.exchange.electronicUPD(document.id, by: shop.accountant, on: shop.connection)
        }
        #expect(error.fields?.keys.sorted() == ["seller.address", "seller.director"])
        #expect(try shop.count("exchange_guids") == 0)
    }
}
