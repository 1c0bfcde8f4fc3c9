// The акт сверки взаиморасчётов as a printable page: the usual two-sided table — our records
// filled in, the client's left blank for them to fill and sign — with the opening balance, every
// document and payment, the turnovers, the closing balance in words and both signatures.

import ERPCore

extension PrintForm {
    /// The complete page of `statement`.
    /// - Throws: `ValueError.outOfRange` when an amount is not in roubles.
    package static func html(for statement: Reconciliation) throws(ValueError) -> String {
        let title = "Акт сверки взаимных расчётов за период \(statement.from.dotted) – \(statement.to.dotted)"
        return page(title: title, orientation: .portrait, body: try reconciliation(statement, title: title)).markup
    }

    /// The statement's body.
    private static func reconciliation(_ statement: Reconciliation, title: String) throws(ValueError) -> HTML {
        let rows: [HTML] = statement.entries.map { entry in
            """
            <tr><td>\(entry.date.dotted)</td><td>\(entryTitle(entry))</td>\
            <td class="num">\(amount(entry.debit))</td><td class="num">\(amount(entry.credit))</td>\
            <td></td><td></td><td></td><td></td></tr>

            """
        }
        let closing = statement.closingBalance
        let owed = closing.isNegative ? try -closing : closing
        let creditor = closing.isNegative ? statement.buyer.name : statement.seller.name
        let owes: HTML = closing.isZero ? "задолженность отсутствует"
            : "задолженность в пользу \(creditor) \(PrintFormat.money(owed)) руб."
        let words = closing.isZero ? "" : try amountInWords(owed)
        let opening = try balanceRow("Сальдо начальное", statement.openingBalance)
        let closingRow = try balanceRow("Сальдо конечное", closing)
        let signatures = partySignatures([
            ("От \(statement.seller.name)", statement.seller, "Руководитель"),
            ("От \(statement.buyer.name)", statement.buyer, "Представитель"),
        ])
        return """
            <h1>\(title)</h1>
            <p>между \(requisitesLine(statement.seller)) и \(requisitesLine(statement.buyer))</p>
            <table class="lines">
            <thead><tr><th colspan="4">По данным \(statement.seller.name), руб.</th>\
            <th colspan="4">По данным \(statement.buyer.name), руб.</th></tr>
            <tr><th>Дата</th><th>Документ</th><th>Дебет</th><th>Кредит</th>\
            <th>Дата</th><th>Документ</th><th>Дебет</th><th>Кредит</th></tr></thead>
            <tbody>
            \(opening)\(rows)\
            <tr><td colspan="2"><b>Обороты за период</b></td><td class="num"><b>\(PrintFormat.money(statement.debitTurnover))</b></td>\
            <td class="num"><b>\(PrintFormat.money(statement.creditTurnover))</b></td><td colspan="4"></td></tr>
            \(closingRow)</tbody>
            </table>
            <p>По данным \(statement.seller.name) на \(statement.to.dotted) \(owes)</p>\(words)\(signatures)
            """
    }

    /// A balance row: a debt in the debit column, the client's credit in the credit column.
    /// - Throws: `ValueError.overflow` for a balance that cannot be negated.
    private static func balanceRow(_ label: String, _ balance: Money) throws(ValueError) -> HTML {
        let debit = balance.isNegative ? "" : PrintFormat.money(balance)
        let credit = balance.isNegative ? PrintFormat.money(try -balance) : ""
        return "<tr><td colspan=\"2\"><b>\(label)</b></td><td class=\"num\">\(debit)</td><td class=\"num\">\(credit)</td><td colspan=\"4\"></td></tr>\n"
    }

    /// `"Реализация (УПД № УПД-2026-000001)"`, `"Оплата (№ PAY-2026-000001)"`.
    private static func entryTitle(_ entry: ReconciliationEntry) -> String {
        switch entry.kind {
        case "upd": "Реализация (УПД № \(entry.number))"
        case "act": "Оказание услуг (акт № \(entry.number))"
        case "credit_note": "Возврат (корректировочный документ № \(entry.number))"
        case "ukd": "Корректировка реализации (УКД № \(entry.number))"
        default: "Оплата (№ \(entry.number))"
        }
    }

    /// An amount, or an empty cell for zero.
    private static func amount(_ money: Money) -> String { money.isZero ? "" : PrintFormat.money(money) }
}
