// ТОРГ-12 (товарная накладная, унифицированная форма ОКУД 0330212): the shipment form some buyers
// still require beside or instead of the UPD, printed from the same frozen UPD content. Header:
// consignor, consignee, supplier, payer, basis, number and date; the goods table with columns
// 1–15 (number, goods and code, unit and OKEI code, package kind, quantity per place, places,
// gross mass, quantity, price without VAT, amount without VAT, VAT rate and sum, amount with
// VAT); totals; the amount in words and the release and receipt signatures.

import ERPCore

extension PrintForm {
    /// A closing document's printed forms: its own, or ТОРГ-12 for a UPD.
    package enum Form: String, Sendable, CaseIterable {
        /// The document's own form (invoice, UPD, act, УКД).
        case standard
        /// ТОРГ-12, for a UPD's goods.
        case torg12
    }

    /// The ТОРГ-12 page of a UPD.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    package static func torg12Page(for document: ClosingDocument) throws(ValueError) -> String {
        page(title: "Товарная накладная № \(document.number) от \(document.date.dotted)", orientation: .landscape,
             body: try torg12(document)).markup
    }

    private static func torg12(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let words = try amountInWords(document.totals.gross)
        let seller = document.seller, blank: HTML = "<span class=\"sign\"></span>"
        let rows: [HTML] = [
            torg12Party("Грузоотправитель", document.consignor ?? seller),
            torg12Party("Грузополучатель", document.consignee ?? document.buyer),
            torg12Party("Поставщик", seller, bank: true),
            torg12Party("Плательщик", document.buyer, bank: true),
            "<tr><td class=\"label\">Основание:</td><td>\(document.basis ?? "—")</td></tr>\n",
        ]
        return """
            \(annulmentNotice(document))<p class="hint">Унифицированная форма № ТОРГ-12. Утверждена постановлением \
            Госкомстата России от 25.12.98 № 132. Форма по ОКУД 0330212</p>
            <table class="plain parties">\(rows)</table>
            <h1>ТОВАРНАЯ НАКЛАДНАЯ № \(document.number) от \(document.date.dotted)</h1>
            \(torg12Table(document))\
            <p>Товарная накладная имеет приложение на \(blank) листах и содержит \(document.lines.count) порядковых номеров записей. \
            Всего мест \(blank). Масса груза (нетто) \(blank), (брутто) \(blank)</p>
            <p>Всего отпущено на сумму:</p>\(words)
            <table class="plain signatures"><tr>\
            <td>Отпуск груза разрешил: руководитель \(blank) / \(seller.director) /<br>\
            Главный (старший) бухгалтер \(blank) / \(seller.chiefAccountant) /<br>\
            Отпуск груза произвёл \(blank) / \(blank) /<br><span class="hint">М.П. \(document.date.russianLong)</span></td>\
            <td>По доверенности № \(blank) от \(blank), выданной \(blank)<br>\
            Груз принял \(blank) / \(blank) /<br>Груз получил грузополучатель \(blank) / \(blank) /<br>\
            <span class="hint">М.П. «\(blank)» \(blank) 20\(blank) г.</span></td></tr></table>

            """
    }

    /// One header line: the role, the party's requisites (with the bank for supplier and payer).
    private static func torg12Party(_ role: String, _ party: PartyRequisites, bank: Bool = false) -> HTML {
        "<tr><td class=\"label\">\(role):</td><td class=\"upd-line\">\(requisitesLine(party, bank: bank))</td></tr>\n"
    }

    /// The goods table, columns 1–15, with the "Итого" and "Всего по накладной" rows.
    private static func torg12Table(_ document: ClosingDocument) -> HTML {
        let rows: [HTML] = document.lines.map { line in
            """
            <tr><td class="center">\(line.position)</td><td>\(line.productName)</td><td>\(line.sku)</td><td>\(line.unitName)</td>\
            <td class="center">\(line.okeiCode)</td><td></td><td></td><td></td><td></td>\
            <td class="num">\(PrintFormat.quantity(line.qty))</td>\
            <td class="num">\(netUnitPrice(line, in: document).map(PrintFormat.money))</td>\
            <td class="num">\(PrintFormat.money(line.net))</td><td class="center">\(PrintFormat.vatRate(line.vatRate))</td>\
            <td class="num">\(PrintFormat.vat(line.vat, at: line.vatRate))</td><td class="num">\(PrintFormat.money(line.gross))</td></tr>

            """
        }
        let totals = document.totals
        let totalVAT = totals.isWithoutVAT ? "без НДС" : PrintFormat.money(totals.vat)
        let quantity = document.lines.reduce(Quantity.zero) { (try? $0 + $1.qty) ?? $0 }
        let sum: HTML = """
            <td class="num">\(PrintFormat.quantity(quantity))</td><td class="center">X</td>\
            <td class="num">\(PrintFormat.money(totals.net))</td><td class="center">X</td><td class="num">\(totalVAT)</td>\
            <td class="num">\(PrintFormat.money(totals.gross))</td>
            """
        return """
            <table class="lines columns">
            <thead>
            <tr><th rowspan="2">Номер по порядку</th><th colspan="2">Товар</th><th colspan="2">Единица измерения</th>\
            <th rowspan="2">Вид упаковки</th><th colspan="2">Количество</th><th rowspan="2">Масса брутто</th>\
            <th rowspan="2">Количество (масса нетто)</th><th rowspan="2">Цена, руб. коп.</th>\
            <th rowspan="2">Сумма без учёта НДС, руб. коп.</th><th colspan="2">НДС</th>\
            <th rowspan="2">Сумма с учётом НДС, руб. коп.</th></tr>
            <tr><th>наименование, характеристика, сорт, артикул товара</th><th>код</th><th>наименование</th><th>код по ОКЕИ</th>\
            <th>в одном месте</th><th>мест, штук</th><th>ставка, %</th><th>сумма, руб. коп.</th></tr>
            <tr><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>6</th><th>7</th><th>8</th><th>9</th><th>10</th><th>11</th>\
            <th>12</th><th>13</th><th>14</th><th>15</th></tr>
            </thead>
            <tbody>
            \(rows)<tr><td colspan="9" class="num"><b>Итого</b></td>\(sum)</tr>
            <tr><td colspan="9" class="num"><b>Всего по накладной</b></td>\(sum)</tr>
            </tbody>
            </table>

            """
    }
}
