// The invoice for payment (счёт на оплату) and the acceptance act (акт), laid out like the forms
// Russian accounting programs print: the invoice opens with the payee's bank requisites in the
// payment-order layout, then the title, the parties, the lines, the totals, "Всего к оплате",
// the amount in words and the signatures; the act has the same table for services, the
// acceptance sentence and both parties' signatures.

import ERPCore

extension PrintForm {
    /// The invoice for payment's body.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    static func invoice(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let seller = document.seller
        let bank = seller.bank
        let summary = try amountSummary(document, lead: "Всего наименований")
        let parties = partiesBlock(
            [("Поставщик (Исполнитель)", seller), ("Покупатель (Заказчик)", document.buyer)],
            basis: document.basis, bank: false)
        return """
            \(annulmentNotice(document))<table class="bank">
            <tr><td colspan="2" rowspan="2">\(bank?.name)<br><span class="hint">Банк получателя</span></td>\
            <td class="code">БИК</td><td>\(bank?.bic)</td></tr>
            <tr><td class="code">Сч. №</td><td>\(bank?.corrAccount)</td></tr>
            <tr><td>ИНН \(seller.inn)</td><td>КПП \(seller.kpp)</td>\
            <td class="code" rowspan="2">Сч. №</td><td rowspan="2">\(bank?.account)</td></tr>
            <tr><td colspan="2">\(seller.name)<br><span class="hint">Получатель</span></td></tr>
            </table>
            <h1>Счёт на оплату № \(document.number) от \(document.date.russianLong)</h1>
            \(parties)\(simpleLinesTable(document, itemHeader: "Товары (работы, услуги)"))\
            \(totalsBlock(document, finalLabel: "Всего к оплате"))\(summary)\
            <p class="hint">Оплата данного счёта означает согласие с условиями поставки товара. \
            Товар отпускается по факту прихода денег на расчётный счёт поставщика.</p>
            <table class="plain signatures">
            <tr>\(signature("Руководитель", seller.director))</tr>
            <tr>\(signature("Главный бухгалтер", seller.chiefAccountant))</tr>
            </table>
            """
    }

    /// The acceptance act's body.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles.
    static func act(_ document: ClosingDocument) throws(ValueError) -> HTML {
        let summary = try amountSummary(document, lead: "Всего оказано услуг")
        let parties = partiesBlock(
            [("Исполнитель", document.seller), ("Заказчик", document.buyer)], basis: document.basis, bank: true)
        let signatures = partySignatures([
            ("ИСПОЛНИТЕЛЬ", document.seller, "Руководитель"), ("ЗАКАЗЧИК", document.buyer, "Представитель"),
        ])
        return """
            \(annulmentNotice(document))<h1>Акт № \(document.number) от \(document.date.russianLong)</h1>
            \(parties)\(simpleLinesTable(document, itemHeader: "Наименование работ, услуг"))\
            \(totalsBlock(document, finalLabel: "Всего"))\(summary)\
            <p>Вышеперечисленные услуги выполнены полностью и в срок. \
            Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.</p>
            \(signatures)
            """
    }

    /// Both parties' signature columns side by side: title, party name, signer's role, a line
    /// to sign on, the signer's name (the party's director, when known) and the stamp place.
    static func partySignatures(_ sides: [(title: String, party: PartyRequisites, role: String)]) -> HTML {
        let cells: [HTML] = sides.map { side in
            let signer: HTML = side.party.director.map { HTML(text: $0) } ?? "<span class=\"sign\"></span>"
            return """
                <td><b>\(side.title)</b><br>\(side.party.name)<br><br>\(side.role) \
                <span class="sign"></span> / \(signer) /<br><span class="hint">М.П.</span></td>
                """
        }
        return "<table class=\"plain signatures\"><tr>\(cells)</tr></table>\n"
    }
}
