// The УКД (универсальный корректировочный документ), laid out like the form the Federal Tax
// Service recommends (letter ММВ-20-3/96@, on the корректировочный счёт-фактура of Постановление
// № 1137): the status box (1 — корректировочный счёт-фактура and the correction document, for VAT
// payers; 2 — the correction document only), the head lines (1)–(5) naming the corrected UPD, then
// per corrected line four rows — А before, Б after, В increase, Г decrease — over the columns
// А, 1, 2, 2а, 3, 4, 5, 6, 7, 8, 9, then "Всего увеличение (сумма строк В)" and "Всего уменьшение
// (сумма строк Г)", the signatures, and the basis of the correction with both parties' signatures.

import ERPCore

extension PrintForm {
    /// The УКД's body.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    static func correction(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let totals = document.correctionTotals
        let change = totals?.change ?? .zero()
        let words = try amountInWords(change.isNegative ? try change.negated() : change)
        let lead = change.isNegative ? "Сумма уменьшения" : "Сумма увеличения"
        let signatures = partySignatures([
            ("ПРОДАВЕЦ", document.seller, "Руководитель"), ("ПОКУПАТЕЛЬ", document.buyer, "Представитель"),
        ])
        return """
            \(annulmentNotice(document))\(correctionHead(document))\(correctionTable(document))\
            <p>\(lead) (с НДС) прописью:</p>\(words)\
            <table class="plain signatures"><tr>\
            <td>Руководитель организации или иное уполномоченное лицо <span class="sign"></span> / \(document.seller.director) /</td>\
            <td>Главный бухгалтер или иное уполномоченное лицо <span class="sign"></span> / \(document.seller.chiefAccountant) /</td>\
            </tr></table>
            <p>Основание для корректировки <span class="hint">[8]</span>: \(document.basis ?? "—"); \
            документ, подтверждающий согласие (факт уведомления) покупателя на изменение стоимости: № <span class="sign"></span> \
            от <span class="sign"></span></p>
            \(signatures)
            """
    }

    /// The status box and the head lines (1)–(5).
    private static func correctionHead(_ document: ClosingDocument) -> HTML {
        let corrected = document.correctedDocument.map { "№ \($0.number) от \($0.date.dotted)" } ?? "№ — от —"
        let rows: [HTML] = [
            updField("Корректировочный счёт-фактура №", "\(document.number) от \(document.date.dotted)", "(1)"),
            updField("Исправление корректировочного счёта-фактуры №", "— от —", "(1а)"),
            updField("к счёт-фактуре (передаточному документу)", "\(corrected), с учётом исправления № — от —", "(1б)"),
            updField("Продавец", document.seller.name, "(2)"),
            updField("Адрес", document.seller.address, "(2а)"),
            updField("ИНН/КПП продавца", document.seller.innAndKPP, "(2б)"),
            updField("Покупатель", document.buyer.name, "(3)"),
            updField("Адрес", document.buyer.address, "(3а)"),
            updField("ИНН/КПП покупателя", document.buyer.innAndKPP, "(3б)"),
            updField("Валюта: наименование, код", currencyName(document.totals.gross.currency), "(4)"),
            updField("Идентификатор государственного контракта, договора (соглашения) (при наличии)", nil, "(5)"),
        ]
        return """
            <table class="plain upd-head"><tr>
            <td class="upd-status" rowspan="\(rows.count + 1)"><b>Универсальный корректировочный документ</b><br><br>\
            Статус: <b>\(document.vatPayer ? 1 : 2)</b><br><br><span class="hint">1 — корректировочный счёт-фактура и \
            документ об изменении стоимости<br>2 — документ об изменении стоимости</span></td>
            <td colspan="3" class="hint">Приложение № 1 к письму ФНС России от 17.10.2014 № ММВ-20-3/96@</td></tr>
            \(rows)</table>

            """
    }

    /// The corrected lines, four rows each, and the increase and decrease totals.
    private static func correctionTable(_ document: ClosingDocument) -> HTML {
        let rows: [HTML] = (document.corrections ?? []).map { line in
            let before = line.before, after = line.after
            func state(_ row: String, _ label: String, _ state: DocumentLine) -> HTML {
                """
                <tr><td class="center">\(row)</td><td>\(label)</td>\
                <td class="num">\(PrintFormat.quantity(state.qty))</td>\
                <td class="num">\(netUnitPrice(state, in: document).map(PrintFormat.money))</td>\
                <td class="num">\(PrintFormat.money(state.net))</td><td class="center">без акциза</td>\
                <td class="center">\(PrintFormat.vatRate(state.vatRate))</td>\
                <td class="num">\(PrintFormat.vat(state.vat, at: state.vatRate))</td>\
                <td class="num">\(PrintFormat.money(state.gross))</td></tr>

                """
            }
            return """
                <tr><td rowspan="5">\(after.sku)</td><td class="center" rowspan="5">\(after.position)</td>\
                <td colspan="9">\(after.productName), \(after.unitName) \(after.okeiCode) \
                <span class="hint">(строка \(before.position) корректируемого документа)</span></td></tr>
                \(state("А", "до изменения", before))\(state("Б", "после изменения", after))\
                \(differenceRow("В", "увеличение", line.increase, rate: after.vatRate))\
                \(differenceRow("Г", "уменьшение", line.decrease, rate: after.vatRate))
                """
        }
        let totalRows: [HTML] = document.correctionTotals.map { totals in
            [correctionTotalRow("Всего увеличение (сумма строк В)", totals.increase, document),
             correctionTotalRow("Всего уменьшение (сумма строк Г)", totals.decrease, document)]
        } ?? []
        return """
            <table class="lines columns">
            <thead>
            <tr><th>Код товара/ работ, услуг</th><th>№ п/п</th><th>Строка</th><th>Показатель</th><th>Количество (объём)</th><th>Цена (тариф) за единицу измерения</th>\
            <th>Стоимость товаров (работ, услуг), имущественных прав без налога — всего</th><th>В том числе сумма акциза</th>\
            <th>Налоговая ставка</th><th>Сумма налога</th><th>Стоимость с налогом — всего</th></tr>
            <tr><th>А</th><th>1</th><th colspan="2">1, 2, 2а</th><th>3</th><th>4</th><th>5</th><th>6</th><th>7</th><th>8</th><th>9</th></tr>
            </thead>
            <tbody>
            \(rows)\(totalRows)
            </tbody>
            </table>

            """
    }

    /// Row В or Г of a line: only the columns that changed in that direction, "—" elsewhere.
    private static func differenceRow(_ row: String, _ label: String, _ amounts: CorrectionAmounts, rate: VATRate) -> HTML {
        func cell(_ text: String, _ isZero: Bool) -> HTML { "<td class=\"num\">\(isZero ? "—" : text)</td>" }
        return """
            <tr><td class="center">\(row)</td><td>\(label)</td>\
            \(cell(PrintFormat.quantity(amounts.qty), amounts.qty.isZero))\(cell(PrintFormat.money(amounts.price), amounts.price.isZero))\
            \(cell(PrintFormat.money(amounts.net), amounts.net.isZero))<td class="center">X</td><td class="center">X</td>\
            \(cell(PrintFormat.vat(amounts.vat, at: rate), amounts.vat.isZero && !rate.isWithoutVAT))\
            \(cell(PrintFormat.money(amounts.gross), amounts.gross.isZero))</tr>

            """
    }

    /// A total row of the УКД: columns 5, 8 and 9 summed over the rows В or Г.
    private static func correctionTotalRow(_ label: String, _ amounts: CorrectionAmounts, _ document: ClosingDocument) -> HTML {
        let vat: String = document.totals.isWithoutVAT ? "без НДС" : PrintFormat.money(amounts.vat)
        return """
            <tr><td colspan="6"><b>\(label)</b></td><td class="num"><b>\(PrintFormat.money(amounts.net))</b></td>\
            <td class="center" colspan="2">X</td><td class="num"><b>\(vat)</b></td>\
            <td class="num"><b>\(PrintFormat.money(amounts.gross))</b></td></tr>

            """
    }
}
