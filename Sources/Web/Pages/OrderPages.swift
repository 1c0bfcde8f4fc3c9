// Sales orders: the list, a new order (`OrderPages+Form.swift`), and the order page — status,
// per line what is reserved, shipped and returned, totals with VAT, the closing documents, the
// payment status, and only the actions the status allows (Подтвердить, Отменить, Выставить счёт,
// Оформить УПД). A refused confirmation shows each short line with what is available; nothing is
// reserved. Another manager's order is the service's 404.

import Billing
import Catalog
import ERPCore
import ERPServer
import HTTP1
import Sales
import Warehouse

/// `/orders…`.
struct OrderPages: PageGroup {
    let time: TimeSource
    var salesService: SalesService { SalesService(time: time) }
    var warehouseService: WarehouseService { WarehouseService(time: time) }
    var billingService: BillingService { BillingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/orders", .sales(.orders), permission: .issueDocuments, order: 210)]
    }

    var pages: [Page] {
        [
            Page(.get, "/orders", access: .permission(.readOrders), query: [
                QueryParameter("status", .enumeration(OrderStatus.allCases.map(\.rawValue)), "Only orders in this status"),
                .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/orders/new", access: .permission(.sellOrders), query: [.id("client", "The client to sell to")]) { context in
                try newOrderForm(context)
            },
            Page(.post, "/orders/new", access: .permission(.sellOrders)) { context in try createOrder(context) },
            Page(.get, "/orders/{id}", access: .permission(.readOrders)) { context in try show(context) },
            Page(.post, "/orders/{id}/confirm", access: .permission(.sellOrders)) { context in try confirm(context) },
            Page(.post, "/orders/{id}/cancel", access: .permission(.sellOrders)) { context in try cancel(context) },
            Page(.post, "/orders/{id}/documents", access: .permission(.issueDocuments)) { context in try issue(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let status = context.query("status").flatMap(OrderStatus.init(rawValue:))
        let filter = OrderFilter(status: status, limit: 50, cursor: context.query("cursor"))
        let service = salesService
        let page = try context.withConnection { try service.orders(filter, by: principal, on: $0) }
        let names = try SalesFormat.clientNames(page.items.map(\.clientID), context: context)
        let rows = page.items.map { order -> HTML in
            """
            <tr><td><a href="/orders/\(String(order.id.rawValue))">\(order.number)</a></td><td>\(WebFormat.date(order.createdAt))</td>
            <td>\(names[order.clientID] ?? "")</td><td>\(SalesFormat.badge(order.status, context: context))</td>
            <td class="num">\(WebFormat.money(order.total))</td></tr>
            """
        }
        let statuses = [("", context.say(.allStatuses))] + OrderStatus.allCases.map { ($0.rawValue, context.say(.orderStatus($0.rawValue))) }
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.say(.emptyOrders))</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th><th>\(context.say(.client))</th>
            <th>\(context.text(.status))</th><th class="num">\(context.text(.total))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let new: HTML = principal.may(.sellOrders) ? "<a class=\"button primary\" href=\"/orders/new\">\(context.say(.newOrder))</a>" : ""
        let body: HTML = """
            <div class="heading"><h1>\(context.say(.orders))</h1>\(new)</div>
            <form method="get" action="/orders" class="filters"><div><label for="status">\(context.text(.status))</label>
            <select id="status" name="status">\(SalesFormat.options(statuses, selected: status?.rawValue ?? ""))</select></div>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)\(SalesFormat.nextLink(page.nextCursor, path: "/orders", keeping: [("status", status?.rawValue)], context: context))
            """
        return context.render(title: context.say(.orders), body)
    }

    func show(_ context: PageContext, shortages: [ProductID: String] = [:], problem: String? = nil, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "sales_order")
        let sales = salesService, billing = billingService
        let (order, documents, payment) = try context.withConnection { connection in
            let order = try sales.order(id, by: principal, on: connection)
            let documents = principal.may(.readDocuments)
                ? try billing.documents(DocumentFilter(orderID: id, limit: 50), by: principal, on: connection).items : []
            let payment = principal.may(.readPayments) ? try billing.paymentStatus(of: id, by: principal, on: connection) : nil
            return (order, documents, payment)
        }
        let client = try SalesFormat.clientNames([order.clientID], context: context)[order.clientID] ?? ""
        let view = OrderView(order: order, documents: documents, payment: payment, context: context)
        let body = try view.body(client: client, shortages: shortages, problem: problem, principal: principal)
        return context.render(title: context.say(.order) + " " + order.number, body, status: status)
    }

    private func confirm(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "sales_order")
        let sales = salesService
        do {
            return try context.postOnce { tx in
                let order = try sales.confirm(id, by: principal, in: tx)
                return SalesFormat.banner("/orders/\(id.rawValue)", notice: "confirmed", number: order.number)
            }
        } catch {
            guard case .insufficientStock(let lines) = error else { return try refusal(context, error) }
            let order = try context.withConnection { try sales.order(id, by: principal, on: $0) }
            var shortages: [ProductID: String] = [:]
            for line in lines {
                let unit = order.lines.first { $0.productID.rawValue == line.productID }?.unit ?? ""
                let missing = (try? line.requested - line.available) ?? line.requested
                shortages[ProductID(rawValue: line.productID)] = context.say(.short(
                    missing: WebFormat.quantity(missing, unit: unit), available: WebFormat.number(line.available)))
            }
            return try show(context, shortages: shortages, problem: context.say(.notConfirmed), status: error.httpStatus)
        }
    }

    private func cancel(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "sales_order")
        let sales = salesService
        do {
            return try context.postOnce { tx in
                let order = try sales.cancel(id, by: principal, in: tx)
                return SalesFormat.banner("/orders/\(id.rawValue)", notice: "cancelled", number: order.number)
            }
        } catch {
            return try refusal(context, error)
        }
    }

    private func issue(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "sales_order")
        guard let type = context.form["type"].flatMap(DocumentType.init(rawValue:)) else {
            return try show(context, problem: context.text(.invalidValue), status: 422)
        }
        let billing = billingService
        do {
            return try context.postOnce { tx in
                let document = try billing.issue(IssueRequest(type: type), for: id, by: principal, in: tx)
                return SalesFormat.banner("/documents/\(document.id.rawValue)", notice: "issued", number: document.number)
            }
        } catch {
            return try refusal(context, error)
        }
    }

    /// The order page again with the refusal above it (the order is as it was).
    private func refusal(_ context: PageContext, _ error: ERPError) throws -> HTTPResponse {
        if case .notFound = error { throw error }
        if case .forbidden = error { throw error }
        let errors = context.formErrors(for: error) { _ in nil }
        return try show(context, problem: errors.general, status: error.httpStatus)
    }
}
