import ERPCore
import Foundation
import Testing

@testable import Billing

private typealias F = BillingFixtures

/// A printed amount as it appears on the page: "1 234,50" with no-break spaces.
private func printed(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "\u{00A0}") }

/// Checks what every page must be: complete, UTF-8, A4, self-contained.
private func expectCompleteSelfContainedPage(_ page: String, orientation: String) {
    #expect(page.hasPrefix("<!doctype html>\n<html lang=\"ru\">"))
    #expect(page.contains("<meta charset=\"utf-8\">"))
    #expect(page.contains("@page { size: A4 \(orientation);"))
    #expect(page.hasSuffix("</body>\n</html>\n"))
    for forbidden in ["http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "@font-face"] {
        #expect(!page.lowercased().contains(forbidden), "found \(forbidden)")
    }
}

@Suite("Print forms")
struct PrintFormTests {
    @Test(arguments: DocumentType.allCases)
    func everyFormIsACompletePageWithRequisitesLinesTotalsAndWords(type: DocumentType) throws {
        let document = try F.document(type)
        let page = try PrintForm.html(for: document)
        expectCompleteSelfContainedPage(page, orientation: [.upd, .correction].contains(type) ? "landscape" : "portrait")
        #expect(page.contains("<title>\(PrintForm.title(of: document))</title>"))
        for requisite in ["ООО «Ромашка»", "7707083893", "773601001", "ООО «Лютик»", "5408117935", "540801001",
                          "101000, г. Москва, ул. Мясницкая, д. 1"] {
            #expect(page.contains(requisite), "\(requisite)")
        }
        for line in document.lines {
            #expect(page.contains(line.productName), "\(line.productName)")
            #expect(page.contains(PrintFormat.quantity(line.qty)))
            #expect(page.contains(PrintFormat.money(line.gross)))
        }
        #expect(page.contains(document.number))
        #expect(page.contains(printed("133,29")) && page.contains(printed("22,22")))
        #expect(page.contains("Сто тридцать три рубля 29 копеек"))
        #expect(page.contains("Иванов Иван Иванович"))
    }

    @Test func theInvoiceOpensWithTheBankBlockAndEndsWithTotalToPay() throws {
        let page = try PrintForm.html(for: try F.document(.invoice))
        for text in ["Банк получателя", "ПАО Сбербанк", "БИК", "044525225", "30101810400000000225",
                     "40702810400000000001", "Получатель",
                     "Счёт на оплату № INV-2026-000123 от 1 декабря 2026 г.",
                     "Поставщик (Исполнитель)", "Покупатель (Заказчик)",
                     "Основание:</td><td>Заказ № SO-2026-000045 от 28.11.2026",
                     "Итого:", "В том числе НДС (20%):", "Всего к оплате:",
                     "Всего наименований 2, на сумму \(printed("133,29")) руб.",
                     "Руководитель", "Главный бухгалтер", "Петрова Анна Сергеевна"] {
            #expect(page.contains(text), "\(text)")
        }
        let bank = try #require(page.range(of: "Банк получателя"))
        let title = try #require(page.range(of: "<h1>Счёт на оплату №"))
        let table = try #require(page.range(of: "Товары (работы, услуги)"))
        let total = try #require(page.range(of: "Всего к оплате"))
        let words = try #require(page.range(of: "Сто тридцать три рубля"))
        #expect(bank.lowerBound < title.lowerBound && title.lowerBound < table.lowerBound)
        #expect(table.lowerBound < total.lowerBound && total.lowerBound < words.lowerBound)
    }

    @Test func pricesExcludingVATAddItOnTopAndMixedRatesGetARowEach() throws {
        let lines = [
            try F.line(1, qty: "3", price: "33.33", rate: .percent20, included: false),
            try F.line(2, name: "Молоко", sku: "MILK", qty: "2", price: "55.55", rate: .percent10, included: false),
        ]
        let page = try PrintForm.html(for: try F.document(pricesIncludeVAT: false, lines: lines))
        #expect(page.contains("<td>Итого:</td><td class=\"num\">\(printed("211,09"))</td>"))
        #expect(page.contains("<td>НДС (20%):</td><td class=\"num\">20,00</td>"))
        #expect(page.contains("<td>НДС (10%):</td><td class=\"num\">11,11</td>"))
        #expect(page.contains("<td>Всего к оплате:</td><td class=\"num\">\(printed("242,20"))</td>"))
        #expect(!page.contains("В том числе"))
        #expect(page.contains("Двести сорок два рубля 20 копеек"))
    }

    @Test func aNonVATPayersInvoiceSaysWithoutVAT() throws {
        let page = try PrintForm.html(for: try F.document(vatPayer: false))
        #expect(page.contains("Без налога (НДС):"))
        #expect(!page.contains("НДС (20%)"))
    }

    @Test func discountsGetAColumnOnlyWhenALineHasOne() throws {
        let plain = try PrintForm.html(for: try F.document())
        #expect(!plain.contains("Скидка"))
        let discounted = try F.document(lines: [try F.line(1, qty: "0.333", price: "99.99", discount: "33.33")])
        let page = try PrintForm.html(for: discounted)
        #expect(page.contains("<th>Скидка, %</th>") && page.contains(">33,33</td>"))
        #expect(page.contains(">22,20</td>"))
    }

