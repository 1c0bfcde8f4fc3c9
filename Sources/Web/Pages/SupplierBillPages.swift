// The accountant's supplier bills (Счета поставщиков): the list (one supplier's, open only), and
// recording one — the supplier's own number and date, the amount with VAT and its VAT, and the
// receipts it is for, offered once the supplier is chosen (`PurchasingService.record`). Amounts
// and dates are read as people type them (`1 234,50`, `07.12.2026`).

import ERPCore
import ERPServer
import HTTP1
import Parties
import Purchasing
import Warehouse

/// `/purchasing/bills…`.
struct SupplierBillPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/purchasing/bills", .purchase(.bills), permission: .readPayables, order: 320)]
    }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/bills", access: .permission(.readPayables), query: [
                .id("supplier", "Only this supplier's bills"),
                QueryParameter("open", .enumeration(["1"]), "Only bills not fully paid"),
                .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/purchasing/bills/new", access: .permission(.recordSupplierBills), query: [.id("supplier", "The supplier billing us")]) {
                context in try form(context)
            },
            Page(.post, "/purchasing/bills/new", access: .permission(.recordSupplierBills)) { context in try record(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let supplier = context.query("supplier").flatMap(PartyID.init)
        let openOnly = context.query("open") == "1"
        let service = service
        let page = try context.withConnection {
            try service.bills(supplier: supplier, openOnly: openOnly, limit: 50, cursor: context.query("cursor"), by: principal, on: $0)
        }
        let names = try SalesFormat.clientNames(page.items.map(\.supplierID), context: context)
        let rows = page.items.map { bill -> HTML in
            """
            <tr><td>\(bill.number)</td><td>\(bill.date.dotted)</td>
            <td><a href="\(PurchaseFormat.supplierPath(bill.supplierID))">\(names[bill.supplierID] ?? "")</a></td>
            <td class="num">\(WebFormat.money(bill.amount))</td><td class="num">\(WebFormat.money(bill.paid))</td>
            <td class="num">\(WebFormat.money(bill.open))</td></tr>
            """
        }
        let sums = [page.items.map(\.amount), page.items.map(\.paid), page.items.map(\.open)].map { amounts in
            (try? Money.sum(amounts)).map(WebFormat.money) ?? ""
        }
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.purchase(.emptyBills))</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th><th>\(context.text(.supplier))</th>
            <th class="num">\(context.purchase(.amount))</th><th class="num">\(context.purchase(.paid))</th><th class="num">\(context.purchase(.open))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="3">\(context.say(.totalShown))</td>\(HTML.joined(sums.map { "<td class=\"num\">\($0)</td>" }))</tr></tfoot></table>
            """
        let keep = [("supplier", supplier.map { String($0.rawValue) }), ("open", openOnly ? "1" : nil)]
        let new: HTML = principal.may(.recordSupplierBills)
            ? "<a class=\"button primary\" href=\"\(SalesFormat.url("/purchasing/bills/new", [keep[0]]))\">\(context.purchase(.newBill))</a>" : ""
        let suppliers = [("", context.purchase(.allSuppliers))] + (try PurchaseFormat.suppliers(context: context))
        let openBox: HTML = openOnly ? " checked" : ""
        let body: HTML = """
            <div class="heading"><h1>\(context.purchase(.bills))</h1>\(new)</div>
            <form method="get" action="/purchasing/bills" class="filters">\
            \(PurchaseFormat.select("supplier", context.text(.supplier), suppliers, selected: supplier.map { String($0.rawValue) } ?? "", errors: FormErrors()))
            <div class="check"><input type="checkbox" id="open" name="open" value="1"\(openBox)><label for="open">\(context.purchase(.open))</label></div>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)\(SalesFormat.nextLink(page.nextCursor, path: "/purchasing/bills", keeping: keep, context: context))
            """
        return context.render(title: context.purchase(.bills), body)
    }

    private func form(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let supplier = form["supplier"] ?? context.query("supplier")
        let receipts = try supplier.flatMap(PartyID.init).map { id in
            try context.withConnection { connection in
                try WarehouseService(time: time).documents(StockDocumentFilter(type: .receipt, supplierID: id, limit: 20), by: principal,
                                                           on: connection).items.filter { $0.status == .posted }
            }
        } ?? []
        let ticked = Set(form.all("receipt"))
        let boxes = receipts.map { receipt -> HTML in
            let id = String(receipt.id.rawValue)
            let checked: HTML = ticked.contains(id) ? " checked" : ""
            return """
                <li><input type="checkbox" id="receipt_\(id)" name="receipt" value="\(id)"\(checked)>\
                <label for="receipt_\(id)">\(receipt.number ?? "") · \(receipt.postedAt.map(WebFormat.date) ?? "")\
                \(receipt.totalCost.map { " · " + WebFormat.money($0) } ?? "")</label></li>
                """
        }
        let receiptList: HTML = receipts.isEmpty ? "" : """
            <fieldset><legend>\(context.purchase(.forReceipts))</legend><ul class="choices">\(boxes)</ul>\(errors.message(for: "receipt"))</fieldset>
            """
        let suppliers = try PurchaseFormat.suppliers(context: context)
        let required: HTML = " required"
        let money: HTML = " inputmode=\"decimal\" required"
        let body: HTML = """
            <h1>\(context.purchase(.newBill))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/purchasing/bills/new">\(context.csrfField)\(try context.idempotencyField())
            \(PurchaseFormat.select("supplier", context.text(.supplier), suppliers, selected: supplier, errors: errors, required))
            <div class="actions"><button type="submit" name="action" value="receipts" formnovalidate>\(context.purchase(.forReceipts))</button></div>
            \(receiptList)
            \(PurchaseFormat.field("number", context.purchase(.billNumber), value: form["number"] ?? "", errors: errors, required))
            \(PurchaseFormat.field("date", context.purchase(.billDate), value: form["date"] ?? WebFormat.date(time.now), errors: errors, required))
            \(PurchaseFormat.field("amount", context.purchase(.amount), value: form["amount"] ?? "", errors: errors, money))
            \(PurchaseFormat.field("vat", context.purchase(.vatAmount), value: form["vat"] ?? "", errors: errors, " inputmode=\"decimal\""))
            \(PurchaseFormat.field("note", context.text(.note), value: form["note"] ?? "", errors: errors))
            <div class="actions"><button type="submit" class="primary" name="action" value="save">\(context.purchase(.newBill))</button></div></form>
            """
        return context.render(title: context.purchase(.newBill), body, status: status)
    }

    private func record(_ context: PageContext) throws -> HTTPResponse {
        guard context.form["action"] == "save" else { return try form(context) }
        let principal = try context.principal()
        let form = context.form
        var errors = FormErrors()
        let (supplier, amount, date) = PurchaseFormat.supplierMoney(context, errors: &errors)
        let vat = form["vat"].map { try? Money(typed: $0) } ?? .zero()
        if form["number"] == nil { errors.fields["number"] = context.text(.required) }
        if vat == nil { errors.fields["vat"] = context.text(.notANumber) }
        guard let supplier, let number = form["number"], let amount, let vat, let date else {
            errors.general = context.text(.formHasErrors)
            return try self.form(context, errors: errors, status: 422)
        }
        let receipts = form.all("receipt").compactMap(StockDocumentID.init)
        let bill = NewSupplierBill(supplierID: supplier, number: number, date: date, amount: amount, vat: vat,
                                   receiptIDs: receipts.isEmpty ? nil : receipts, note: form["note"])
        let service = service
        do {
            return try context.postOnce { tx in
                let recorded = try service.record(bill, by: principal, in: tx)
                return SalesFormat.banner(PurchaseFormat.supplierPath(supplier), notice: "billed", number: recorded.number)
            }
        } catch {
            let errors = context.formErrors(for: error) { path in
                switch path {
                case "supplier_id": "supplier"
                case "number", "date", "amount", "vat", "note": path
                default: path.hasPrefix("receipt") ? "receipt" : nil
                }
            }
            return try self.form(context, errors: errors, status: error.httpStatus)
        }
    }
}
