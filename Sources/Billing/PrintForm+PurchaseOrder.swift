// The supplier order (заказ поставщику) as a printable page: the buyer (we) and the supplier, the
// expected date, the lines with prices without VAT, VAT and amounts, the totals, the total in
// words and both signatures — what a purchaser sends a supplier. The print forms live here, so
// Billing, above Purchasing, renders the order Purchasing reads.

import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing

extension PrintForm {
    /// The complete page of `order` from `supplier` to `buyer` (us).
    /// - Throws: `ValueError.outOfRange` when an amount is not in roubles.
    package static func html(for order: PurchaseOrder, supplier: PartyRequisites, buyer: PartyRequisites,
                             on day: CalendarDate) throws(ValueError) -> String {
        let title = "Заказ поставщику № \(order.number) от \(day.russianLong)"
        return page(title: title, orientation: .portrait, body: try purchaseOrder(order, title: title, supplier: supplier, buyer: buyer)).markup
    }

    /// The order's body (the caller has checked that the prices may be seen).
    private static func purchaseOrder(_ order: PurchaseOrder, title: String, supplier: PartyRequisites,
                                      buyer: PartyRequisites) throws(ValueError) -> HTML {
        let rows: [HTML] = order.lines.map { line in
            """
            <tr><td class="center">\(String(line.lineNo))</td><td>\(line.sku)</td><td>\(line.name)</td>\
            <td class="num">\(PrintFormat.quantity(line.qty))</td><td class="center">\(line.unit)</td>\
            <td class="num">\(line.price.map(PrintFormat.money) ?? "")</td><td class="center">\(PrintFormat.vatRate(line.vatRate))</td>\
            <td class="num">\(line.vat.map(PrintFormat.money) ?? "")</td><td class="num">\(line.gross.map(PrintFormat.money) ?? "")</td></tr>

            """
        }
        let totals: LineTotals
        if let known = order.totals { totals = known } else { totals = try LineTotals(lines: [LineAmounts]()) }
        let expected: HTML = order.expectedDate.map { "<p>Срок поставки: \($0.dotted)</p>\n" } ?? ""
        let comment: HTML = order.comment.map { "<p>Комментарий: \($0)</p>\n" } ?? ""
        return """
            <h1>\(title)</h1>
            \(partiesBlock([("Поставщик", supplier), ("Покупатель", buyer)], basis: nil, bank: false))\(expected)\
            <table class="lines">
            <thead><tr><th>№</th><th>Артикул</th><th>Товар</th><th>Кол-во</th><th>Ед.</th><th>Цена без НДС</th>\
            <th>Ставка НДС</th><th>НДС</th><th>Сумма с НДС</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            <table class="plain totals">
            \(totalRow("Итого без НДС", totals.net))\(totalRow("НДС", totals.vat))\(totalRow("Всего", totals.gross))</table>
            <p>Всего наименований \(String(order.lines.count)), на сумму \(PrintFormat.money(totals.gross)) руб.</p>
            \(try amountInWords(totals.gross))\(comment)\
            \(partySignatures([("ПОКУПАТЕЛЬ", buyer, "Руководитель"), ("ПОСТАВЩИК", supplier, "Представитель")]))
            """
    }
}

extension BillingService {
    /// The printable page of supplier order `id` (the supplier's requisites as they are now, ours
    /// from the company settings).
    /// - Throws: `ERPError.forbidden` without `purchasing.prices` (an order without prices is no
    ///   order to send); `.notFound`; `.validationFailed` when an amount is not in roubles.
    package func print(_ id: PurchaseOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readPurchasePrices)
        let order = try PurchasingService(time: time).order(id, by: principal, on: connection)
        let (supplier, company, day) = try connection.serviceTransaction { tx in
            (try Parties.get(order.supplierID, by: principal, in: tx), try CompanySettings.current(in: tx),
             try CompanyCalendar.day(of: order.createdAt, in: tx))
        }
        do {
            return try PrintForm.html(for: order, supplier: DocumentIssuing.buyer(supplier), buyer: DocumentIssuing.seller(company), on: day)
        } catch {
            throw ERPError.invalid("purchase order", error)
        }
    }
}
