// Blocks the print forms share: the annulment notice, a party's requisites in one line, the
// simple lines table and totals of the invoice and the act, the amount in words, signatures.

import ERPCore

extension PrintForm {
    /// A bordered notice at the top of an annulled document's page; nothing otherwise.
    static func annulmentNotice(_ document: ClosingDocument) -> HTML {
        guard document.isAnnulled else { return "" }
        return "<p class=\"annulled\">АННУЛИРОВАН. Причина: \(document.annulmentReason)</p>\n"
    }

    /// `"ООО «Ромашка», ИНН 7707083893, КПП 773601001, ОГРН …, 101000, г. Москва, …"`, and with
    /// `bank` also `"р/с …, в банке …, БИК …, к/с …"` — the one-line requisites of the invoice and act.
    static func requisitesLine(_ party: PartyRequisites, bank: Bool = false) -> HTML {
        var parts = [party.name]
        if let inn = party.inn { parts.append("ИНН " + inn) }
        if let kpp = party.kpp { parts.append("КПП " + kpp) }
        if let ogrn = party.ogrn { parts.append((ogrn.count == 15 ? "ОГРНИП " : "ОГРН ") + ogrn) }
        if let address = party.address { parts.append(address) }
        if bank, let details = party.bank {
            if let account = details.account { parts.append("р/с " + account) }
            if let name = details.name { parts.append("в банке " + name) }
            if let bic = details.bic { parts.append("БИК " + bic) }
            if let corr = details.corrAccount { parts.append("к/с " + corr) }
        }
        return HTML(text: parts.joined(separator: ", "))
    }

    /// The "Поставщик / Покупатель / Основание" block of the invoice and the act.
    static func partiesBlock(_ rows: [(label: String, party: PartyRequisites)], basis: String?, bank: Bool) -> HTML {
        var html: [HTML] = rows.map { row in
            "<tr><td class=\"label\">\(row.label):</td><td>\(requisitesLine(row.party, bank: bank))</td></tr>\n"
        }
        if let basis { html.append("<tr><td class=\"label\">Основание:</td><td>\(basis)</td></tr>\n") }
        return "<table class=\"plain parties\">\n\(html)</table>\n"
    }

    /// The amount of a line in the terms of its price: with VAT when prices include it.
    static func priceTermsAmount(_ line: DocumentLine, in document: ClosingDocument) -> Money {
        document.pricesIncludeVAT ? line.gross : line.net
    }

    /// The lines table of the invoice and the act: №, name, quantity, unit, price, discount (only
    /// when some line has one) and amount.
    static func simpleLinesTable(_ document: ClosingDocument, itemHeader: String) -> HTML {
        let discounts = document.lines.contains { $0.discountPct.basisPoints > 0 }
        let discountHeader: HTML = discounts ? "<th>Скидка, %</th>" : ""
        let rows: [HTML] = document.lines.map { line in
            let discount: HTML = discounts ? "<td class=\"num\">\(PrintFormat.percentage(line.discountPct))</td>" : ""
            return """
                <tr><td class="center">\(line.position)</td><td>\(line.productName)</td>\
                <td class="num">\(PrintFormat.quantity(line.qty))</td><td>\(line.unitName)</td>\
                <td class="num">\(PrintFormat.money(line.price))</td>\(discount)\
                <td class="num">\(PrintFormat.money(priceTermsAmount(line, in: document)))</td></tr>

                """
        }
        return """
            <table class="lines">
            <thead><tr><th>№</th><th>\(itemHeader)</th><th>Кол-во</th><th>Ед.</th><th>Цена</th>\(discountHeader)<th>Сумма</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>

            """
    }

    /// "Итого", the VAT per rate ("В том числе НДС (20%)" for prices including VAT, "НДС (20%)"
    /// on top otherwise, "Без налога (НДС)" when no line has VAT) and the final line.
    static func totalsBlock(_ document: ClosingDocument, finalLabel: String) -> HTML {
        let totals = document.totals
        var rows: [HTML] = [totalRow("Итого", document.pricesIncludeVAT ? totals.gross : totals.net)]
        if totals.isWithoutVAT {
            rows.append("<tr><td>Без налога (НДС):</td><td class=\"num\">—</td></tr>\n")
        } else {
            for subtotal in totals.byRate where !subtotal.vatRate.isWithoutVAT {
                let rate = PrintFormat.vatRate(subtotal.vatRate)
                let label = document.pricesIncludeVAT ? "В том числе НДС (\(rate))" : "НДС (\(rate))"
                rows.append(totalRow(label, subtotal.vat))
            }
        }
        rows.append(totalRow(finalLabel, totals.gross))
        return "<table class=\"totals\">\n\(rows)</table>\n"
    }

    /// One right-aligned line of a totals block: `label:` and the amount.
    static func totalRow(_ label: String, _ amount: Money) -> HTML {
        "<tr><td>\(label):</td><td class=\"num\">\(PrintFormat.money(amount))</td></tr>\n"
    }

    /// `"<lead> 3, на сумму 1 234,50 руб."` and the amount in words under it.
    /// - Throws: `ValueError.outOfRange` when the total is not in roubles.
    static func amountSummary(_ document: ClosingDocument, lead: String) throws(ValueError) -> HTML {
        let total = document.totals.gross
        let sentence = "\(lead) \(document.lines.count), на сумму \(PrintFormat.money(total)) руб."
        return "<p>\(sentence)</p>\n\(try amountInWords(total))"
    }

    /// The total spelled in Russian, in bold, as the forms print it under the totals.
    /// - Throws: `ValueError.outOfRange` when the amount is not in roubles.
    static func amountInWords(_ amount: Money) throws(ValueError) -> HTML {
        "<p class=\"words\">\(try AmountInWords.russian(amount))</p>\n"
    }

    /// A signature place: role, a line to sign on, the signer's name (or a blank to write it in).
    static func signature(_ role: String, _ name: String?) -> HTML {
        let signer: HTML = name.map { HTML(text: $0) } ?? "<span class=\"sign\"></span>"
        return "<td>\(role)</td><td><span class=\"sign\"></span><br><span class=\"hint\">подпись</span></td>"
            + "<td>\(signer)<br><span class=\"hint\">расшифровка подписи</span></td>"
    }
}
