// The accountant's payments to suppliers (Оплаты поставщикам): the list, with "Сторнировать"
// and a reason on each posted payment, and paying — allocated by the service to the oldest open
// bills, or to the bill chosen (`PurchasingService.pay`, `.reverse`).

import ERPCore
import ERPServer
import HTTP1
import Parties
import Purchasing

/// `/purchasing/payments…`.
struct SupplierPaymentPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/purchasing/payments", .purchase(.payments), permission: .readPayables, order: 330)]
    }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/payments", access: .permission(.readPayables), query: [
                .id("supplier", "Only this supplier's payments"), .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/purchasing/payments/new", access: .permission(.paySuppliers), query: [.id("supplier", "The supplier paid")]) {
                context in try form(context)
            },
            Page(.post, "/purchasing/payments/new", access: .permission(.paySuppliers)) { context in try pay(context) },
            Page(.post, "/purchasing/payments/{id}/reverse", access: .permission(.paySuppliers)) { context in try reverse(context) },
        ]
    }

    private func list(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let supplier = context.query("supplier").flatMap(PartyID.init)
        let service = service
        let page = try context.withConnection {
            try service.payments(supplier: supplier, limit: 50, cursor: context.query("cursor"), by: principal, on: $0)
        }
        let names = try SalesFormat.clientNames(page.items.map(\.supplierID), context: context)
        let rows = try page.items.map { payment -> HTML in
            let posted = payment.status == "posted"
            let badge = SalesFormat.badge(tone: posted ? "posted" : "cancelled", posted ? context.purchase(.posted) : context.purchase(.reversed))
            let reverse: HTML = posted && principal.may(.paySuppliers) ? """
                <details><summary>\(context.purchase(.reverse))</summary>
                <form method="post" action="/purchasing/payments/\(String(payment.id.rawValue))/reverse">\(context.csrfField)\(try context.idempotencyField())
                <label for="reason_\(String(payment.id.rawValue))">\(context.text(.reason))</label>
                <input id="reason_\(String(payment.id.rawValue))" name="reason" required>
                <button type="submit">\(context.purchase(.reverse))</button></form></details>
                """ : HTML(text: payment.reversalReason ?? "")
            return """
                <tr><td>\(payment.number)</td><td>\(payment.date.dotted)</td>
                <td><a href="\(PurchaseFormat.supplierPath(payment.supplierID))">\(names[payment.supplierID] ?? "")</a></td>
                <td>\(badge)</td><td class="num">\(WebFormat.money(payment.amount))</td><td>\(reverse)</td></tr>
                """
        }
        let total = (try? Money.sum(page.items.filter { $0.status == "posted" }.map(\.amount))).map(WebFormat.money) ?? ""
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.purchase(.emptyPayments))</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th><th>\(context.text(.supplier))</th>
            <th>\(context.text(.status))</th><th class="num">\(context.say(.amount))</th><th><span class="sr">\(context.purchase(.reverse))</span></th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="4">\(context.say(.totalShown))</td><td class="num">\(total)</td><td></td></tr></tfoot></table>
            """
        let keep = [("supplier", supplier.map { String($0.rawValue) })]
        let new: HTML = principal.may(.paySuppliers)
            ? "<a class=\"button primary\" href=\"\(SalesFormat.url("/purchasing/payments/new", keep))\">\(context.purchase(.newPayment))</a>" : ""
        let body: HTML = """
            <div class="heading"><h1>\(context.purchase(.payments))</h1>\(new)</div>\(SalesFormat.general(errors))\(table)
            \(SalesFormat.nextLink(page.nextCursor, path: "/purchasing/payments", keeping: keep, context: context))
            """
        return context.render(title: context.purchase(.payments), body, status: status)
    }

    private func form(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let supplier = form["supplier"] ?? context.query("supplier")
        let service = service
        let open = try supplier.flatMap(PartyID.init).map { id in
            try context.withConnection { try service.bills(supplier: id, openOnly: true, limit: 50, by: principal, on: $0).items }
        } ?? []
        let bills = [("", context.purchase(.oldestFirst))] + open.map { bill in
            (String(bill.id.rawValue), bill.number + " · " + bill.date.dotted + " · " + context.purchase(.open) + " " + WebFormat.money(bill.open))
        }
        let suppliers = try PurchaseFormat.suppliers(context: context)
        let required: HTML = " required"
        let body: HTML = """
            <h1>\(context.purchase(.newPayment))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/purchasing/payments/new">\(context.csrfField)\(try context.idempotencyField())
            \(PurchaseFormat.select("supplier", context.text(.supplier), suppliers, selected: supplier, errors: errors, required))
            <div class="actions"><button type="submit" name="action" value="bills" formnovalidate>\(context.purchase(.bills))</button></div>
            \(PurchaseFormat.field("amount", context.say(.amount), value: form["amount"] ?? "", errors: errors, " inputmode=\"decimal\" required"))
            \(PurchaseFormat.field("date", context.text(.date), value: form["date"] ?? WebFormat.date(time.now), errors: errors, required))
            \(PurchaseFormat.field("bank_ref", context.say(.bankRef), value: form["bank_ref"] ?? "", errors: errors))
            \(PurchaseFormat.select("bill", context.purchase(.allocation), bills, selected: form["bill"] ?? "", errors: errors))
            \(PurchaseFormat.field("note", context.text(.note), value: form["note"] ?? "", errors: errors))
            <div class="actions"><button type="submit" class="primary" name="action" value="save">\(context.purchase(.newPayment))</button></div></form>
            """
        return context.render(title: context.purchase(.newPayment), body, status: status)
    }

    private func pay(_ context: PageContext) throws -> HTTPResponse {
        guard context.form["action"] == "save" else { return try form(context) }
        let principal = try context.principal()
        let form = context.form
        var errors = FormErrors()
        let (supplier, amount, date) = PurchaseFormat.supplierMoney(context, errors: &errors)
        guard let supplier, let amount, let date else {
            errors.general = context.text(.formHasErrors)
            return try self.form(context, errors: errors, status: 422)
        }
        let allocations = form["bill"].flatMap(SupplierBillID.init).map { [BillAllocation(billID: $0, amount: amount)] }
        let payment = NewSupplierPayment(supplierID: supplier, amount: amount, date: date, bankRef: form["bank_ref"], note: form["note"],
                                         allocations: allocations)
        let service = service
        do {
            return try context.postOnce { tx in
                let paid = try service.pay(payment, by: principal, in: tx)
                return SalesFormat.banner(PurchaseFormat.supplierPath(supplier), notice: "paid", number: paid.number)
            }
        } catch {
            let errors = context.formErrors(for: error) { path in
                switch path {
                case "supplier_id": "supplier"
                case "amount", "date", "note", "bank_ref": path
                default: path.hasPrefix("allocations") ? "bill" : nil
                }
            }
            return try self.form(context, errors: errors, status: error.httpStatus)
        }
    }

    private func reverse(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: SupplierPaymentID.self, entity: "supplier_payment")
        let reason = context.form["reason"] ?? ""
        let service = service
        do {
            return try context.postOnce { tx in
                let payment = try service.reverse(id, reason: reason, by: principal, in: tx)
                return SalesFormat.banner("/purchasing/payments", notice: "reversed", number: payment.number)
            }
        } catch {
            if case .notFound = error { throw error }
            return try list(context, errors: context.formErrors(for: error) { _ in nil }, status: error.httpStatus)
        }
    }
}
