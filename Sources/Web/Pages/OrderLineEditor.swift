// The line rows of the two order forms, a sales order's and a supplier order's: numbered inputs
// (`sku_N`, `qty_N`, and `price_N` on a supplier order) kept as typed across every re-render,
// looked up for the products their SKUs (or barcodes) name, read into lines with a refusal under
// each row that cannot be read, and API field paths mapped back to the rows they came from.
// What differs — the sales form's availability and suggestions, the supplier form's last prices —
// stays with each form.

import Catalog
import ERPCore
import HTTP1
import Postgres

/// One line row of an order form as typed.
struct OrderFormLine {
    var sku: String
    var qty: String
    /// The price as typed (a supplier order's; empty on a sales order).
    var price = ""
    /// The product the SKU names, once looked up.
    var product: Product?
    /// What the chosen warehouse has available of it (shown on the sales order form).
    var available: Quantity?
}

/// A filled row that reads: its row number, product and quantity.
struct OrderFormRow {
    let row: Int
    let line: OrderFormLine
    let product: Product
    let qty: Quantity
}

/// Reading and drawing the line rows of an order form.
struct OrderLineEditor {
    /// Blank line rows a new form offers (more appear as lines are filled).
    static let blankRows = 5

    let context: PageContext
    let errors: FormErrors
    /// Whether the rows have a price input (`price_N`).
    let withPrice: Bool

    /// The line rows as submitted, in row order.
    func typedLines() -> [OrderFormLine] {
        let form = context.form
        var lines: [OrderFormLine] = []
        while let sku = form.pairs.first("sku_\(lines.count)") {
            let index = lines.count
            let price = withPrice ? (form["price_\(index)"] ?? "").trimmingCharacters(in: .whitespaces) : ""
            lines.append(OrderFormLine(sku: sku.trimmingCharacters(in: .whitespaces), qty: form["qty_\(index)"] ?? "", price: price))
        }
        return lines
    }

    /// `lines` and blank rows after them: `blankRows` at least, and always one free row.
    static func padded(_ lines: [OrderFormLine]) -> [OrderFormLine] {
        var lines = lines
        while lines.count < blankRows || !lines.contains(where: { $0.sku.isEmpty }) { lines.append(OrderFormLine(sku: "", qty: "")) }
        return lines
    }

    /// Each filled row with the product its SKU or barcode names (a row naming none stays without).
    func lookUp(_ lines: [OrderFormLine]) throws -> [OrderFormLine] {
        let principal = try context.principal()
        let catalog = CatalogService()
        return try lines.map { line -> OrderFormLine in
            guard !line.sku.isEmpty else { return line }
            var line = line
            do throws(ERPError) {
                line.product = try context.withConnection { try catalog.product(reference: line.sku, by: principal, on: $0) }
            } catch {
                guard case .notFound = error else { throw error }
            }
            return line
        }
    }

    /// The filled rows of looked-up `lines` that read; a refusal under each filled row whose
    /// product is unknown or whose quantity does not read, and under the first row when none is filled.
    static func readRows(_ lines: [OrderFormLine], errors: inout FormErrors, context: PageContext) -> [OrderFormRow] {
        var rows: [OrderFormRow] = []
        for (index, line) in lines.enumerated() where !line.sku.isEmpty {
            guard let product = line.product else { errors.fields["sku_\(index)"] = context.text(.unknownCode); continue }
            guard let qty = try? Quantity(typed: line.qty) else { errors.fields["qty_\(index)"] = context.text(.notANumber); continue }
            rows.append(OrderFormRow(row: index, line: line, product: product, qty: qty))
        }
        if !lines.contains(where: { !$0.sku.isEmpty }) { errors.fields["sku_0"] = context.say(.addAProduct) }
        return rows
    }

    /// The input an API field path of the lines names: `lines` → the first row's SKU;
    /// `lines[1].qty` → `qty_4` when the second line sent came from row 4; nil for other paths.
    func field(for path: String, rows: [Int]) -> String? {
        if path == "lines" { return "sku_0" }
        guard let line = FormErrors.line(of: path), rows.indices.contains(line.index) else { return nil }
        let input = line.field == "qty" || (withPrice && line.field == "price") ? line.field + "_" : "sku_"
        return input + String(rows[line.index])
    }

    /// `errors` with the form's general refusal line when they have none of their own.
    static func refusal(_ errors: FormErrors, context: PageContext) -> FormErrors {
        var errors = errors
        if errors.general == nil { errors.general = context.text(.formHasErrors) }
        return errors
    }

    /// Creates what the form describes once per idempotency key (`create` runs in the transaction
    /// and answers where to go next); a refusal shows the form again (`form`, with the errors and
    /// the status) with each message under the row it names or the input `inputs` maps its path to.
    func save(rows: [Int], inputs: [String: String], form: (FormErrors, Int) throws -> HTTPResponse,
              _ create: (Transaction) throws -> String) throws -> HTTPResponse {
        do {
            return try context.postOnce(create)
        } catch {
            let errors = context.formErrors(for: error) { path in inputs[path] ?? field(for: path, rows: rows) }
            return try form(Self.refusal(errors, context: context), error.httpStatus)
        }
    }

    /// Row `index`'s SKU cell: its input (with `attributes`, e.g. suggestion hooks) and refusal.
    func skuCell(_ index: Int, _ line: OrderFormLine, attributes: HTML = "") -> HTML {
        let sku = "sku_\(index)"
        return """
            <td><label class="sr" for="\(sku)">\(context.text(.sku))</label>
            <input id="\(sku)" name="\(sku)" value="\(line.sku)"\(attributes)\(errors.attributes(for: sku))>\(errors.message(for: sku))</td>
            """
    }

    /// A number input cell (`qty_N`, `price_N`) with its hidden label and refusal.
    func numberCell(_ name: String, value: String, label: String, attributes: HTML = "") -> HTML {
        """
        <td class="num"><label class="sr" for="\(name)">\(label)</label>
        <input id="\(name)" name="\(name)" value="\(value)" inputmode="decimal" class="qty"\(attributes)\(errors.attributes(for: name))>\(errors.message(for: name))</td>
        """
    }

    /// A row's amount cell (empty while the amount cannot be computed).
    func amountCell(_ amount: Money?) -> HTML {
        "<td class=\"num amount\" data-label=\"\(context.text(.total))\">\(amount.map(WebFormat.money) ?? "")</td>"
    }
}
