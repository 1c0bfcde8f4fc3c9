// The lines of a stock form, held in the form itself (no draft on the server): each line is a
// hidden product id with the quantity (and, on a receipt, the unit cost) as typed. A scan posts the
// form with the scanned code; the page adds the product or one more of it and shows the form again.
// Nothing is stored until the document is posted.

import Catalog
import ERPCore
import Postgres

/// One line being entered.
struct StockLineDraft: Sendable, Equatable {
    var product: Product
    /// The quantity as typed (`2,5`).
    var qty: String
    /// The unit cost as typed, on receipts.
    var cost: String
    /// Receipts of imported goods: the country of origin (code or letters) and the declaration, as typed.
    var country = ""
    var declaration = ""
}

/// Reading, scanning and drawing the lines of a stock form.
struct StockLineEditor {
    let catalog: CatalogService
    let withCost: Bool

    /// The lines the form carries (`line_product`, `line_qty`, `line_cost`, one of each per line),
    /// without the one whose remove button was pressed.
    /// - Throws: `ERPError.notFound` for a product id that is no product (a tampered form).
    func lines(from form: FormFields, by principal: Principal, on connection: Connection) throws -> [StockLineDraft] {
        let ids = form.all("line_product")
        let quantities = form.all("line_qty")
        let costs = form.all("line_cost")
        let countries = form.all("line_country")
        let declarations = form.all("line_declaration")
        let removed = form["remove"].flatMap(Int.init)
        return try ids.enumerated().compactMap { index, id -> StockLineDraft? in
            guard index != removed else { return nil }
            let product = try catalog.product(reference: id, by: principal, on: connection)
            return StockLineDraft(product: product, qty: index < quantities.count ? quantities[index] : "",
                                  cost: index < costs.count ? costs[index] : "",
                                  country: index < countries.count ? countries[index] : "",
                                  declaration: index < declarations.count ? declarations[index] : "")
        }
    }

    /// The product a scanned barcode or a typed SKU names, or nil.
    /// - Throws: translated database errors.
    func product(for code: String, by principal: Principal, on connection: Connection) throws -> Product? {
        // A barcode first (scanners read barcodes), then a SKU typed by hand.
        let byBarcode = try catalog.products(matching: ProductFilter(barcode: code, limit: 1), by: principal, on: connection).items
        if let found = byBarcode.first { return found }
        return try catalog.products(matching: ProductFilter(sku: code, limit: 1), by: principal, on: connection).items.first
    }

    /// Adds the product a scanned barcode or SKU names, or one more of it.
    /// - Returns: false when no product has this code (the lines stay as they were).
    /// - Throws: translated database errors.
    func scan(_ code: String, into lines: inout [StockLineDraft], by principal: Principal, on connection: Connection) throws -> Bool {
        guard let product = try product(for: code, by: principal, on: connection) else { return false }
        if let index = lines.firstIndex(where: { $0.product.id == product.id }) {
            let current = (try? Quantity(typed: lines[index].qty)) ?? .zero
            let more = (try? current.adding(Quantity(thousandths: Quantity.thousandthsPerUnit))) ?? current
            lines[index].qty = WebFormat.typed(more)
        } else {
            lines.append(StockLineDraft(product: product, qty: "1", cost: ""))
        }
        return true
    }

    /// The typed quantities and costs as values; a value that does not parse gets its field's error.
    func values(of lines: [StockLineDraft], errors: inout FormErrors, language: Language) -> [(Quantity, Money?)]? {
        var values: [(Quantity, Money?)] = []
        for (index, line) in lines.enumerated() {
            guard let qty = try? Quantity(typed: line.qty) else {
                errors.fields["qty_\(index)"] = Message.notANumber.text(in: language)
                continue
            }
            var cost: Money?
            if withCost {
                cost = try? Money(typed: line.cost)
                if cost == nil { errors.fields["cost_\(index)"] = Message.notANumber.text(in: language) }
            }
            values.append((qty, cost))
        }
        if lines.isEmpty { errors.general = Message.noLines.text(in: language) }
        return errors.isEmpty ? values : nil
    }

