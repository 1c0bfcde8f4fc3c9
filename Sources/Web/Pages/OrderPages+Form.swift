// The new-order form. Without script it works by round trips: "Найти" lists products with their
// price and what the chosen warehouse has available, "Добавить" puts one into the first free line,
// "Сохранить черновик" creates the draft through `SalesService.create` (once per idempotency key).
// Every re-render keeps what was typed; a line's SKU or quantity that cannot be read is refused
// under that line, and nothing is created.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Parties
import Sales
import Warehouse

extension OrderPages {
    func newOrderForm(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let editor = OrderLineEditor(context: context, errors: errors, withPrice: false)
        var lines = editor.typedLines()
        if let added = form["add"], !lines.contains(where: { $0.sku.caseInsensitiveCompare(added) == .orderedSame }) {
            if let free = lines.firstIndex(where: { $0.sku.isEmpty }) { lines[free] = OrderFormLine(sku: added, qty: "1") }
            else { lines.append(OrderFormLine(sku: added, qty: "1")) }
        }
        lines = OrderLineEditor.padded(lines)
        let client = form["client"] ?? context.query("client")
        let mine = principal.role == .manager ? principal.userID : nil
        let (clients, warehouses) = try context.withConnection { connection in
            (try PartiesService(time: time).parties(matching: PartyFilter(isClient: true, ownerID: mine, limit: 500), by: principal, on: connection).items,
             try warehouseService.warehouses(by: principal, on: connection))
        }
        let warehouse = form["warehouse"].flatMap(WarehouseID.init) ?? warehouses.first?.id
        lines = try withAvailability(editor.lookUp(lines), in: warehouse, context: context)
        let found = try search(form["q"], in: warehouse, context: context)
        let clientOptions = SalesFormat.options(clients.map { (String($0.id.rawValue), $0.name + ($0.inn.map { " · " + $0 } ?? "")) }, selected: client)
        let warehouseOptions = SalesFormat.options(warehouses.map { (String($0.id.rawValue), $0.name) }, selected: warehouse.map { String($0.rawValue) })
        let body: HTML = """
            <h1>\(context.say(.newOrder))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/orders/new" class="order-form">\(context.csrfField)\(try context.idempotencyField())
            <div class="filters"><div><label for="client">\(context.say(.client))</label>
            <select id="client" name="client" required\(errors.attributes(for: "client"))>\(clientOptions)</select>\(errors.message(for: "client"))</div>
            <div><label for="warehouse">\(context.text(.warehouse))</label>
            <select id="warehouse" name="warehouse"\(errors.attributes(for: "warehouse"))>\(warehouseOptions)</select>\(errors.message(for: "warehouse"))</div></div>
            <div class="filters product-search"><div><label for="q">\(context.say(.searchProduct))</label>
            <input id="q" name="q" type="search" value="\(form["q"] ?? "")" autocomplete="off"></div>
            <button type="submit" name="action" value="search" formnovalidate>\(context.text(.find))</button></div>
            \(found)
            <h2>\(context.text(.lines))</h2>
            <table class="lines" data-live-totals><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th class="num">\(context.text(.available))</th>
            <th class="num">\(context.say(.price))</th><th class="num">\(context.text(.quantity))</th><th class="num">\(context.text(.total))</th></tr></thead>
            <tbody>\(lines.enumerated().map { row(index: $0.offset, line: $0.element, editor: editor) })</tbody>
            <tfoot><tr><td colspan="5">\(context.text(.total))</td><td class="num" id="order-total">\(total(lines))</td></tr></tfoot></table>
            <div class="actions"><button type="submit" class="primary" name="action" value="save">\(context.say(.saveDraft))</button></div></form>
            """
        return context.render(title: context.say(.newOrder), body, status: status)
    }

