// The universal transfer document (УПД), laid out like the form the Federal Tax Service
// recommends: on the left the status box (1 — invoice and transfer document, for VAT payers;
// 2 — transfer document only), on the right the invoice lines (1)–(8); then the goods table
// whose columns are numbered А, 1, 1а, 2, 2а, 3, 4, 5, 6, 7, 8, 9, 10, 10а, 11; then the
// signatures of the head and chief accountant, and the transfer block [8]–[19]: the seller's
// side [10]–[14] next to the buyer's side [15]–[19].

import ERPCore

extension PrintForm {
    /// The UPD's body.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    static func upd(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let words = try amountInWords(document.totals.gross)
        return """
            \(annulmentNotice(document))\(updHead(document))\(updTable(document))\
            <p>Сумма прописью:</p>\(words)\(updSignatures(document))
            """
    }

    /// The status box and the invoice lines (1)–(8).
    private static func updHead(_ document: ClosingDocument) -> HTML {
        let seller = document.seller, buyer = document.buyer
        let lineCount = document.lines.count
        let shipping = "№ п/п 1–\(lineCount); № \(document.number) от \(document.date.dotted)"
        let rows: [HTML] = [
            updField("Счёт-фактура №", "\(document.number) от \(document.date.dotted)", "(1)"),
            updField("Исправление №", "— от —", "(1а)"),
            updField("Продавец", seller.name, "(2)"),
            updField("Адрес", seller.address, "(2а)"),
            updField("ИНН/КПП продавца", seller.innAndKPP, "(2б)"),
            updField("Грузоотправитель и его адрес", document.consignor.map(nameAndAddress) ?? "он же", "(3)"),
            updField("Грузополучатель и его адрес", nameAndAddress(document.consignee ?? buyer), "(4)"),
            updField("К платёжно-расчётному документу", document.paymentDocuments.map { payments in
                payments.map { "№ \($0.number) от \($0.date.dotted)" }.joined(separator: ", ")
            } ?? "№ — от —", "(5)"),
            updField("Документ об отгрузке", shipping, "(5а)"),
            updField("Покупатель", buyer.name, "(6)"),
            updField("Адрес", buyer.address, "(6а)"),
            updField("ИНН/КПП покупателя", buyer.innAndKPP, "(6б)"),
            updField("Валюта: наименование, код", currencyName(document.totals.gross.currency), "(7)"),
            updField("Идентификатор государственного контракта, договора (соглашения) (при наличии)", nil, "(8)"),
        ]
        return """
            <table class="plain upd-head"><tr>
            <td class="upd-status" rowspan="\(rows.count + 1)"><b>Универсальный передаточный документ</b><br><br>\
            Статус: <b>\(document.vatPayer ? 1 : 2)</b><br><br><span class="hint">1 — счёт-фактура и передаточный \
            документ (акт)<br>2 — передаточный документ (акт)</span></td>
            <td colspan="3" class="hint">Приложение № 1 к письму ФНС России от 21.10.2013 № ММВ-20-3/96@</td></tr>
            \(rows)</table>

            """
    }

    /// One invoice line of the UPD head: label, underlined value, the line's code in brackets.
    static func updField(_ label: String, _ value: String?, _ code: String) -> HTML {
        "<tr><td class=\"label\">\(label):</td><td class=\"upd-line\">\(value)</td><td class=\"code\">\(code)</td></tr>\n"
    }

    /// `"ООО «Ромашка», 101000, г. Москва, …"`: a consignor or consignee with its address.
    private static func nameAndAddress(_ party: PartyRequisites) -> String {
        [party.name, party.address].compactMap { $0 }.joined(separator: ", ")
    }

    /// Line (7): the currency's name and OKV numeric code.
    static func currencyName(_ currency: Currency) -> String {
        currency == .rub ? "Российский рубль, 643" : currency.code
    }

    /// The goods table with its numbered columns and the "Всего к оплате" row.
    private static func updTable(_ document: ClosingDocument) -> HTML {
        let rows: [HTML] = document.lines.map { line in
            """
            <tr><td>\(line.sku)</td><td class="center">\(line.position)</td><td>\(line.productName)</td>\
            <td class="center">\(line.okeiCode)</td><td>\(line.unitName)</td>\
            <td class="num">\(PrintFormat.quantity(line.qty))</td>\
            <td class="num">\(netUnitPrice(line, in: document).map(PrintFormat.money))</td>\
            <td class="num">\(PrintFormat.money(line.net))</td><td class="center">без акциза</td>\
            <td class="center">\(PrintFormat.vatRate(line.vatRate))</td>\
            <td class="num">\(PrintFormat.vat(line.vat, at: line.vatRate))</td>\
            <td class="num">\(PrintFormat.money(line.gross))</td>\
            <td class="center">\(line.countryCode)</td><td>\(line.countryName)</td><td>\(line.customsDeclaration)</td></tr>

            """
        }
        let totals = document.totals
        let totalVAT = totals.isWithoutVAT ? "без НДС" : PrintFormat.money(totals.vat)
        return """
            <table class="lines columns">
            <thead>
            <tr><th rowspan="2">Код товара/ работ, услуг</th><th rowspan="2">№ п/п</th>\
            <th rowspan="2">Наименование товара (описание выполненных работ, оказанных услуг), имущественного права</th>\
            <th colspan="2">Единица измерения</th><th rowspan="2">Количество (объём)</th>\
            <th rowspan="2">Цена (тариф) за единицу измерения</th>\
            <th rowspan="2">Стоимость товаров (работ, услуг), имущественных прав без налога — всего</th>\
            <th rowspan="2">В том числе сумма акциза</th><th rowspan="2">Налоговая ставка</th>\
            <th rowspan="2">Сумма налога, предъявляемая покупателю</th>\
            <th rowspan="2">Стоимость товаров (работ, услуг), имущественных прав с налогом — всего</th>\
            <th colspan="2">Страна происхождения товара</th>\
            <th rowspan="2">Регистрационный номер декларации на товары или регистрационный номер партии товара, \
            подлежащего прослеживаемости</th></tr>
            <tr><th>код</th><th>условное обозначение (национальное)</th><th>цифровой код</th><th>краткое наименование</th></tr>
            <tr><th>А</th><th>1</th><th>1а</th><th>2</th><th>2а</th><th>3</th><th>4</th><th>5</th><th>6</th>\
            <th>7</th><th>8</th><th>9</th><th>10</th><th>10а</th><th>11</th></tr>
            </thead>
            <tbody>
            \(rows)<tr><td colspan="7"><b>Всего к оплате (9)</b></td><td class="num"><b>\(PrintFormat.money(totals.net))</b></td>\
            <td class="center" colspan="2">X</td><td class="num"><b>\(totalVAT)</b></td>\
            <td class="num"><b>\(PrintFormat.money(totals.gross))</b></td><td class="plain" colspan="3"></td></tr>
            </tbody>
            </table>

            """
    }

    /// Column 4, the price without VAT: the price itself when it excludes VAT and has no
    /// discount, else column 5 ÷ column 3 rounded half-up to kopecks (so 3 × 4 ≈ 5 as the form
    /// expects); nil for a zero quantity.
    package static func netUnitPrice(_ line: DocumentLine, in document: ClosingDocument) -> Money? {
        if !document.pricesIncludeVAT && line.discountPct.basisPoints == 0 { return line.price }
        guard !line.qty.isZero else { return nil }
        let sign: Int128 = line.qty.isNegative ? -1 : 1
        let exact = Int128(line.net.minorUnits) * Int128(Quantity.thousandthsPerUnit) * sign
        let units = DecimalText.divideRoundingHalfUp(exact, by: Int128(line.qty.thousandths) * sign)
        // |net| ≤ |qty × price|, so the quotient is at most the price in magnitude.
        return Money(minorUnits: Int64(truncatingIfNeeded: units), currency: line.net.currency)
    }

    /// The signatures of the head and chief accountant, then the transfer block [8]–[19].
    private static func updSignatures(_ document: ClosingDocument) -> HTML {
        let seller = document.seller, buyer = document.buyer
        let blank: HTML = "<span class=\"sign\"></span>"
        func field(_ code: String, _ label: String, _ value: HTML) -> HTML {
            "<p>\(label) <span class=\"hint\">[\(code)]</span><br>\(value)</p>"
        }
        func signer(_ name: String?) -> HTML {
            "(должность) \(blank) (подпись) \(blank) / \(name.map { HTML(text: $0) } ?? blank) /"
        }
        let sellerSide = [
            field("10", "Товар (груз) передал / услуги, результаты работ, права сдал", signer(seller.director)),
            field("11", "Дата отгрузки, передачи (сдачи)", HTML(text: document.date.russianLong)),
            field("12", "Иные сведения об отгрузке, передаче", blank),
            field("13", "Ответственный за правильность оформления факта хозяйственной жизни", signer(seller.chiefAccountant)),
            field("14", "Наименование экономического субъекта — составителя документа (в т. ч. комиссионера / агента)",
                  "\(seller.name), ИНН/КПП \(seller.innAndKPP)<br><span class=\"hint\">М.П.</span>"),
        ]
        let buyerSide = [
            field("15", "Товар (груз) получил / услуги, результаты работ, права принял", signer(nil)),
            field("16", "Дата получения (приёмки)", "«\(blank)» \(blank) 20\(blank) г."),
            field("17", "Иные сведения о получении, приёмке", blank),
            field("18", "Ответственный за правильность оформления факта хозяйственной жизни", signer(nil)),
            field("19", "Наименование экономического субъекта — составителя документа",
                  "\(buyer.name), ИНН/КПП \(buyer.innAndKPP)<br><span class=\"hint\">М.П.</span>"),
        ]
        return """
            <table class="plain signatures">
            <tr><td>Документ составлен на \(blank) листах</td>\
            <td>Руководитель организации или иное уполномоченное лицо \(blank) / \(seller.director) /</td>\
            <td>Главный бухгалтер или иное уполномоченное лицо \(blank) / \(seller.chiefAccountant) /</td></tr>
            <tr><td></td><td colspan="2">Индивидуальный предприниматель или иное уполномоченное лицо \(blank) / \(blank) / \
            реквизиты свидетельства о государственной регистрации индивидуального предпринимателя \(blank)</td></tr>
            </table>
            \(field("8", "Основание передачи (сдачи) / получения (приёмки)", HTML(text: document.basis ?? "—")))\
            \(field("9", "Данные о транспортировке и грузе", blank))
            <table class="plain signatures"><tr><td>\(sellerSide)</td><td>\(buyerSide)</td></tr></table>

            """
    }
}