    /// The form field of an API field path: `lines[2].qty` → `qty_2`; a short product → its line.
    static func field(_ path: String, lines: [StockLineDraft]) -> String? {
        if path.hasPrefix("product:"), let id = Int64(path.dropFirst("product:".count)) {
            return lines.firstIndex { $0.product.id.rawValue == id }.map { "qty_\($0)" }
        }
        guard let line = FormErrors.line(of: path) else { return nil }
        return (line.field == "unit_cost" ? "cost_" : originInputs[line.field] ?? "qty_") + String(line.index)
    }

    /// A receipt line's origin fields → the prefixes of their inputs (`country_2`), here and on the
    /// purchase order's receiving form.
    static let originInputs = ["country_code": "country_", "customs_declaration": "declaration_"]

    /// The scanner field and the lines table.
    func render(_ lines: [StockLineDraft], errors: FormErrors, context: PageContext) -> HTML {
        let rows = lines.enumerated().map { index, line -> HTML in
            let cost: HTML = withCost ? """
                <td><label class="sr" for="cost_\(index)">\(context.text(.unitCost))</label>
                <input id="cost_\(index)" name="line_cost" inputmode="decimal" value="\(line.cost)"\(errors.attributes(for: "cost_\(index)"))>\(errors.message(for: "cost_\(index)"))</td>
                <td><label class="sr" for="country_\(index)">\(context.text(.countryOfOrigin))</label>
                <input id="country_\(index)" name="line_country" maxlength="3" autocomplete="off" placeholder="CN, 156" value="\(line.country)"\(errors.attributes(for: "country_\(index)"))>\(errors.message(for: "country_\(index)"))</td>
                <td><label class="sr" for="declaration_\(index)">\(context.text(.customsDeclaration))</label>
                <input class="declaration" id="declaration_\(index)" name="line_declaration" maxlength="40" autocomplete="off" placeholder="10702070/011226/0012345" value="\(line.declaration)"\(errors.attributes(for: "declaration_\(index)"))>\(errors.message(for: "declaration_\(index)"))</td>
                """ : ""
            return """
                <tr><td>\(line.product.sku)</td><td>\(line.product.name)<input type="hidden" name="line_product" value="\(String(line.product.id.rawValue))"></td>
                <td><label class="sr" for="qty_\(index)">\(context.text(.quantity)), \(WebFormat.unitName(line.product.unit))</label>
                <input id="qty_\(index)" name="line_qty" inputmode="decimal" value="\(line.qty)"\(errors.attributes(for: "qty_\(index)"))>\(errors.message(for: "qty_\(index)"))</td>
                \(cost)<td><button type="submit" name="remove" value="\(index)" class="link">\(context.text(.remove))</button></td></tr>
                """
        }
        let costHead: HTML = withCost
            ? "<th>\(context.text(.unitCost)), ₽</th><th>\(context.text(.countryOfOrigin))</th><th>\(context.text(.customsDeclaration))</th>" : ""
        let table: HTML = lines.isEmpty ? "<p class=\"empty\">\(context.text(.noLinesYet))</p>" : """
            <div class="scroll"><table class="lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th>\(context.text(.quantity))</th>\(costHead)<th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return """
            <div class="scanner"><label for="scan">\(context.text(.scanner))</label>
            <div class="inline"><input id="scan" name="scan" data-scanner data-suggest data-suggest-warehouse="warehouse" data-suggest-submit="button[name=action][value=scan]" autocomplete="off" autofocus placeholder="\(context.text(.scannerHint))"\(errors.attributes(for: "scan"))>
            <button type="submit" name="action" value="scan">\(context.text(.add))</button></div>\(errors.message(for: "scan"))</div>
            \(table)
            """
    }
}
