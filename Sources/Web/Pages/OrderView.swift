// The order page's body: header, lines with reserved / shipped / returned, totals with VAT, the
// payment status, the closing documents, and the actions its status allows for this role.

import Billing
import Catalog
import ERPCore
import Sales

/// Renders one `SalesOrder`.
struct OrderView {
    let order: SalesOrder
    let documents: [IssuedDocument]
    let payment: OrderPayment?
    let context: PageContext

    func body(client: String, shortages: [ProductID: String], problem: String?, principal: Principal) throws -> HTML {
        let id = String(order.id.rawValue)
        let lines = order.lines.map { line -> HTML in
            let short: HTML = shortages[line.productID].map { "<p class=\"field-error\" role=\"alert\">\($0)</p>" } ?? ""
            let shortClass: HTML = shortages[line.productID] == nil ? "" : " class=\"short\""
            return """
                <tr\(shortClass)><td>\(line.sku)</td><td>\(line.name)\(short)</td>
                <td class="num" data-label="\(context.text(.quantity))">\(WebFormat.quantity(line.qty, unit: line.unit))</td>
                <td class="num" data-label="\(context.say(.price))">\(WebFormat.money(line.price))</td>
                <td class="num" data-label="\(context.text(.reserved))">\(WebFormat.number(line.reserved))</td>
                <td class="num" data-label="\(context.say(.shipped))">\(WebFormat.number(line.shipped))</td>
                <td class="num" data-label="\(context.say(.returned))">\(WebFormat.number(line.returned))</td>
                <td class="num" data-label="\(context.text(.total))">\(WebFormat.money(line.gross))</td></tr>
                """
        }
        let alert: HTML = problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        return """
            <div class="heading"><h1>\(context.say(.order)) \(order.number)</h1>\(SalesFormat.badge(order.status, context: context))</div>\(alert)
            <dl class="facts"><div><dt>\(context.say(.client))</dt><dd><a href="/clients/\(String(order.clientID.rawValue))">\(client)</a></dd></div>
            <div><dt>\(context.text(.date))</dt><dd>\(WebFormat.dateTime(order.createdAt))</dd></div>
            \(paymentFacts())</dl>
            <table class="lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th class="num">\(context.text(.quantity))</th>
            <th class="num">\(context.say(.price))</th><th class="num">\(context.text(.reserved))</th><th class="num">\(context.say(.shipped))</th>
            <th class="num">\(context.say(.returned))</th><th class="num">\(context.text(.total))</th></tr></thead><tbody>\(lines)</tbody>
            <tfoot><tr><td colspan="7">\(context.say(.vat))</td><td class="num">\(WebFormat.money(order.totals.vat))</td></tr>
            <tr><td colspan="7">\(context.say(.totalWithVAT))</td><td class="num" id="order-total">\(WebFormat.money(order.totals.gross))</td></tr></tfoot></table>
            \(try actions(id, principal: principal))\(documentList())
            """
    }

    private func paymentFacts() -> HTML {
        guard let payment else { return "" }
        return """
            <div><dt>\(context.say(.paymentState))</dt><dd>\(context.say(.orderPayment(payment.status.rawValue)))</dd></div>
            <div><dt>\(context.say(.paid))</dt><dd class="num">\(WebFormat.money(payment.paid))</dd></div>
            <div><dt>\(context.say(.due))</dt><dd class="num">\(WebFormat.money(payment.due))</dd></div>
            """
    }

    /// The buttons the status allows: a draft is confirmed or cancelled; an order in force gets
    /// its documents (the service still refuses what does not apply, e.g. a UPD before shipping).
    private func actions(_ id: String, principal: Principal) throws -> HTML {
        var buttons: [HTML] = []
        let sell = principal.may(.sellOrders)
        if sell, order.status == .draft || order.status == .confirmed {
            buttons.append(try button("/orders/\(id)/cancel", context.text(.cancel)))
        }
        if principal.may(.issueDocuments), order.status != .draft, order.status != .cancelled {
            buttons.append(try button("/orders/\(id)/documents", context.say(.issueInvoice), field: ("type", "invoice")))
            if order.status != .confirmed {
                buttons.append(try button("/orders/\(id)/documents", context.say(.issueUPD), field: ("type", "upd")))
            }
        }
        if sell, order.status == .draft {
            buttons.append(try button("/orders/\(id)/confirm", context.say(.confirm), primary: true))
        }
        guard !buttons.isEmpty else { return "" }
        return "<div class=\"actions\">\(buttons)</div>"
    }

    private func button(_ action: String, _ label: String, field: (String, String)? = nil, primary: Bool = false) throws -> HTML {
        let hidden: HTML = field.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" } ?? ""
        let style: HTML = primary ? " class=\"primary\"" : ""
        return """
            <form method="post" action="\(action)">\(context.csrfField)\(try context.idempotencyField())\(hidden)<button type="submit"\(style)>\(label)</button></form>
            """
    }

    private func documentList() -> HTML {
        guard !documents.isEmpty else { return "" }
        let rows = documents.map { document -> HTML in
            """
            <tr><td><a href="/documents/\(String(document.id.rawValue))">\(context.say(.documentType(document.type.rawValue))) \(document.number)</a></td>
            <td>\(document.date.dotted)</td><td>\(SalesFormat.badge(document.status, context: context))</td>
            <td class="num">\(WebFormat.money(document.total))</td></tr>
            """
        }
        return "<section><h2>\(context.say(.documents))</h2><table class=\"list\"><tbody>\(rows)</tbody></table></section>"
    }
}
