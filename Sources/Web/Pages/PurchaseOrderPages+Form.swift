// The new supplier order form: supplier, warehouse, expected date, comment and lines (SKU or
// barcode, quantity, price without VAT). Without script it works by round trips: "Пересчитать"
// looks every line up and fills an empty price with what this supplier charged last time
// (`PurchasingService.lastPrices`); "Сохранить черновик" creates the draft through
// `PurchasingService.create` once per idempotency key — a price left empty is the service's
// default too. Every re-render keeps what was typed; refusals appear under their fields.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Parties
import Purchasing
import Warehouse

extension PurchaseOrderPages {
    func newOrderForm(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let form = context.form
        let supplier = form["supplier"] ?? context.query("supplier")
        let editor = OrderLineEditor(context: context, errors: errors, withPrice: true)
        let lines = OrderLineEditor.padded(try lastPrices(editor.lookUp(editor.typedLines()), supplier: supplier.flatMap(PartyID.init), context: context))
        let suppliers = try PurchaseFormat.suppliers(context: context)
        let warehouses = try PurchaseFormat.warehouses(context: context, time: time)
        let required: HTML = " required"
        let lastPrice: HTML = " placeholder=\"\(context.purchase(.lastPrice))\""
        let rows = lines.enumerated().map { index, line -> HTML in
            """
            <tr>\(editor.skuCell(index, line))
            <td>\(line.product?.name ?? "")</td>
            \(editor.numberCell("qty_\(index)", value: line.qty, label: context.text(.quantity)))
            \(editor.numberCell("price_\(index)", value: line.price, label: context.say(.price), attributes: lastPrice))
            \(editor.amountCell(Self.amount(line)))</tr>
            """
        }
        let total = (try? Money.sum(lines.compactMap(Self.amount))).map(WebFormat.money) ?? ""
        let body: HTML = """
            <h1>\(context.purchase(.newOrder))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/purchasing/orders/new" class="order-form">\(context.csrfField)\(try context.idempotencyField())
            <div class="filters">\(PurchaseFormat.select("supplier", context.text(.supplier), suppliers, selected: supplier, errors: errors, required))
            \(PurchaseFormat.select("warehouse", context.text(.warehouse), warehouses, selected: form["warehouse"], errors: errors))
            \(PurchaseFormat.field("expected", context.purchase(.expectedDate), value: form["expected"] ?? "", errors: errors))
            \(PurchaseFormat.field("comment", context.text(.note), value: form["comment"] ?? "", errors: errors))</div>
            <h2>\(context.text(.lines))</h2><p class="muted">\(context.purchase(.priceHint))</p>
            <table class="lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th class="num">\(context.text(.quantity))</th>
            <th class="num">\(context.purchase(.priceWithoutVAT))</th><th class="num">\(context.text(.total))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="4">\(context.purchase(.net))</td><td class="num" id="order-total">\(total)</td></tr></tfoot></table>
            <div class="actions"><button type="submit" name="action" value="refresh" formnovalidate>\(context.purchase(.recalculate))</button>
            <button type="submit" class="primary" name="action" value="save">\(context.say(.saveDraft))</button></div></form>
            """
        return context.render(title: context.purchase(.newOrder), body, status: status)
    }

    /// Creates the draft, or shows the form again with each refusal under its field.
    func createOrder(_ context: PageContext) throws -> HTTPResponse {
        guard context.form["action"] == "save" else { return try newOrderForm(context) }
        let principal = try context.principal()
        let form = context.form
        var errors = FormErrors()
        var lines: [NewPurchaseOrderLine] = []
        var rows: [Int] = []
        let editor = OrderLineEditor(context: context, errors: errors, withPrice: true)
        for read in OrderLineEditor.readRows(try editor.lookUp(editor.typedLines()), errors: &errors, context: context) {
            let price = read.line.price.isEmpty ? nil : try? Money(typed: read.line.price)
            if !read.line.price.isEmpty && price == nil { errors.fields["price_\(read.row)"] = context.text(.notANumber); continue }
            lines.append(NewPurchaseOrderLine(productID: read.product.id, qty: read.qty, price: price))
            rows.append(read.row)
        }
        let supplier = form["supplier"].flatMap(PartyID.init)
        let warehouse = form["warehouse"].flatMap(WarehouseID.init)
        let expected = form["expected"].flatMap { $0.isEmpty ? nil : $0 }
        let date = expected.flatMap(SalesFormat.calendarDate)
        if supplier == nil { errors.fields["supplier"] = context.text(.required) }
        if warehouse == nil { errors.fields["warehouse"] = context.text(.required) }
        if expected != nil && date == nil { errors.fields["expected"] = context.say(.dateExpected) }
        guard errors.isEmpty, let supplier, let warehouse else { return try refused(context, errors) }
        let comment = form["comment"].flatMap { $0.isEmpty ? nil : $0 }
        let command = NewPurchaseOrder(supplierID: supplier, warehouseID: warehouse, expectedDate: date, comment: comment, lines: lines)
        let service = service
        let inputs = ["supplier_id": "supplier", "warehouse_id": "warehouse", "expected_date": "expected", "comment": "comment"]
        return try editor.save(rows: rows, inputs: inputs, form: { try newOrderForm(context, errors: $0, status: $1) }) { tx in
            let order = try service.create(command, by: principal, in: tx)
            return SalesFormat.banner(PurchaseFormat.orderPath(order.id), notice: "created", number: order.number)
        }
    }

    private func refused(_ context: PageContext, _ errors: FormErrors) throws -> HTTPResponse {
        try newOrderForm(context, errors: OrderLineEditor.refusal(errors, context: context), status: 422)
    }

    /// A line's amount without VAT, when its quantity and price can be read.
    private static func amount(_ line: OrderFormLine) -> Money? {
        guard line.product != nil, let qty = try? Quantity(typed: line.qty), let price = try? Money(typed: line.price) else { return nil }
        return try? qty * price
    }

    /// Looked-up lines with — a supplier chosen — an empty price filled with the last one paid.
    private func lastPrices(_ lines: [OrderFormLine], supplier: PartyID?, context: PageContext) throws -> [OrderFormLine] {
        let principal = try context.principal()
        var found = lines
        guard let supplier, principal.may(.readPurchasePrices) else { return found }
        let service = service
        let last = try context.withConnection { try service.lastPrices(of: found.compactMap { $0.product?.id }, from: supplier, by: principal, on: $0) }
        for index in found.indices where found[index].price.isEmpty {
            if let product = found[index].product, let price = last[product.id] { found[index].price = price.description }
        }
        return found
    }
}
