// The storekeeper's "to ship": confirmed and partially shipped orders of the warehouses they work
// in, each with its picking list (printable) and the shipment of all of it or of the quantities
// typed. Reservation, stock and scope rules are `SalesService.ship`'s.

import ERPCore
import ERPServer
import HTTP1
import Parties
import Sales
import Warehouse

/// `/ship`, `/ship/{id}`, `/ship/{id}/picking`.
struct ShippingPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/ship", .toShip, permission: .shipOrders, order: 160)]
    }

    var pages: [Page] {
        [
            Page(.get, "/ship", access: .permission(.shipOrders)) { context in try list(context) },
            Page(.get, "/ship/{id}", access: .permission(.shipOrders)) { context in try order(context, errors: FormErrors(), printable: false) },
            Page(.get, "/ship/{id}/picking", access: .permission(.shipOrders)) { context in
                try order(context, errors: FormErrors(), printable: true)
            },
            Page(.post, "/ship/{id}", access: .permission(.shipOrders)) { context in try ship(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let sales = SalesService(time: time)
        let (waiting, warehouses) = try context.withConnection { connection -> ([OrderSummary], [Warehouse]) in
            var waiting: [OrderSummary] = []
            for status in [OrderStatus.confirmed, .partiallyShipped] {
                waiting += try sales.orders(OrderFilter(status: status, limit: 200), by: principal, on: connection).items
            }
            return (waiting, try WarehouseService(time: time).warehouses(by: principal, on: connection))
        }
        let orders = waiting.filter { principal.sees($0.warehouseID) }.sorted { $0.id.rawValue < $1.id.rawValue }
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let rows = orders.map { order -> HTML in
            """
            <tr><td><a href="/ship/\(String(order.id.rawValue))">\(order.number)</a></td><td>\(WebFormat.date(order.confirmedAt ?? order.createdAt))</td>
            <td>\(names[order.warehouseID] ?? "")</td><td class="num">\(order.lineCount)</td>
            <td><span class="badge \(order.status.rawValue)">\(context.text(.orderStatus(order.status.rawValue)))</span></td></tr>
            """
        }
        let table: HTML = orders.isEmpty ? "<p class=\"empty\">\(context.text(.nothingToShip))</p>" : """
            <div class="scroll"><table><thead><tr><th>\(context.text(.order))</th><th>\(context.text(.date))</th><th>\(context.text(.warehouse))</th>
            <th class="num">\(context.text(.lines))</th><th>\(context.text(.status))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return context.render(title: context.text(.toShip), "<h1>\(context.text(.toShip))</h1>\(table)")
    }

    private func ship(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "order")
        let sales = SalesService(time: time)
        var request = ShipRequest()
        var errors = FormErrors()
        if context.form["action"] == "part" {
            let current = try context.withConnection { try sales.order(id, by: principal, on: $0) }
            var lines: [OrderQuantity] = []
            for line in current.lines where line.reserved.isPositive {
                let name = "ship_\(line.lineNo)"
                guard let typed = context.form[name] else { continue }
                guard let qty = try? Quantity(typed: typed) else {
                    errors.fields[name] = context.text(.notANumber)
                    continue
                }
                if !qty.isZero { lines.append(OrderQuantity(productID: line.productID, qty: qty)) }
            }
            if lines.isEmpty, errors.isEmpty { errors.general = context.text(.noLines) }
            guard errors.isEmpty else { return try order(context, errors: errors, printable: false, status: 422) }
            request = ShipRequest(lines: lines)
        }
        do throws(ERPError) {
            return try context.postOnce { tx in
                let (order, shipment) = try sales.ship(id, request, by: principal, in: tx)
                return "/ship/\(order.id.rawValue)?notice=shipped&number=" + WebSite.queryEscaped(shipment.number)
            }
        } catch {
            let current = try context.withConnection { try sales.order(id, by: principal, on: $0) }
            let mapped = context.formErrors(for: error) { path in
                guard path.hasPrefix("product:"), let product = Int64(path.dropFirst("product:".count)),
                      let line = current.lines.first(where: { $0.productID.rawValue == product }) else { return nil }
                return "ship_\(line.lineNo)"
            }
            return try self.order(context, errors: mapped, printable: false, status: error.httpStatus)
        }
    }

    /// The order as a picking list, with the shipping form unless printed.
    private func order(_ context: PageContext, errors: FormErrors, printable: Bool, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SalesOrderID.self, entity: "order")
        let sales = SalesService(time: time)
        let (order, client) = try context.withConnection { connection in
            let order = try sales.order(id, by: principal, on: connection)
            return (order, try PartiesService(time: time).party(order.clientID, by: principal, on: connection))
        }
        let open = order.status == .confirmed || order.status == .partiallyShipped
        let rows = order.lines.filter { $0.kind == .goods }.map { line -> HTML in
            let name = "ship_\(line.lineNo)"
            let input: HTML = printable || !open || !line.reserved.isPositive ? "" : """
                <td><label class="sr" for="\(name)">\(context.text(.quantity))</label>
                <input id="\(name)" name="\(name)" inputmode="decimal" value="\(context.form[name] ?? WebFormat.typed(line.reserved))"\(errors.attributes(for: name))>\(errors.message(for: name))</td>
                """
            let empty: HTML = printable || !open || line.reserved.isPositive ? "" : "<td></td>"
            return """
                <tr><td class="num">\(line.lineNo)</td><td>\(line.sku)</td><td>\(line.name)</td>
                <td class="num">\(WebFormat.quantity(line.qty, unit: line.unit))</td><td class="num">\(WebFormat.quantity(line.shipped, unit: line.unit))</td>
                <td class="num">\(WebFormat.quantity(line.reserved, unit: line.unit))</td>\(input)\(empty)</tr>
                """
        }
        let shipHead: HTML = printable || !open ? "" : "<th>\(context.text(.toShipNow))</th>"
        let general: HTML = errors.general.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let actions: HTML = printable ? "" : """
            <div class="actions"><a class="button" href="/ship/\(String(id.rawValue))/picking">\(context.text(.pickingList))</a>
            \(open ? "<button type=\"submit\" name=\"action\" value=\"part\">\(context.text(.shipTyped))</button><button type=\"submit\" name=\"action\" value=\"all\" class=\"primary\">\(context.text(.shipAll))</button>" as HTML : "")</div>
            """
        let table: HTML = """
            <div class="scroll"><table class="lines"><thead><tr><th class="num">№</th><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th class="num">\(context.text(.ordered))</th><th class="num">\(context.text(.shipped))</th><th class="num">\(context.text(.reserved))</th>\(shipHead)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let title = (printable ? context.text(.pickingList) + " · " : "") + context.text(.order) + " " + order.number
        let body: HTML = """
            <h1>\(title) <span class="badge \(order.status.rawValue)">\(context.text(.orderStatus(order.status.rawValue)))</span></h1>\(general)
            <dl class="facts"><dt>\(context.text(.client))</dt><dd>\(client.name)</dd><dt>\(context.text(.address))</dt><dd>\(client.address)</dd></dl>
            <form method="post" action="/ship/\(String(id.rawValue))">\(context.csrfField)\(try context.idempotencyField())
            \(table)\(actions)</form>
            """
        return context.render(title: title, body, status: status, chrome: !printable)
    }
}
