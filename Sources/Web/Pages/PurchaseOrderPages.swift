// The purchaser's supplier orders: the list (status and supplier filters, the totals of the rows
// shown), a new order (`PurchaseOrderPages+Form.swift`), and the order page — ordered, received
// and remaining per line, totals with VAT for those who see purchase prices, the print form and
// CSV, and only the actions the transition table allows (Заказать, Принять, Отменить). Receiving
// against the order is `PurchaseReceiptPages`.

import Billing
import ERPCore
import ERPServer
import HTTP1
import Parties
import Postgres
import Purchasing

/// `/purchasing/orders…`.
struct PurchaseOrderPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/purchasing/orders", .purchase(.orders), permission: .readPurchasing, order: 300)]
    }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/orders", access: .permission(.readPurchasing), query: [
                QueryParameter("status", .enumeration(PurchaseOrderStatus.allCases.map(\.rawValue)), "Only orders in this status"),
                .id("supplier", "Only this supplier's orders"),
                .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/purchasing/orders/new", access: .permission(.editPurchasing), query: [.id("supplier", "The supplier to buy from")]) {
                context in try newOrderForm(context)
            },
            Page(.post, "/purchasing/orders/new", access: .permission(.editPurchasing)) { context in try createOrder(context) },
            Page(.get, "/purchasing/orders/{id}", access: .permission(.readPurchasing)) { context in try show(context) },
            Page(.get, "/purchasing/orders/{id}/print", access: .permission(.readPurchasePrices)) { context in try printForm(context) },
            Page(.get, "/purchasing/orders/{id}/csv", access: .permission(.readPurchasing)) { context in try csv(context) },
            Page(.post, "/purchasing/orders/{id}/place", access: .permission(.editPurchasing)) { context in
                try transition(context, notice: "placed") { id, principal, tx in try service.place(id, by: principal, in: tx) }
            },
            Page(.post, "/purchasing/orders/{id}/cancel", access: .permission(.editPurchasing)) { context in
                try transition(context, notice: "cancelled") { id, principal, tx in try service.cancel(id, by: principal, in: tx) }
            },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let status = context.query("status").flatMap(PurchaseOrderStatus.init(rawValue:))
        let supplier = context.query("supplier").flatMap(PartyID.init)
        let filter = PurchaseOrderFilter(status: status, supplierID: supplier, limit: 50, cursor: context.query("cursor"))
        let service = service
        let page = try context.withConnection { try service.orders(filter, by: principal, on: $0) }
        let names = try SalesFormat.clientNames(page.items.map(\.supplierID), context: context)
        let rows = page.items.map { order -> HTML in
            """
            <tr><td><a href="\(PurchaseFormat.orderPath(order.id))">\(order.number)</a></td><td>\(WebFormat.date(order.createdAt))</td>
            <td>\(names[order.supplierID] ?? "")</td><td>\(order.expectedDate?.dotted ?? "—")</td><td>\(PurchaseFormat.badge(order.status, context: context))</td>
            <td class="num">\(order.total.map(WebFormat.money) ?? "")</td></tr>
            """
        }
        let total = (try? Money.sum(page.items.compactMap(\.total))).map(WebFormat.money) ?? ""
        let empty = status == nil && supplier == nil ? context.purchase(.emptyOrders) : context.purchase(.emptyOrderFilter)
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(empty)</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th><th>\(context.text(.supplier))</th>
            <th>\(context.purchase(.expectedDate))</th><th>\(context.text(.status))</th><th class="num">\(context.text(.total))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="5">\(context.say(.totalShown))</td><td class="num">\(total)</td></tr></tfoot></table>
            """
        let new: HTML = principal.may(.editPurchasing) ? "<a class=\"button primary\" href=\"/purchasing/orders/new\">\(context.purchase(.newOrder))</a>" : ""
        let statuses = [("", context.say(.allStatuses))] + PurchaseOrderStatus.allCases.map { ($0.rawValue, context.purchase(.orderStatus($0))) }
        let suppliers = [("", context.purchase(.allSuppliers))] + (try PurchaseFormat.suppliers(context: context))
        let keep = [("status", status?.rawValue), ("supplier", supplier.map { String($0.rawValue) })]
        let body: HTML = """
            <div class="heading"><h1>\(context.purchase(.orders))</h1>\(new)</div>
            <form method="get" action="/purchasing/orders" class="filters">\
            \(PurchaseFormat.select("status", context.text(.status), statuses, selected: status?.rawValue ?? "", errors: FormErrors()))\
            \(PurchaseFormat.select("supplier", context.text(.supplier), suppliers, selected: supplier.map { String($0.rawValue) } ?? "", errors: FormErrors()))
            <button type="submit">\(context.text(.find))</button></form>
            \(table)\(SalesFormat.nextLink(page.nextCursor, path: "/purchasing/orders", keeping: keep, context: context))
            """
        return context.render(title: context.purchase(.orders), body)
    }

    func show(_ context: PageContext, problem: String? = nil, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        let service = service
        let order = try context.withConnection { try service.order(id, by: principal, on: $0) }
        let supplier = try SalesFormat.clientNames([order.supplierID], context: context)[order.supplierID] ?? ""
        let prices = order.totals != nil
        let rows = order.lines.map { line -> HTML in
            let money: HTML = prices ? """
                <td class="num">\(line.price.map(WebFormat.money) ?? "")</td><td class="num">\(line.vatRate.isWithoutVAT ? context.purchase(.withoutVAT) : line.vatRate.description + " %")</td>\
                <td class="num">\(line.gross.map(WebFormat.money) ?? "")</td>
                """ : ""
            return """
                <tr><td>\(line.sku)</td><td>\(line.name)</td><td class="num">\(WebFormat.quantity(line.qty, unit: line.unit))</td>
                <td class="num">\(WebFormat.quantity(line.received, unit: line.unit))</td>
                <td class="num remaining">\(WebFormat.quantity(line.remaining, unit: line.unit))</td>\(money)</tr>
                """
        }
        let moneyHead: HTML = prices
            ? "<th class=\"num\">\(context.say(.price))</th><th class=\"num\">\(context.purchase(.vatRate))</th><th class=\"num\">\(context.text(.total))</th>" : ""
        let totals: HTML = order.totals.map { totals in
            """
            <dl class="facts totals"><div><dt>\(context.purchase(.net))</dt><dd class="num">\(WebFormat.money(totals.net))</dd></div>
            <div><dt>\(context.say(.vat))</dt><dd class="num">\(WebFormat.money(totals.vat))</dd></div>
            <div><dt>\(context.say(.totalWithVAT))</dt><dd class="num" id="order-total">\(WebFormat.money(totals.gross))</dd></div></dl>
            """
        } ?? ""
        let alert: HTML = problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let comment: HTML = order.comment.map { "<div><dt>\(context.text(.note))</dt><dd>\($0)</dd></div>" } ?? ""
        let body: HTML = """
            <div class="heading"><h1>\(context.purchase(.order)) \(order.number)</h1>\(PurchaseFormat.badge(order.status, context: context))</div>
            \(alert)
            <dl class="facts"><div><dt>\(context.text(.supplier))</dt><dd><a href="\(PurchaseFormat.supplierPath(order.supplierID))">\(supplier)</a></dd></div>
            <div><dt>\(context.purchase(.expectedDate))</dt><dd>\(order.expectedDate?.dotted ?? "—")</dd></div>
            <div><dt>\(context.text(.date))</dt><dd>\(WebFormat.date(order.createdAt))</dd></div>
            \(comment)</dl>
            <table class="lines" id="order-lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th class="num">\(context.text(.ordered))</th><th class="num">\(context.purchase(.received))</th>
            <th class="num">\(context.purchase(.remaining))</th>\(moneyHead)</tr></thead><tbody>\(rows)</tbody></table>
            \(totals)\(try actions(order, principal: principal, context: context))
            """
        return context.render(title: context.purchase(.order) + " " + order.number, body, status: status)
    }

    /// Only what the status allows and the person may do; a closed order says why it is read-only.
    private func actions(_ order: PurchaseOrder, principal: Principal, context: PageContext) throws -> HTML {
        let path = PurchaseFormat.orderPath(order.id)
        func post(_ action: String, _ label: String, primary: Bool = false) throws -> HTML {
            let kind: HTML = primary ? " class=\"primary\"" : ""
            return """
            <form method="post" action="\(path)/\(action)">\(context.csrfField)\(try context.idempotencyField())\
            <button type="submit"\(kind)>\(label)</button></form>
            """
        }
        var items: [HTML] = []
        let edit = principal.may(.editPurchasing)
        if edit && order.status == .draft { items.append(try post("place", context.purchase(.place), primary: true)) }
        if principal.may(.postStock) && [.ordered, .partiallyReceived].contains(order.status) {
            items.append("<a class=\"button primary\" href=\"\(path)/receive\">\(context.purchase(.receive))</a>")
        }
        if edit && [.draft, .ordered, .partiallyReceived].contains(order.status) { items.append(try post("cancel", context.text(.cancel))) }
        if principal.may(.readPurchasePrices) {
            items.append("<a class=\"button\" href=\"\(path)/print\" target=\"_blank\" rel=\"noopener\">\(context.text(.print))</a>")
        }
        items.append("<a class=\"button\" href=\"\(path)/csv\" download>\(context.owner(.downloadCSV))</a>")
        let closed: HTML = [.received, .cancelled].contains(order.status) ? "<p class=\"muted\">\(context.purchase(.closedOrder))</p>" : ""
        return "\(closed)<div class=\"actions noprint\">\(HTML.joined(items))</div>"
    }

    private func transition(_ context: PageContext, notice: String,
                            _ effect: (PurchaseOrderID, Principal, Transaction) throws -> PurchaseOrder) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        do {
            return try context.postOnce { tx in
                let order = try effect(id, principal, tx)
                return SalesFormat.banner(PurchaseFormat.orderPath(id), notice: notice, number: order.number)
            }
        } catch {
            if case .notFound = error { throw error }
            if case .forbidden = error { throw error }
            return try show(context, problem: context.formErrors(for: error) { _ in nil }.general, status: error.httpStatus)
        }
    }

    private func printForm(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        let billing = BillingService(time: time)
        let html = try context.withConnection { try billing.print(id, by: principal, on: $0) }
        var response = HTTPResponse.html(html, policy: .printForm, referrerPolicy: "same-origin")
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }

    private func csv(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        let service = service
        let (number, text) = try context.withConnection { connection in
            let order = try service.order(id, by: principal, on: connection)
            return (order.number, try service.csv(of: order, by: principal, on: connection))
        }
        return HTTPResponse.download(text, type: "text/csv; charset=utf-8", name: number + ".csv")
    }
}
