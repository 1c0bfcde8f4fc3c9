// The accountant's payments: the list, recording one (allocated oldest-first by the service, or to
// a chosen document), one payment with its allocations, and "Сторнировать" with a reason. Amounts
// and dates are read as people type them (`1 234,50`, `07.12.2026`).

import Billing
import ERPCore
import ERPServer
import HTTP1
import Parties

/// `/payments…`.
struct PaymentPages: PageGroup {
    let time: TimeSource
    var service: BillingService { BillingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/payments", .sales(.payments), permission: .recordPayments, order: 240)]
    }

    var pages: [Page] {
        [
            Page(.get, "/payments", access: .permission(.readPayments), query: [
                .id("client", "Only this client's payments"), .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/payments/new", access: .permission(.recordPayments), query: [.id("client", "The paying client")]) { context in
                try form(context)
            },
            Page(.post, "/payments/new", access: .permission(.recordPayments)) { context in try record(context) },
            Page(.get, "/payments/{id}", access: .permission(.readPayments)) { context in try show(context) },
            Page(.post, "/payments/{id}/reverse", access: .permission(.recordPayments)) { context in try reverse(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let client = context.query("client").flatMap(PartyID.init)
        let service = service
        let page = try context.withConnection {
            try service.payments(client: client, limit: 50, cursor: context.query("cursor"), by: principal, on: $0)
        }
        let names = try SalesFormat.clientNames(page.items.map(\.clientID), context: context)
        let rows = page.items.map { payment -> HTML in
            """
            <tr><td><a href="/payments/\(String(payment.id.rawValue))">\(payment.number)</a></td><td>\(payment.date.dotted)</td>
            <td>\(names[payment.clientID] ?? "")</td><td>\(SalesFormat.badge(payment.status, context: context))</td>
            <td class="num">\(WebFormat.money(payment.amount))</td><td class="num">\(WebFormat.money(payment.unallocated))</td></tr>
            """
        }
        let total = (try? Money.sum(page.items.filter { $0.status == .posted }.map(\.amount))).map(WebFormat.money) ?? ""
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.say(.emptyPaymentList))</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th><th>\(context.say(.client))</th>
            <th>\(context.text(.status))</th><th class="num">\(context.say(.amount))</th><th class="num">\(context.say(.unallocated))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="4">\(context.say(.totalShown))</td><td class="num">\(total)</td><td></td></tr></tfoot></table>
            """
        let new: HTML = principal.may(.recordPayments)
            ? "<a class=\"button primary\" href=\"\(SalesFormat.url("/payments/new", [("client", client.map { String($0.rawValue) })]))\">\(context.say(.recordPayment))</a>" : ""
        let body: HTML = """
            <div class="heading"><h1>\(context.say(.payments))</h1>\(new)</div>\(table)
            \(SalesFormat.nextLink(page.nextCursor, path: "/payments", keeping: [("client", client.map { String($0.rawValue) })], context: context))
            """
        return context.render(title: context.say(.payments), body)
    }

    private func form(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let client = context.form["client"] ?? context.query("client")
        let service = service
        let clientID = client.flatMap(PartyID.init)
        let (clients, open) = try context.withConnection { connection in
            (try PartiesService(time: time).parties(matching: PartyFilter(isClient: true, limit: 500), by: principal, on: connection).items,
             try clientID.map { id in
                 try service.documents(DocumentFilter(clientID: id, type: .invoice, status: .issued, limit: 50), by: principal, on: connection).items
             } ?? [])
        }
        let owing = open.filter { ($0.outstanding?.minorUnits ?? 0) > 0 }
        let documents = [("", context.say(.oldestFirst))] + owing.map { document in
            (String(document.id.rawValue), document.number + " · " + context.say(.due) + " " + WebFormat.money(document.outstanding ?? document.total))
        }
        func field(_ name: String, _ label: String, _ value: String, _ extra: HTML = "") -> HTML {
            """
            <label for="\(name)">\(label)</label><input id="\(name)" name="\(name)" value="\(value)"\(extra)\(errors.attributes(for: name))>\(errors.message(for: name))
            """
        }
        let body: HTML = """
            <h1>\(context.say(.recordPayment))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/payments/new">\(context.csrfField)\(try context.idempotencyField())
            <label for="client">\(context.say(.client))</label><select id="client" name="client" required\(errors.attributes(for: "client"))>
            \(SalesFormat.options(clients.map { (String($0.id.rawValue), $0.name) }, selected: client))</select>\(errors.message(for: "client"))
            \(field("amount", context.say(.amount), context.form["amount"] ?? "", " inputmode=\"decimal\" required"))
            \(field("date", context.text(.date), context.form["date"] ?? WebFormat.date(time.now), " required"))
            \(field("bank_ref", context.say(.bankRef), context.form["bank_ref"] ?? ""))
            <label for="document">\(context.say(.allocation))</label><select id="document" name="document"\(errors.attributes(for: "document"))>
            \(SalesFormat.options(documents, selected: context.form["document"] ?? ""))</select>\(errors.message(for: "document"))
            \(field("note", context.text(.note), context.form["note"] ?? ""))
            <div class="actions"><button type="submit" class="primary">\(context.say(.recordPayment))</button></div></form>
            """
        return context.render(title: context.say(.recordPayment), body, status: status)
    }

    private func record(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        var errors = FormErrors()
        let client = form["client"].flatMap(PartyID.init)
        let amount = form["amount"].flatMap { try? Money(typed: $0) }
        let date = form["date"].flatMap(SalesFormat.calendarDate)
        if client == nil { errors.fields["client"] = context.text(.required) }
        if amount == nil { errors.fields["amount"] = context.text(form["amount"] == nil ? .required : .notANumber) }
        if date == nil { errors.fields["date"] = context.say(.dateExpected) }
        guard let client, let amount, let date else {
            errors.general = context.text(.formHasErrors)
            return try self.form(context, errors: errors, status: 422)
        }
        let allocations = form["document"].flatMap(DocumentID.init).map { [Allocation(documentID: $0, amount: amount)] }
        let payment = NewPayment(clientID: client, amount: amount, date: date, bankRef: form["bank_ref"], note: form["note"],
                                 allocations: allocations)
        let service = service
        do {
            return try context.postOnce { tx in
                let recorded = try service.record(payment, by: principal, in: tx)
                return SalesFormat.banner("/payments/\(recorded.id.rawValue)", notice: "recorded", number: recorded.number)
            }
        } catch {
            let errors = context.formErrors(for: error) { path in
                switch path {
                case "client_id": "client"
                case "amount", "date", "note": path
                case "bank_ref": "bank_ref"
                default: path.hasPrefix("allocations") ? "document" : nil
                }
            }
            return try self.form(context, errors: errors, status: error.httpStatus)
        }
    }

    private func show(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PaymentID.self, entity: "payment")
        let service = service
        let (payment, documents) = try context.withConnection { connection in
            let payment = try service.payment(id, by: principal, on: connection)
            let documents = try payment.allocations.map { try service.document($0.documentID, by: principal, on: connection) }
            return (payment, documents)
        }
        let client = try SalesFormat.clientNames([payment.clientID], context: context)[payment.clientID] ?? ""
        let rows = zip(payment.allocations, documents).map { allocation, document -> HTML in
            """
            <tr><td><a href="/documents/\(String(document.id.rawValue))">\(context.say(.documentType(document.type.rawValue))) \(document.number)</a></td>
            <td>\(document.date.dotted)</td><td class="num">\(WebFormat.money(allocation.amount))</td></tr>
            """
        }
        let allocated: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.say(.nothingAllocated))</p>" : """
            <table id="allocations"><thead><tr><th>\(context.text(.document))</th><th>\(context.text(.date))</th><th class="num">\(context.say(.amount))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let reverse: HTML = principal.may(.recordPayments) && payment.status == .posted ? """
            <form method="post" action="/payments/\(String(id.rawValue))/reverse">\(context.csrfField)\(try context.idempotencyField())
            <label for="reason">\(context.text(.reason))</label>
            <input id="reason" name="reason" value="\(context.form["reason"] ?? "")" required\(errors.attributes(for: "reason"))>\(errors.message(for: "reason"))
            <div class="actions"><button type="submit">\(context.say(.reverse))</button></div></form>
            """ : ""
        let body: HTML = """
            <div class="heading"><h1>\(context.say(.payment)) \(payment.number)</h1>\(SalesFormat.badge(payment.status, context: context))</div>\(SalesFormat.general(errors))
            <dl class="facts"><div><dt>\(context.say(.client))</dt><dd><a href="/clients/\(String(payment.clientID.rawValue))">\(client)</a></dd></div>
            <div><dt>\(context.text(.date))</dt><dd>\(payment.date.dotted)</dd></div>
            <div><dt>\(context.say(.amount))</dt><dd class="num">\(WebFormat.money(payment.amount))</dd></div>
            <div><dt>\(context.say(.unallocated))</dt><dd class="num">\(WebFormat.money(payment.unallocated))</dd></div>
            <div><dt>\(context.say(.bankRef))</dt><dd>\(payment.bankRef ?? "—")</dd></div></dl>
            <h2>\(context.say(.allocation))</h2>\(allocated)\(reverse)
            """
        return context.render(title: context.say(.payment) + " " + payment.number, body, status: status)
    }

    private func reverse(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PaymentID.self, entity: "payment")
        let reason = context.form["reason"] ?? ""
        let service = service
        do {
            return try context.postOnce { tx in
                let payment = try service.reverse(id, reason: reason, by: principal, in: tx)
                return SalesFormat.banner("/payments/\(id.rawValue)", notice: "reversed", number: payment.number)
            }
        } catch {
            if case .notFound = error { throw error }
            return try show(context, errors: context.formErrors(for: error) { $0 == "reason" ? "reason" : nil }, status: error.httpStatus)
        }
    }
}
