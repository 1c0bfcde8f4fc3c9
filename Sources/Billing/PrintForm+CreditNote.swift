// The credit note (корректировочный документ) for returned goods, kept simple but complete: the
// document it corrects, both parties, the returned lines with their VAT, the decrease in total
// and in words, and both parties' signatures.

import ERPCore

extension PrintForm {
    /// The credit note's body.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    static func creditNote(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let corrected: String = document.correctedDocument.map { "к документу № \($0.number) от \($0.date.dotted)" }
            ?? "к документу № — от —"
        let parties = partiesBlock(
            [("Продавец", document.seller), ("Покупатель", document.buyer)], basis: document.basis, bank: false)
        let words = try amountInWords(document.totals.gross)
        let signatures = partySignatures([
            ("ПРОДАВЕЦ", document.seller, "Руководитель"), ("ПОКУПАТЕЛЬ", document.buyer, "Представитель"),
        ])
        return """
            \(annulmentNotice(document))<h1>Корректировочный документ № \(document.number) \
            от \(document.date.russianLong)</h1>
            <p>\(corrected)<br>Возврат товаров: уменьшение стоимости отгрузки</p>
            \(parties)\(creditNoteTable(document))\
            <p>Всего наименований \(document.lines.count), сумма уменьшения \
            \(PrintFormat.money(document.totals.gross)) руб.</p>\(words)\
            <p>Главный бухгалтер продавца <span class="sign"></span> / \(document.seller.chiefAccountant) /</p>
            \(signatures)
            """
    }

    /// The returned lines with quantity, price, amounts without and with VAT, and the totals row.
    private static func creditNoteTable(_ document: ClosingDocument) -> HTML {
        let rows: [HTML] = document.lines.map { line in
            """
            <tr><td class="center">\(line.position)</td><td>\(line.sku)</td><td>\(line.productName)</td>\
            <td>\(line.unitName)</td><td class="num">\(PrintFormat.quantity(line.qty))</td>\
            <td class="num">\(PrintFormat.money(line.price))</td><td class="num">\(PrintFormat.money(line.net))</td>\
            <td class="center">\(PrintFormat.vatRate(line.vatRate))</td>\
            <td class="num">\(PrintFormat.vat(line.vat, at: line.vatRate))</td>\
            <td class="num">\(PrintFormat.money(line.gross))</td></tr>

            """
        }
        let totals = document.totals
        let totalVAT = totals.isWithoutVAT ? "без НДС" : PrintFormat.money(totals.vat)
        let priceHeader = document.pricesIncludeVAT ? "Цена с НДС" : "Цена без НДС"
        return """
            <table class="lines">
            <thead><tr><th>№</th><th>Код</th><th>Наименование товара</th><th>Ед.</th><th>Количество</th>\
            <th>\(priceHeader)</th><th>Стоимость без НДС</th><th>Ставка НДС</th><th>Сумма НДС</th>\
            <th>Стоимость с НДС</th></tr></thead>
            <tbody>
            \(rows)<tr><td colspan="6"><b>Всего к уменьшению</b></td>\
            <td class="num"><b>\(PrintFormat.money(totals.net))</b></td><td class="center">X</td>\
            <td class="num"><b>\(totalVAT)</b></td><td class="num"><b>\(PrintFormat.money(totals.gross))</b></td></tr>
            </tbody>
            </table>

            """
    }
}
