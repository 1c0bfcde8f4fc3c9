// Stock counts (Инвентаризация): open a count for a warehouse (the book quantities are taken at
// that moment), fill it by scanning (each scan counts one more, saved at once) or by typing, see
// the differences, post. The sheet carries the count's version, so a replayed scan or a second
// device filling the same count is a clean conflict, not a double count.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Warehouse

/// `/stock/counts/new`, `/stock/counts/{id}` (the sheet of an open count).
struct StockCountPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/stock/counts/new", .stockCount, permission: .postStock, order: 140)]
    }

    var pages: [Page] {
        [
            Page(.get, "/stock/counts/new", access: .permission(.postStock)) { context in
                try opening(context, errors: FormErrors())
            },
            Page(.post, "/stock/counts/new", access: .permission(.postStock)) { context in
                let principal = try context.principal()
                guard let warehouse = context.form["warehouse"].flatMap(Int64.init).map(WarehouseID.init(rawValue:)) else {
                    var errors = FormErrors()
                    errors.fields["warehouse"] = context.text(.required)
                    return try opening(context, errors: errors, status: 422)
                }
                let service = WarehouseService(time: time)
                do throws(ERPError) {
                    return try context.postOnce { tx in
                        let count = try service.post(.stockCount(NewStockCount(warehouseID: warehouse, open: true)), by: principal, in: tx)
                        return "/stock/counts/\(count.id.rawValue)"
                    }
                } catch {
                    return try opening(context, errors: context.formErrors(for: error) { $0 == "warehouse_id" ? "warehouse" : nil },
                                       status: error.httpStatus)
                }
            },
            Page(.get, "/stock/counts/{id}", access: .permission(.postStock)) { context in
                try sheet(context, errors: FormErrors())
            },
            Page(.post, "/stock/counts/{id}", access: .permission(.postStock)) { context in
                try fill(context)
            },
        ]
    }

    private func opening(_ context: PageContext, errors: FormErrors, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = WarehouseService(time: time)
        let warehouses = try context.withConnection { try service.warehouses(by: principal, on: $0).filter(\.active) }
        let options = warehouses.map { "<option value=\"\(String($0.id.rawValue))\">\($0.name)</option>" as HTML }
        let general: HTML = errors.general.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let body: HTML = """
            <h1>\(context.text(.newCount))</h1>\(general)
            <form method="post" action="/stock/counts/new">\(context.csrfField)\(try context.idempotencyField())
            <label for="warehouse">\(context.text(.warehouse))</label>
            <select id="warehouse" name="warehouse"\(errors.attributes(for: "warehouse"))>\(options)</select>\(errors.message(for: "warehouse"))
            <div class="actions"><button type="submit" class="primary">\(context.text(.open))</button></div></form>
            """
        return context.render(title: context.text(.newCount), body, status: status)
    }

    private func fill(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StockDocumentID.self, entity: "stock count")
        let service = WarehouseService(time: time)
        let editor = StockLineEditor(catalog: CatalogService(time: time), withCost: false)
        let version = context.form["version"].flatMap(Int64.init)
        var errors = FormErrors()
        do {
            let count = try context.withConnection { try service.document(id, type: .stockCount, by: principal, on: $0) }
            var lines: [CountLine] = []
            if context.form["action"] != "post", context.form["action"] != "save", let code = context.form["scan"] {
                guard let product = try context.withConnection({ try editor.product(for: code, by: principal, on: $0) }) else {
                    errors.fields["scan"] = context.text(.unknownCode)
                    return try sheet(context, errors: errors, status: 422)
                }
                let counted = count.lines.first { $0.productID == product.id }?.countedQty ?? .zero
                lines = [CountLine(productID: product.id, countedQty: (try? counted.adding(Quantity(thousandths: Quantity.thousandthsPerUnit))) ?? counted)]
            } else {
                for line in count.lines {
                    guard let typed = context.form["counted_\(line.productID.rawValue)"] else { continue }
                    guard let counted = try? Quantity(typed: typed) else {
                        errors.fields["counted_\(line.productID.rawValue)"] = context.text(.notANumber)
                        continue
                    }
                    if counted != line.countedQty { lines.append(CountLine(productID: line.productID, countedQty: counted)) }
                }
                guard errors.isEmpty else { return try sheet(context, errors: errors, status: 422) }
            }
            let posting = context.form["action"] == "post"
            let document = try context.withConnection { connection in
                var current = count
                if !lines.isEmpty {
                    current = try service.fill(id, with: StockCountChanges(version: version, lines: lines), by: principal, on: connection)
                }
                return posting ? try service.postCount(id, by: principal, on: connection) : current
            }
            return context.redirect(to: posting ? StockDocumentPages.location(of: document, notice: "posted") : "/stock/counts/\(id.rawValue)")
        } catch let error as ERPError {
            errors = context.formErrors(for: error) { path in
                path.hasPrefix("product:") ? "counted_" + path.dropFirst("product:".count) : nil
            }
            return try sheet(context, errors: errors, status: error.httpStatus)
        }
    }

    /// The sheet of an open count: scanner, every line with book, counted and difference.
    private func sheet(_ context: PageContext, errors: FormErrors, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StockDocumentID.self, entity: "stock count")
        let service = WarehouseService(time: time)
        let count = try context.withConnection { try service.document(id, type: .stockCount, by: principal, on: $0) }
        guard count.status == .open else { return context.redirect(to: "/stock/documents/\(id.rawValue)") }
        let rows = count.lines.map { line -> HTML in
            let name = "counted_\(line.productID.rawValue)"
            let typed = context.form[name] ?? line.countedQty.map(WebFormat.typed) ?? ""
            return """
                <tr><td>\(line.sku)</td><td>\(line.name)</td>
                <td class="num" data-label="\(context.text(.book))">\(line.bookQty.map { WebFormat.quantity($0, unit: line.unit) })</td>
                <td><label class="sr" for="\(name)">\(context.text(.counted))</label>
                <input id="\(name)" name="\(name)" inputmode="decimal" value="\(typed)"\(errors.attributes(for: name))>\(errors.message(for: name))</td>
                <td class="num" data-label="\(context.text(.difference))">\(line.difference.map { WebFormat.quantity($0, unit: line.unit) })</td></tr>
                """
        }
        let general: HTML = errors.general.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let title = context.text(.stockCount) + " · " + context.text(.documentStatus("open"))
        let body: HTML = """
            <h1>\(title)</h1>\(general)
            <form method="post" action="/stock/counts/\(String(id.rawValue))" class="document">\(context.csrfField)
            <input type="hidden" name="version" value="\(String(count.version))">
            <div class="scanner"><label for="scan">\(context.text(.scanner))</label>
            <div class="inline"><input id="scan" name="scan" data-scanner autocomplete="off" autofocus placeholder="\(context.text(.scannerHint))"\(errors.attributes(for: "scan"))>
            <button type="submit" name="action" value="scan">\(context.text(.add))</button></div>\(errors.message(for: "scan"))</div>
            <div class="scroll"><table class="lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th class="num">\(context.text(.book))</th><th>\(context.text(.counted))</th><th class="num">\(context.text(.difference))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <div class="actions"><a class="button" href="/stock/documents/\(String(id.rawValue))/print">\(context.text(.print))</a>
            <button type="submit" name="action" value="save">\(context.text(.save))</button>
            <button type="submit" name="action" value="post" class="primary">\(context.text(.post))</button></div>
            </form>
            """
        return context.render(title: title, body, status: status)
    }
}
