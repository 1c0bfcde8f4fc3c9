// Goods arriving against a supplier order and goods going back. Receiving: one row per line of
// the order, the quantity defaulting to what it still expects; more than that needs the explicit
// "Принять сверх заказа" box — without it the service's 409 comes back naming each line under
// its row, and nothing is posted. Returning: part of a receipt's lines, with a reason, at the cost
// they came in at (`PurchasingService.sendBack`).

import ERPCore
import ERPServer
import HTTP1
import Purchasing
import Warehouse

/// `/purchasing/orders/{id}/receive`, `/purchasing/receipts/{id}/return`.
struct PurchaseReceiptPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] { [] }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/orders/{id}/receive", access: .permission(.postStock)) { context in try receiveForm(context) },
            Page(.post, "/purchasing/orders/{id}/receive", access: .permission(.postStock)) { context in try receive(context) },
            Page(.get, "/purchasing/receipts/{id}/return", access: .permission(.postStock)) { context in try returnForm(context) },
            Page(.post, "/purchasing/receipts/{id}/return", access: .permission(.postStock)) { context in try sendBack(context) },
        ]
    }

    private func receiveForm(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        let service = service
        let order = try context.withConnection { try service.order(id, by: principal, on: $0) }
        let form = context.form
        let posted = context.request.request.method == .post
        let rows = order.lines.enumerated().map { index, line -> HTML in
            let qty = "qty_\(index)"
            let value = posted ? form[qty] ?? "" : line.remaining.isPositive ? WebFormat.typed(line.remaining) : ""
            return """
                <tr><td>\(line.sku)</td><td>\(line.name)</td><td class="num">\(WebFormat.quantity(line.qty, unit: line.unit))</td>
                <td class="num">\(WebFormat.quantity(line.received, unit: line.unit))</td>
                <td class="num">\(WebFormat.quantity(line.remaining, unit: line.unit))</td>
                <td class="num"><label class="sr" for="\(qty)">\(context.text(.quantity)) \(line.sku)</label>
                <input id="\(qty)" name="\(qty)" value="\(value)" inputmode="decimal" class="qty"\(errors.attributes(for: qty))>\(errors.message(for: qty))</td>
                \(originCells(index, sku: line.sku, form: form, errors: errors, context: context))</tr>
                """
        }
        let over: HTML = form["allow_over"] == "1" ? " checked" : ""
        let body: HTML = """
            <h1>\(context.purchase(.receiveAgainst)) \(order.number)</h1>\(SalesFormat.general(errors))
            <form method="post" action="\(PurchaseFormat.orderPath(id))/receive">\(context.csrfField)\(try context.idempotencyField())
            <div class="filters">\(PurchaseFormat.field("supplier_ref", context.text(.supplierRef), value: form["supplier_ref"] ?? "", errors: errors))
            \(PurchaseFormat.field("note", context.text(.note), value: form["note"] ?? "", errors: errors))</div>
            <table class="lines" id="receive-lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th class="num">\(context.text(.ordered))</th><th class="num">\(context.purchase(.received))</th>
            <th class="num">\(context.purchase(.remaining))</th><th class="num">\(context.purchase(.receivingNow))</th>
            <th>\(context.text(.countryOfOrigin))</th><th>\(context.text(.customsDeclaration))</th></tr></thead><tbody>\(rows)</tbody></table>
            <p class="check"><input type="checkbox" id="allow_over" name="allow_over" value="1"\(over)>
            <label for="allow_over">\(context.purchase(.allowOverReceipt))</label></p>
            <div class="actions"><a class="button" href="\(PurchaseFormat.orderPath(id))">\(context.purchase(.back))</a>
            <button type="submit" class="primary">\(context.text(.post))</button></div></form>
            """
        return context.render(title: context.purchase(.receiveAgainst) + " " + order.number, body, status: status)
    }

    /// A row's optional origin inputs (`country_N`, `declaration_N`), as typed.
    private func originCells(_ index: Int, sku: String, form: FormFields, errors: FormErrors, context: PageContext) -> HTML {
        let (country, declaration) = ("country_\(index)", "declaration_\(index)")
        return """
            <td><label class="sr" for="\(country)">\(context.text(.countryOfOrigin)) \(sku)</label>
            <input id="\(country)" name="\(country)" value="\(form[country] ?? "")" maxlength="3" autocomplete="off" placeholder="CN, 156"\(errors.attributes(for: country))>\(errors.message(for: country))</td>
            <td><label class="sr" for="\(declaration)">\(context.text(.customsDeclaration)) \(sku)</label>
            <input class="declaration" id="\(declaration)" name="\(declaration)" value="\(form[declaration] ?? "")" maxlength="40" autocomplete="off"\(errors.attributes(for: declaration))>\(errors.message(for: declaration))</td>
            """
    }

    private func receive(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PurchaseOrderID.self, entity: "purchase_order")
        let service = service
        let order = try context.withConnection { try service.order(id, by: principal, on: $0) }
        let form = context.form
        var errors = FormErrors()
        var lines: [OrderReceiptLine] = []
        var rowOfLine: [Int] = []
        for (index, line) in order.lines.enumerated() {
            let typed = (form["qty_\(index)"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !typed.isEmpty else { continue }
            guard let qty = try? Quantity(typed: typed), !qty.isNegative else { errors.fields["qty_\(index)"] = context.text(.notANumber); continue }
            guard qty.isPositive else { continue }
            lines.append(OrderReceiptLine(productID: line.productID, qty: qty, countryCode: form["country_\(index)"],
                                          customsDeclaration: form["declaration_\(index)"]))
            rowOfLine.append(index)
        }
        if lines.isEmpty && errors.isEmpty { errors.general = context.text(.noLines) }
        guard errors.isEmpty else {
            if errors.general == nil { errors.general = context.text(.formHasErrors) }
            return try receiveForm(context, errors: errors, status: 422)
        }
        let command = OrderReceipt(purchaseOrderID: id, supplierRef: form["supplier_ref"].flatMap { $0.isEmpty ? nil : $0 },
                                   note: form["note"].flatMap { $0.isEmpty ? nil : $0 }, allowOverReceipt: form["allow_over"] == "1",
                                   lines: lines)
        do {
            return try context.postOnce { tx in
                let (_, receipt) = try service.receive(command, by: principal, in: tx)
                return SalesFormat.banner(PurchaseFormat.orderPath(id), notice: "received", number: receipt.number ?? "")
            }
        } catch {
            if case .notFound = error { throw error }
            guard case .exceedsOrder(let excess) = error else {
                // `lines[i].country_code` → the row the i-th received line came from.
                let mapped = context.formErrors(for: error) { path in
                    FormErrors.line(of: path).flatMap { line in
                        guard line.index < rowOfLine.count, let input = StockLineEditor.originInputs[line.field] else { return nil }
                        return input + String(rowOfLine[line.index])
                    }
                }
                return try receiveForm(context, errors: mapped, status: error.httpStatus)
            }
            var errors = FormErrors()
            errors.general = context.purchase(.overReceiptRefused)
            for line in excess {
                guard let index = order.lines.firstIndex(where: { $0.productID.rawValue == line.productID }) else { continue }
                let unit = order.lines[index].unit
                errors.fields["qty_\(index)"] = context.purchase(.beyondOrder(
                    sku: order.lines[index].sku, requested: WebFormat.quantity(line.requested, unit: unit),
                    remaining: WebFormat.quantity(line.available, unit: unit)))
            }
            return try receiveForm(context, errors: errors, status: error.httpStatus)
        }
    }

    private func returnForm(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StockDocumentID.self, entity: "receipt")
        let receipt = try context.withConnection { try WarehouseService(time: time).document(id, type: .receipt, by: principal, on: $0) }
        let form = context.form
        let rows = receipt.lines.enumerated().map { index, line -> HTML in
            let qty = "qty_\(index)"
            return """
                <tr><td>\(line.sku)</td><td>\(line.name)</td><td class="num">\(line.qty.map { WebFormat.quantity($0, unit: line.unit) } ?? "")</td>
                <td class="num"><label class="sr" for="\(qty)">\(context.text(.quantity)) \(line.sku)</label>
                <input id="\(qty)" name="\(qty)" value="\(form[qty] ?? "")" inputmode="decimal" class="qty"\(errors.attributes(for: qty))>\(errors.message(for: qty))</td></tr>
                """
        }
        let reasons = SupplierReturnReason.allCases.map { ($0.rawValue, context.purchase(.returnReason($0))) }
        let body: HTML = """
            <h1>\(context.purchase(.supplierReturn)) · \(context.text(.receipt)) \(receipt.number ?? "")</h1>\(SalesFormat.general(errors))
            <form method="post" action="/purchasing/receipts/\(String(id.rawValue))/return">\(context.csrfField)\(try context.idempotencyField())
            <div class="filters">\(PurchaseFormat.select("reason", context.text(.reason), reasons, selected: form["reason"], errors: errors))
            \(PurchaseFormat.field("note", context.text(.note), value: form["note"] ?? "", errors: errors))</div>
            <table class="lines" id="return-lines"><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            <th class="num">\(context.purchase(.received))</th><th class="num">\(context.purchase(.returning))</th></tr></thead><tbody>\(rows)</tbody></table>
            <div class="actions"><button type="submit" class="primary">\(context.purchase(.sendBack))</button></div></form>
            """
        return context.render(title: context.purchase(.supplierReturn), body, status: status)
    }

    private func sendBack(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StockDocumentID.self, entity: "receipt")
        let receipt = try context.withConnection { try WarehouseService(time: time).document(id, type: .receipt, by: principal, on: $0) }
        let form = context.form
        var errors = FormErrors()
        var lines: [SupplierReturnQuantity] = []
        var rows: [Int] = []
        for (index, line) in receipt.lines.enumerated() {
            let typed = (form["qty_\(index)"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !typed.isEmpty else { continue }
            guard let qty = try? Quantity(typed: typed) else { errors.fields["qty_\(index)"] = context.text(.notANumber); continue }
            lines.append(SupplierReturnQuantity(productID: line.productID, qty: qty))
            rows.append(index)
        }
        guard let reason = form["reason"].flatMap(SupplierReturnReason.init(rawValue:)) else {
            errors.fields["reason"] = context.text(.required)
            errors.general = context.text(.formHasErrors)
            return try returnForm(context, errors: errors, status: 422)
        }
        if lines.isEmpty && errors.isEmpty { errors.general = context.text(.noLines) }
        guard errors.isEmpty else {
            if errors.general == nil { errors.general = context.text(.formHasErrors) }
            return try returnForm(context, errors: errors, status: 422)
        }
        let command = NewSupplierReturn(receiptID: id, reason: reason, note: form["note"].flatMap { $0.isEmpty ? nil : $0 }, lines: lines)
        let service = service
        do {
            return try context.postOnce { tx in
                let sent = try service.sendBack(command, by: principal, in: tx)
                let back = sent.supplierID.map(PurchaseFormat.supplierPath) ?? "/stock/documents/\(id.rawValue)"
                return SalesFormat.banner(back, notice: "returned", number: sent.number)
            }
        } catch {
            if case .notFound = error { throw error }
            let errors = context.formErrors(for: error) { path in
                if path.hasPrefix("product:"), let product = Int64(path.dropFirst(8)),
                   let index = receipt.lines.firstIndex(where: { $0.productID.rawValue == product }) { return "qty_\(index)" }
                guard let line = FormErrors.line(of: path), rows.indices.contains(line.index) else {
                    return path == "reason" || path == "note" ? path : nil
                }
                return "qty_\(rows[line.index])"
            }
            return try returnForm(context, errors: errors, status: error.httpStatus)
        }
    }
}