    @Test func theActHasServicesBothPartiesAndTheAcceptanceSentence() throws {
        let page = try PrintForm.html(for: try F.document(.act))
        for text in ["Акт № ACT-2026-000123 от 1 декабря 2026 г.", "Исполнитель:", "Заказчик:",
                     "Наименование работ, услуг", "Всего оказано услуг 2, на сумму",
                     "Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.",
                     "ИСПОЛНИТЕЛЬ", "ЗАКАЗЧИК", "Сидоров Пётр Петрович", "р/с 40702810400000000001"] {
            #expect(page.contains(text), "\(text)")
        }
    }

    @Test func theCreditNoteNamesTheDocumentItCorrects() throws {
        let corrected = DocumentReference(number: "УПД-2026-000100", date: try F.date("2026-11-20"))
        let page = try PrintForm.html(for: try F.document(.creditNote, correctedDocument: corrected))
        for text in ["Корректировочный документ № CRN-2026-000123", "к документу № УПД-2026-000100 от 20.11.2026",
                     "Продавец:", "Покупатель:", "Всего к уменьшению", "сумма уменьшения \(printed("133,29")) руб.",
                     "NAIL-100", "PAINT-W", "ПРОДАВЕЦ", "ПОКУПАТЕЛЬ", "Петрова Анна Сергеевна"] {
            #expect(page.contains(text), "\(text)")
        }
    }

    @Test func theUKDPrintsEachLineBeforeAfterIncreaseAndDecreaseAndBothTotals() throws {
        // Line 1: 3 → 1 nails at 33.33 (a decrease); line 2: paint from 10.00 up to 12.50 (an increase).
        let nails = try CorrectionLine(before: try F.line(qty: "3"), after: try F.line(qty: "1"))
        let paint = try CorrectionLine(before: try F.line(4, name: "Краска белая", sku: "PAINT-W", qty: "2", price: "10.00"),
                                       after: try F.line(2, name: "Краска белая", sku: "PAINT-W", qty: "2", price: "12.50"))
        let document = try ClosingDocument(
            type: .correction, number: DocumentNumber(type: .correction, year: 2026, sequence: 7), date: F.date(), seller: F.seller,
            buyer: F.buyer, vatPayer: true, pricesIncludeVAT: true, lines: [nails.after, paint.after],
            correctedDocument: DocumentReference(number: "УПД-2026-000100", date: try F.date("2026-11-20")), corrections: [nails, paint])
        #expect(document.correctionTotals?.change == Money("-61.66"))  // −66.66 + 5.00
        let page = try PrintForm.html(for: document)
        for text in ["Универсальный корректировочный документ № УКД-2026-000007 от 01.12.2026", "Статус: <b>1</b>",
                     "№ УПД-2026-000100 от 20.11.2026", "(строка 4 корректируемого документа)", "до изменения", "после изменения",
                     "Всего увеличение (сумма строк В)", "Всего уменьшение (сумма строк Г)", "Сумма уменьшения (с НДС) прописью",
                     "Шестьдесят один рубль 66 копеек", printed("66,66"), printed("5,00")] {
            #expect(page.contains(text), "\(text)")
        }
    }

    @Test func theTORG12OfAUPDListsTheGoodsInColumns1To15WithTotalsAndSignatures() throws {
        let document = try F.document(.upd)
        let page = try PrintForm.torg12Page(for: document)
        expectCompleteSelfContainedPage(page, orientation: "landscape")
        for text in ["Унифицированная форма № ТОРГ-12", "0330212", "ТОВАРНАЯ НАКЛАДНАЯ № УПД-2026-000123 от 01.12.2026",
                     "Грузоотправитель:", "Грузополучатель:", "Поставщик:", "Плательщик:", "Основание:", "<th>15</th>",
                     "Итого", "Всего по накладной", "содержит 2 порядковых номеров записей", "Сто тридцать три рубля 29 копеек",
                     "Отпуск груза разрешил", "Груз получил грузополучатель", printed("133,29"), printed("22,22"), "NAIL-100"] {
            #expect(page.contains(text), "\(text)")
        }
    }

    @Test func aBuyerNamedLikeAScriptPrintsAsEscapedText() throws {
        let hostile = "<script>alert(1)</script>"
        let lines = [try F.line(1, name: "Гвозди \"100\" & 'шурупы' <b>", sku: "<i>SKU</i>")]
        for type in DocumentType.allCases {
            let document = try F.document(type, buyer: F.buyer(named: hostile), lines: lines, basis: "</td><td>")
            let page = try PrintForm.html(for: document)
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(type)")
            #expect(!page.contains("<script"), "\(type)")
            #expect(!page.contains(hostile), "\(type)")
            #expect(page.contains("Гвозди &quot;100&quot; &amp; &#39;шурупы&#39; &lt;b&gt;"), "\(type)")
            #expect(!page.contains("<b>Гвозди") && !page.contains("<i>SKU"), "\(type)")
            #expect(page.contains("&lt;/td&gt;&lt;td&gt;"), "\(type)")
        }
    }

    @Test func annulledDocumentsSaySoAtTheTop() throws {
        let document = try F.document(.upd).annulled(reason: "Ошибка <в> адресе")
        let page = try PrintForm.html(for: document)
        #expect(page.contains("<p class=\"annulled\">АННУЛИРОВАН. Причина: Ошибка &lt;в&gt; адресе</p>"))
        #expect(!(try PrintForm.html(for: try F.document(.upd))).contains("АННУЛИРОВАН"))
    }

    @Test func documentsInOtherCurrenciesCannotBePrinted() throws {
        #expect(throws: ValueError.self) { try PrintForm.html(for: try F.document(lines: [try F.dollarLine(1)])) }
    }
}
