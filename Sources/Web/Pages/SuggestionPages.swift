// "Что заказать": the reorder suggestions of one warehouse, grouped by preferred supplier
// (`PurchasingService.suggestions`). The purchaser ticks lines, may change a quantity, and
// "Создать заказы" turns them into draft supplier orders, one per supplier
// (`PurchasingService.order`), all or nothing; one order opens its page, several the list of
// drafts, with their numbers in the banner.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Parties
import Purchasing
import Warehouse

/// `/purchasing/suggestions`.
struct SuggestionPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/purchasing/suggestions", .purchase(.suggestions), permission: .editPurchasing, order: 310)]
    }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/suggestions", access: .permission(.readPurchasing), query: [
                .id("warehouse", "The warehouse to restock"),
            ]) { context in try list(context) },
            Page(.post, "/purchasing/suggestions", access: .permission(.editPurchasing)) { context in try order(context) },
        ]
    }

    private func list(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let warehouses = try PurchaseFormat.warehouses(context: context, time: time)
        let chosen = context.form["warehouse"] ?? context.query("warehouse") ?? warehouses.first?.0
        guard let warehouse = chosen.flatMap(WarehouseID.init) else {
            return context.render(title: context.purchase(.suggestions), "<h1>\(context.purchase(.suggestions))</h1>")
        }
        let service = service
        let suggestions = try context.withConnection { try service.suggestions(warehouse: warehouse, by: principal, on: $0) }
        let editable = principal.may(.editPurchasing)
        var index = 0
        let groups = suggestions.suppliers.map { group -> HTML in
            let rows = group.lines.map { line -> HTML in
                defer { index += 1 }
                return row(line, index: index, editable: editable, context: context, errors: errors)
            }
            let name: HTML = group.supplierID.map { "<a href=\"\(PurchaseFormat.supplierPath($0))\">\(group.supplierName ?? "")</a>" }
                ?? HTML(text: context.purchase(.noPreferredSupplier))
            return """
                <section class="supplier-group"><h2>\(name)</h2><div class="scroll">
                <table class="suggestions"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
                <th>\(context.text(.unit))</th><th>\(context.purchase(.available))</th>
                <th>\(context.purchase(.incoming))</th><th>\(context.purchase(.minimum))</th><th>\(context.purchase(.target))</th>
                <th>\(context.purchase(.packSize))</th><th>\(context.purchase(.toOrder))</th></tr></thead>
                <tbody>\(rows)</tbody></table></div></section>
                """
        }
        let content: HTML = groups.isEmpty ? "<p class=\"empty\">\(context.purchase(.emptySuggestions))</p>" : editable ? """
            <form method="post" action="/purchasing/suggestions">\(context.csrfField)\(try context.idempotencyField())
            <input type="hidden" name="warehouse" value="\(String(warehouse.rawValue))"><p class="muted">\(context.purchase(.chooseLines))</p>
            \(HTML.joined(groups))<div class="actions"><button type="submit" class="primary">\(context.purchase(.createOrders))</button></div></form>
            """ : HTML.joined(groups)
        let body: HTML = """
            <h1>\(context.purchase(.suggestions))</h1>\(SalesFormat.general(errors))
            <form method="get" action="/purchasing/suggestions" class="filters">\
            \(PurchaseFormat.select("warehouse", context.text(.warehouse), warehouses, selected: String(warehouse.rawValue), errors: FormErrors()))
            <button type="submit">\(context.text(.find))</button></form>\(content)
            """
        return context.render(title: context.purchase(.suggestions), body, status: status)
    }

    /// One line: the checkbox is labelled by the SKU it wraps and the quantity by `aria-label`
    /// (no hidden label elements); the unit is its own column and the figures are bare numbers,
    /// right-aligned by the table's CSS (no class per cell): ~370 bytes a row instead of ~650.
    private func row(_ line: ReorderSuggestion, index: Int, editable: Bool, context: PageContext, errors: FormErrors) -> HTML {
        let figures: [HTML] = [line.available, line.incoming, line.minStock, line.target].map { "<td>\(WebFormat.number($0))</td>" }
        let pack: HTML = line.packSize.isPositive ? "\(WebFormat.number(line.packSize))" : "—"
        let cells: HTML = "<td>\(line.name)</td><td>\(WebFormat.unitName(line.unit))</td>" + HTML.joined(figures) + "<td>\(pack)</td>"
        guard editable else {
            return "<tr><td>\(line.sku)</td>\(cells)<td>\(WebFormat.number(line.qty))</td></tr>"
        }
        let pick = "pick_\(index)", qty = "qty_\(index)"
        let posted = context.request.request.method == .post
        let checked: HTML = !posted || context.form[pick] != nil ? " checked" : ""
        let value = posted ? context.form[qty] ?? "" : WebFormat.typed(line.qty)
        return """
            <tr><td><label><input type="checkbox" name="\(pick)" value="\(String(line.productID.rawValue))"\(checked)>\(line.sku)</label></td>\(cells)<td>\
            <input name="\(qty)" value="\(value)" inputmode="decimal" aria-label="\(context.purchase(.toOrder)) \(line.sku)"\(errors.attributes(for: qty))>\(errors.message(for: qty))</td></tr>
            """
    }

    private func order(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        guard let warehouse = form["warehouse"].flatMap(WarehouseID.init) else { throw ERPError.notFound(entity: "warehouse", id: form["warehouse"] ?? "") }
        var errors = FormErrors()
        var lines: [SuggestedOrderLine] = []
        var rows: [Int] = []
        var index = 0
        while form["qty_\(index)"] != nil {
            defer { index += 1 }
            guard let product = form["pick_\(index)"].flatMap(ProductID.init) else { continue }
            guard let qty = try? Quantity(typed: form["qty_\(index)"] ?? "") else { errors.fields["qty_\(index)"] = context.text(.notANumber); continue }
            lines.append(SuggestedOrderLine(productID: product, qty: qty))
            rows.append(index)
        }
        if lines.isEmpty && errors.isEmpty { errors.general = context.text(.noLines) }
        guard errors.isEmpty else {
            if errors.general == nil { errors.general = context.text(.formHasErrors) }
            return try list(context, errors: errors, status: 422)
        }
        let service = service
        do {
            return try context.postOnce { tx in
                let orders = try service.order(SuggestedOrders(warehouseID: warehouse, lines: lines), by: principal, in: tx)
                let numbers = orders.map(\.number).joined(separator: ", ")
                guard let only = orders.first, orders.count == 1 else {
                    return SalesFormat.url("/purchasing/orders", [("status", "draft"), ("notice", "ordered"), ("number", String(numbers.prefix(40)))])
                }
                return SalesFormat.banner(PurchaseFormat.orderPath(only.id), notice: "ordered", number: only.number)
            }
        } catch {
            if case .notFound = error { throw error }
            let errors = context.formErrors(for: error) { path in
                guard let line = FormErrors.line(of: path), rows.indices.contains(line.index) else { return nil }
                return "qty_\(rows[line.index])"
            }
            return try list(context, errors: errors, status: error.httpStatus)
        }
    }
}
