import ERPCore
import Foundation
import Testing

@testable import Billing

private typealias F = BillingFixtures

@Suite("Print form: UPD")
struct PrintFormUPDTests {
    @Test func aVATPayersUPDHasStatus1AndANonPayersStatus2() throws {
        let payer = try PrintForm.html(for: try F.document(.upd, vatPayer: true))
        #expect(payer.contains("Статус: <b>1</b>"))
        let nonPayer = try PrintForm.html(for: try F.document(.upd, vatPayer: false))
        #expect(nonPayer.contains("Статус: <b>2</b>"))
        #expect(nonPayer.contains("<td class=\"center\">без НДС</td><td class=\"num\">без НДС</td>"))
        #expect(nonPayer.contains("<td class=\"num\"><b>без НДС</b></td>"))
    }

    @Test func columnsAreNumberedLikeTheOfficialForm() throws {
        let page = try PrintForm.html(for: try F.document(.upd))
        let numbers = ["А", "1", "1а", "2", "2а", "3", "4", "5", "6", "7", "8", "9", "10", "10а", "11"]
        #expect(page.contains("<tr>" + numbers.map { "<th>\($0)</th>" }.joined() + "</tr>"))
        for header in ["Код товара/ работ, услуг", "№ п/п", "Единица измерения", "условное обозначение (национальное)",
                       "Количество (объём)", "Цена (тариф) за единицу измерения", "В том числе сумма акциза",
                       "Налоговая ставка", "Сумма налога, предъявляемая покупателю", "Страна происхождения товара",
                       "Регистрационный номер декларации на товары"] {
            #expect(page.contains(header), "\(header)")
        }
    }

    @Test func theHeadHasTheInvoiceLinesOneToEight() throws {
        let page = try PrintForm.html(for: try F.document(.upd))
        for (label, value, code) in [
            ("Счёт-фактура №", "УПД-2026-000123 от 01.12.2026", "(1)"), ("Исправление №", "— от —", "(1а)"),
            ("Продавец", "ООО «Ромашка»", "(2)"), ("Адрес", "101000, г. Москва, ул. Мясницкая, д. 1", "(2а)"),
            ("ИНН/КПП продавца", "7707083893/773601001", "(2б)"), ("Грузоотправитель и его адрес", "он же", "(3)"),
            ("Грузополучатель и его адрес", "ООО «Лютик», 630090, г. Новосибирск, пр. Академика Лаврентьева, д. 6", "(4)"),
            ("Документ об отгрузке", "№ п/п 1–2; № УПД-2026-000123 от 01.12.2026", "(5а)"),
            ("Покупатель", "ООО «Лютик»", "(6)"), ("ИНН/КПП покупателя", "5408117935/540801001", "(6б)"),
            ("Валюта: наименование, код", "Российский рубль, 643", "(7)"),
        ] {
            let row = "<td class=\"label\">\(label):</td><td class=\"upd-line\">\(value)</td><td class=\"code\">\(code)</td>"
            #expect(page.contains(row), "\(code)")
        }
        #expect(page.contains("(8)</td>"))
    }

    @Test func linesCarrySKUOKEICodeUnitAndThePriceWithoutVAT() throws {
        let page = try PrintForm.html(for: try F.document(.upd))
        // 3 pcs × 33.33 incl. 20 %: net 83.32, so column 4 is 83.32 / 3 = 27.77; VAT 16.67; gross 99.99.
        #expect(page.contains("<tr><td>NAIL-100</td><td class=\"center\">1</td><td>Гвозди строительные 100 мм</td>"
            + "<td class=\"center\">796</td><td>шт</td><td class=\"num\">3</td><td class=\"num\">27,77</td>"
            + "<td class=\"num\">83,32</td><td class=\"center\">без акциза</td><td class=\"center\">20%</td>"
            + "<td class=\"num\">16,67</td><td class=\"num\">99,99</td>"))
        // 0.333 kg: OKEI 166, net 27.75 / 0.333 = 83.33.
        #expect(page.contains("<td class=\"center\">166</td><td>кг</td><td class=\"num\">0,333</td><td class=\"num\">83,33</td>"))
        #expect(page.contains("<b>Всего к оплате (9)</b></td><td class=\"num\"><b>111,07</b></td>"))
    }

    @Test func theSignatureBlockHasBothSidesNumberedEightToNineteen() throws {
        let page = try PrintForm.html(for: try F.document(.upd))
        for code in 8...19 { #expect(page.contains("[\(code)]</span>"), "[\(code)]") }
        for text in ["Руководитель организации или иное уполномоченное лицо", "Главный бухгалтер или иное уполномоченное лицо",
                     "Индивидуальный предприниматель или иное уполномоченное лицо",
                     "Товар (груз) передал / услуги, результаты работ, права сдал",
                     "Товар (груз) получил / услуги, результаты работ, права принял",
                     "Дата отгрузки, передачи (сдачи) <span class=\"hint\">[11]</span><br>1 декабря 2026 г.",
                     "Заказ № SO-2026-000045 от 28.11.2026", "Петрова Анна Сергеевна"] {
            #expect(page.contains(text), "\(text)")
        }
        let sellerSide = try #require(page.range(of: "[10]"))
        let buyerSide = try #require(page.range(of: "[15]"))
        #expect(sellerSide.lowerBound < buyerSide.lowerBound)
    }

    @Test func aSeparateConsigneeAndImportDetailsArePrinted() throws {
        let line = try DocumentLine(
            position: 1, productName: "Кофе в зёрнах", sku: "COFFEE", unit: try #require(DocumentUnit.standard(code: "kg")),
            qty: Quantity(parsing: "2.5"), price: F.money("1200.00"), vatRate: .percent20, pricesIncludeVAT: false,
            countryCode: "076", countryName: "Бразилия", customsDeclaration: "10702070/011226/0012345")
        let document = try ClosingDocument(
            type: .upd, number: DocumentNumber(type: .upd, year: 2026, sequence: 7), date: F.date(),
            seller: F.seller, buyer: F.buyer, consignee: PartyRequisites(name: "Склад «Север»", address: "г. Бердск"),
            vatPayer: true, pricesIncludeVAT: false, lines: [line])
        let page = try PrintForm.html(for: document)
        #expect(page.contains("<td class=\"upd-line\">Склад «Север», г. Бердск</td>"))
        #expect(page.contains("<td class=\"num\">1\u{00A0}200,00</td><td class=\"num\">3\u{00A0}000,00</td>"))
        #expect(page.contains("<td class=\"center\">076</td><td>Бразилия</td><td>10702070/011226/0012345</td>"))
        #expect(page.contains("Три тысячи шестьсот рублей 00 копеек"))
    }
}
