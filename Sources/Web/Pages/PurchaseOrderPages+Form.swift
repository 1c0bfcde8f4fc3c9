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

/// One line row of the form as typed: `sku_N`, `qty_N`, `price_N`.
struct PurchaseFormLine {
    var sku: String
    var qty: String
    var price: String
    /// The product the SKU names, once looked up.
    var product: Product?
}

extension PurchaseOrderPages {
    /// Blank line rows a new form offers (more appear as lines are filled).
    static let blankRows = 5

    func newOrderForm(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let form = context.form
        let supplier = form["supplier"] ?? context.query("supplier")
        var lines = try lookUp(Self.typedLines(form), supplier: supplier.flatMap(PartyID.init), context: context)
        while lines.count < Self.blankRows || !lines.contains(where: { $0.sku.isEmpty }) { lines.append(PurchaseFormLine(sku: "", qty: "", price: "")) }
        let suppliers = try PurchaseFormat.suppliers(context: context)
        let warehouses = try PurchaseFormat.warehouses(context: context, time: time)
        let required: HTML = " required"
        let rows = lines.enumerated().map { index, line -> HTML in
            let sku = "sku_\(index)", qty = "qty_\(index)", price = "price_\(index)"
            return """
                <tr><td><label class="sr" for="\(sku)">\(context.text(.sku))</label>
                <input id="\(sku)" name="\(sku)" value="\(line.sku)"\(errors.attributes(for: sku))>\(errors.message(for: sku))</td>
                <td>\(line.product?.name ?? "")</td>
                <td class="num"><label class="sr" for="\(qty)">\(context.text(.quantity))</label>
                <input id="\(qty)" name="\(qty)" value="\(line.qty)" inputmode="decimal" class="qty"\(errors.attributes(for: qty))>\(errors.message(for: qty))</td>
                <td class="num"><label class="sr" for="\(price)">\(context.say(.price))</label>
                <input id="\(price)" name="\(price)" value="\(line.price)" inputmode="decimal" class="qty" placeholder="\(context.purchase(.lastPrice))"\
                \(errors.attributes(for: price))>\(errors.message(for: price))</td>
                <td class="num amount" data-label="\(context.text(.total))">\(Self.amount(line).map(WebFormat.money) ?? "")</td></tr>
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
        let typed = try lookUp(Self.typedLines(form), supplier: nil, context: context)
        for (index, line) in typed.enumerated() where !line.sku.isEmpty {
            guard let product = line.product else { errors.fields["sku_\(index)"] = context.text(.unknownCode); continue }
            guard let qty = try? Quantity(typed: line.qty) else { errors.fields["qty_\(index)"] = context.text(.notANumber); continue }
            let price = line.price.isEmpty ? nil : try? Money(typed: line.price)
            if !line.price.isEmpty && price == nil { errors.fields["price_\(index)"] = context.text(.notANumber); continue }
            lines.append(NewPurchaseOrderLine(productID: product.id, qty: qty, price: price))
            rows.append(index)
        }
        let supplier = form["supplier"].flatMap(PartyID.init)
        let warehouse = form["warehouse"].flatMap(WarehouseID.init)
        let expected = form["expected"].flatMap { $0.isEmpty ? nil : $0 }
        let date = expected.flatMap(SalesFormat.calendarDate)
        if supplier == nil { errors.fields["supplier"] = context.text(.required) }
        if warehouse == nil { errors.fields["warehouse"] = context.text(.required) }
        if expected != nil && date == nil { errors.fields["expected"] = context.say(.dateExpected) }
        if !typed.contains(where: { !$0.sku.isEmpty }) { errors.fields["sku_0"] = context.say(.addAProduct) }
        guard errors.isEmpty, let supplier, let warehouse else { return try refused(context, errors) }
        let comment = form["comment"].flatMap { $0.isEmpty ? nil : $0 }
        let command = NewPurchaseOrder(supplierID: supplier, warehouseID: warehouse, expectedDate: date, comment: comment, lines: lines)
        let service = service
        do {
            return try context.postOnce { tx in
                let order = try service.create(command, by: principal, in: tx)
                return SalesFormat.banner(PurchaseFormat.orderPath(order.id), notice: "created", number: order.number)
            }
        } catch {
            return try refused(context, context.formErrors(for: error) { path in Self.field(for: path, rows: rows) }, status: error.httpStatus)
        }
    }

    private func refused(_ context: PageContext, _ errors: FormErrors, status: Int = 422) throws -> HTTPResponse {
        var errors = errors
        if errors.general == nil { errors.general = context.text(.formHasErrors) }
        return try newOrderForm(context, errors: errors, status: status)
    }

    /// The form field an API field path of `NewPurchaseOrder` names (`lines[1].price` → `price_4`
    /// when the second filled line is row 4).
    static func field(for path: String, rows: [Int]) -> String? {
        switch path {
        case "supplier_id": return "supplier"
        case "warehouse_id": return "warehouse"
        case "expected_date": return "expected"
        case "comment": return "comment"
        case "lines": return "sku_0"
        default: break
        }
        guard let line = FormErrors.line(of: path), rows.indices.contains(line.index) else { return nil }
        let kind = line.field == "qty" ? "qty_" : line.field == "price" ? "price_" : "sku_"
        return kind + String(rows[line.index])
    }

    /// The line rows as submitted, in row order.
    static func typedLines(_ form: FormFields) -> [PurchaseFormLine] {
        var lines: [PurchaseFormLine] = []
        while let sku = form.pairs.first("sku_\(lines.count)") {
            let index = lines.count
            lines.append(PurchaseFormLine(sku: sku.trimmingCharacters(in: .whitespaces), qty: form["qty_\(index)"] ?? "",
                                          price: (form["price_\(index)"] ?? "").trimmingCharacters(in: .whitespaces)))
        }
        return lines
    }

    /// A line's amount without VAT, when its quantity and price can be read.
    private static func amount(_ line: PurchaseFormLine) -> Money? {
        guard line.product != nil, let qty = try? Quantity(typed: line.qty), let price = try? Money(typed: line.price) else { return nil }
        return try? qty * price
    }

    /// Each line's product, and — with a supplier chosen — an empty price filled with the last one paid.
    private func lookUp(_ lines: [PurchaseFormLine], supplier: PartyID?, context: PageContext) throws -> [PurchaseFormLine] {
        let principal = try context.principal()
        let catalog = CatalogService()
        var found = try lines.map { line -> PurchaseFormLine in
            guard !line.sku.isEmpty else { return line }
            var line = line
            do throws(ERPError) {
                line.product = try context.withConnection { try catalog.product(reference: line.sku, by: principal, on: $0) }
            } catch {
                guard case .notFound = error else { throw error }
            }
            return line
        }
        guard let supplier, principal.may(.readPurchasePrices) else { return found }
        let service = service
        let last = try context.withConnection { try service.lastPrices(of: found.compactMap { $0.product?.id }, from: supplier, by: principal, on: $0) }
        for index in found.indices where found[index].price.isEmpty {
            if let product = found[index].product, let price = last[product.id] { found[index].price = price.description }
        }
        return found
    }
}