    /// Creates the draft, or shows the form again with each refusal under its field.
    func createOrder(_ context: PageContext) throws -> HTTPResponse {
        guard context.form["action"] == "save" else { return try newOrderForm(context) }
        let principal = try context.principal()
        let form = context.form
        var errors = FormErrors()
        let editor = OrderLineEditor(context: context, errors: errors, withPrice: false)
        let read = OrderLineEditor.readRows(try editor.lookUp(editor.typedLines()), errors: &errors, context: context)
        let rows = read.map(\.row)
        guard let client = form["client"].flatMap(PartyID.init) else { errors.fields["client"] = context.text(.required); return try refused(context, errors) }
        guard let warehouse = form["warehouse"].flatMap(WarehouseID.init) else { errors.fields["warehouse"] = context.text(.required); return try refused(context, errors) }
        guard errors.isEmpty else { return try refused(context, errors) }
        let command = NewOrder(clientID: client, warehouseID: warehouse, lines: read.map { NewOrderLine(productID: $0.product.id, qty: $0.qty) })
        let sales = salesService
        return try editor.save(rows: rows, inputs: ["client_id": "client", "warehouse_id": "warehouse"],
                               form: { try newOrderForm(context, errors: $0, status: $1) }) { tx in
            let order = try sales.create(command, by: principal, in: tx)
            return SalesFormat.banner("/orders/\(order.id.rawValue)", notice: "created", number: order.number)
        }
    }

    private func refused(_ context: PageContext, _ errors: FormErrors) throws -> HTTPResponse {
        try newOrderForm(context, errors: OrderLineEditor.refusal(errors, context: context), status: 422)
    }

    /// Looked-up lines with what `warehouse` has available of their products.
    private func withAvailability(_ lines: [OrderFormLine], in warehouse: WarehouseID?, context: PageContext) throws -> [OrderFormLine] {
        try lines.map { line in
            guard let product = line.product else { return line }
            var line = line
            line.available = try available(product.id, in: warehouse, context: context)
            return line
        }
    }

    /// What `warehouse` has available of `product` (zero when it holds none).
    func available(_ product: ProductID, in warehouse: WarehouseID?, context: PageContext) throws -> Quantity? {
        guard let warehouse else { return nil }
        let principal = try context.principal()
        let service = warehouseService
        let page = try context.withConnection { connection in
            try service.levels(StockLevelFilter(warehouseID: warehouse, productID: product, limit: 1), by: principal, on: connection)
        }
        return page.items.first?.available ?? Quantity(thousandths: 0)
    }

    private func search(_ q: String?, in warehouse: WarehouseID?, context: PageContext) throws -> HTML {
        guard let q else { return "" }
        let principal = try context.principal()
        let catalog = CatalogService()
        let products = try context.withConnection { try catalog.products(matching: ProductFilter(q: q, limit: 10), by: principal, on: $0) }.items
        guard !products.isEmpty else { return "<p class=\"empty\">\(context.text(.nothingFound))</p>" }
        let rows = try products.map { product -> HTML in
            let available = try available(product.id, in: warehouse, context: context)
            return """
                <tr><td>\(product.sku)</td><td>\(product.name)</td>
                <td class="num" data-label="\(context.text(.available))">\(available.map { WebFormat.quantity($0, unit: product.unit) } ?? "")</td>
                <td class="num" data-label="\(context.say(.price))">\(WebFormat.money(product.price))</td>
                <td><button type="submit" name="add" value="\(product.sku)" formnovalidate>\(context.text(.add))</button></td></tr>
                """
        }
        return """
            <table class="found stack"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th class="num">\(context.text(.available))</th>
            <th class="num">\(context.say(.price))</th><th><span class="sr">\(context.text(.add))</span></th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func row(index: Int, line: OrderFormLine, editor: OrderLineEditor) -> HTML {
        let context = editor.context
        let product = line.product
        let amount = product.flatMap { product in (try? Quantity(typed: line.qty)).flatMap { try? $0 * product.price } }
        let price: HTML = product.map { " data-price=\"\(String($0.price.minorUnits))\"" } ?? ""
        return """
            <tr>\(editor.skuCell(index, line, attributes: " data-suggest data-suggest-warehouse=\"warehouse\""))
            <td>\(product?.name ?? "")</td>
            <td class="num" data-label="\(context.text(.available))">\(product.flatMap { p in line.available.map { WebFormat.quantity($0, unit: p.unit) } } ?? "")</td>
            <td class="num" data-label="\(context.say(.price))">\(product.map { WebFormat.money($0.price) } ?? "")</td>
            \(editor.numberCell("qty_\(index)", value: line.qty, label: context.text(.quantity), attributes: price))
            \(editor.amountCell(amount))</tr>
            """
    }

    private func total(_ lines: [OrderFormLine]) -> String {
        let amounts = lines.compactMap { line in
            line.product.flatMap { product in (try? Quantity(typed: line.qty)).flatMap { try? $0 * product.price } }
        }
        return (try? Money.sum(amounts)).map(WebFormat.money) ?? ""
    }
}
