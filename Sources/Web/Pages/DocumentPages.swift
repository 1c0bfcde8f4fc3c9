// The accountant's closing documents: the list (type, status, client; paging; the total of the
// rows shown), one document with its print form (the Billing module's HTML under its own strict
// policy) and "Аннулировать" with a reason. Issuing happens from the order page.

import Billing
import ERPCore
import ERPServer
import HTTP1
import Parties
import Reports

/// `/documents…`.
struct DocumentPages: PageGroup {
    let time: TimeSource
    var service: BillingService { BillingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/documents", .sales(.documents), permission: .issueDocuments, order: 230)]
    }

    var pages: [Page] {
        [
            Page(.get, "/documents", access: .permission(.readDocuments), query: [
                QueryParameter("type", .enumeration(DocumentType.allCases.map(\.rawValue)), "Only this type"),
                QueryParameter("status", .enumeration(DocumentStatus.allCases.map(\.rawValue)), "Only this status"),
                .id("client", "Only this client's documents"),
                .text("preset", maxLength: 20, "A named period (empty: any date); custom takes from and to"),
                .text("from", maxLength: 10, "Dated on or after this day (2026-12-01)"),
                .text("to", maxLength: 10, "Dated on or before this day"),
                .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/documents/{id}", access: .permission(.readDocuments)) { context in try show(context) },
            Page(.get, "/documents/{id}/print", access: .permission(.readDocuments)) { context in try printForm(context) },
            Page(.post, "/documents/{id}/annul", access: .permission(.annulDocuments)) { context in try annul(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let type = context.query("type").flatMap(DocumentType.init(rawValue:))
        let status = context.query("status").flatMap(DocumentStatus.init(rawValue:))
        let client = context.query("client").flatMap(PartyID.init)
        var period = PeriodFields(preset: context.query("preset") ?? "", from: context.query("from") ?? "", to: context.query("to") ?? "")
        var days: [String: CalendarDate] = [:]
        for name in ["from", "to"] {
            guard let text = context.query(name), !text.isEmpty else { continue }
            if let day = CalendarDate(text) { days[name] = day } else { period.errors.fields[name] = context.say(.notADate) }
        }
        var filter = DocumentFilter(clientID: client, type: type, status: status, from: days["from"], to: days["to"], limit: 50,
                                    cursor: context.query("cursor"))
        let (service, time) = (service, time)
        let page = period.errors.isEmpty ? try context.withConnection { connection -> ERPCore.Page<IssuedDocument>? in
            if let preset = PeriodPreset(rawValue: period.preset),
               let named = ReportPeriod.preset(preset, today: try CompanyCalendar.day(of: time.now, on: connection)) {
                (filter.from, filter.to, period.from, period.to) = (named.from, named.to, named.from.description, named.to.description)
            }
            do { return try service.documents(filter, by: principal, on: connection) } catch ERPError.validationFailed(let fields) where fields["from"] != nil {
                period.errors.fields["from"] = context.say(.periodBackwards)
                return nil
            }
        } : nil
        let items = page?.items ?? []
        let names = try SalesFormat.clientNames(items.map(\.clientID), context: context)
        let rows = items.map { document -> HTML in
            """
            <tr><td><a href="/documents/\(String(document.id.rawValue))">\(context.say(.documentType(document.type.rawValue))) \(document.number)</a></td>
            <td>\(document.date.dotted)</td><td>\(names[document.clientID] ?? "")</td><td>\(SalesFormat.badge(document.status, context: context))</td>
            <td class="num">\(WebFormat.money(document.total))</td><td class="num">\(document.outstanding.map(WebFormat.money) ?? "")</td></tr>
            """
        }
        let shown = items.filter { $0.status == .issued }
        let total = (try? Money.sum(shown.map(\.total))).map(WebFormat.money) ?? ""
        let outstanding = (try? Money.sum(shown.compactMap(\.outstanding))).map(WebFormat.money) ?? ""
        let table: HTML = page == nil ? "" : items.isEmpty ? "<p class=\"empty\">\(context.say(.emptyDocumentList))</p>" : """
            <table class="list"><thead><tr><th>\(context.text(.document))</th><th>\(context.text(.date))</th><th>\(context.say(.client))</th>
            <th>\(context.text(.status))</th><th class="num">\(context.text(.total))</th><th class="num">\(context.say(.due))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td colspan="4">\(context.say(.totalShown))</td><td class="num">\(total)</td>
            <td class="num">\(outstanding)</td></tr></tfoot></table>
            """
        let types = [("", context.say(.allTypes))] + DocumentType.allCases.map { ($0.rawValue, context.say(.documentType($0.rawValue))) }
        let statuses = [("", context.say(.allStatuses))] + DocumentStatus.allCases.map { ($0.rawValue, context.say(.documentStatus($0.rawValue))) }
        let clientField: HTML = client.map { "<input type=\"hidden\" name=\"client\" value=\"\(String($0.rawValue))\">" } ?? ""
        let body: HTML = """
            <h1>\(context.say(.documents))</h1>
            <form method="get" action="/documents" class="filters">\(clientField)
            <div><label for="type">\(context.text(.type))</label><select id="type" name="type">\(SalesFormat.options(types, selected: type?.rawValue ?? ""))</select></div>
            <div><label for="status">\(context.text(.status))</label><select id="status" name="status">\(SalesFormat.options(statuses, selected: status?.rawValue ?? ""))</select></div>
            \(period.html(anyPeriod: context.say(.allPeriods), context))
            <button type="submit">\(context.text(.find))</button></form>
            \(table)\(SalesFormat.nextLink(page?.nextCursor, path: "/documents", keeping: [
                ("type", type?.rawValue), ("status", status?.rawValue), ("client", client.map { String($0.rawValue) }),
                ("preset", period.preset.nonEmpty), ("from", period.from.nonEmpty), ("to", period.to.nonEmpty)], context: context))
            """
        return context.render(title: context.say(.documents), body, status: period.errors.isEmpty ? 200 : 422)
    }

    private func show(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: DocumentID.self, entity: "document")
        let service = service
        let document = try context.withConnection { try service.document(id, by: principal, on: $0) }
        let title = context.say(.documentType(document.type.rawValue)) + " " + document.number
        let annul: HTML = principal.may(.annulDocuments) && document.status == .issued ? """
            <form method="post" action="/documents/\(String(id.rawValue))/annul" class="annul">\(context.csrfField)\(try context.idempotencyField())
            <label for="reason">\(context.text(.reason))</label>
            <input id="reason" name="reason" value="\(context.form["reason"] ?? "")" required\(errors.attributes(for: "reason"))>\(errors.message(for: "reason"))
            <div class="actions"><button type="submit">\(context.say(.annul))</button></div></form>
            """ : ""
        let annulled: HTML = document.status == .annulled
            ? "<p class=\"muted\">\(context.say(.annulledBecause)) \(document.annulReason ?? "")</p>" : ""
        let body: HTML = """
            <div class="heading"><h1>\(title)</h1>\(SalesFormat.badge(document.status, context: context))</div>\(SalesFormat.general(errors))\(annulled)
            <dl class="facts"><div><dt>\(context.text(.date))</dt><dd>\(document.date.dotted)</dd></div>
            <div><dt>\(context.say(.client))</dt><dd><a href="/clients/\(String(document.clientID.rawValue))">\(document.content.buyer.name)</a></dd></div>
            <div><dt>\(context.say(.order))</dt><dd><a href="/orders/\(String(document.orderID.rawValue))">\(document.content.basis ?? context.say(.order))</a></dd></div>
            <div><dt>\(context.say(.totalWithVAT))</dt><dd class="num">\(WebFormat.money(document.total))</dd></div>
            <div><dt>\(context.say(.vat))</dt><dd class="num">\(WebFormat.money(document.content.totals.vat))</dd></div>
            \(document.outstanding.map { "<div><dt>\(context.say(.due))</dt><dd class=\"num\">\(WebFormat.money($0))</dd></div>" as HTML } ?? "")</dl>
            <div class="actions"><a class="button primary" href="/documents/\(String(id.rawValue))/print" target="_blank" rel="noopener">\(context.say(.printForm))</a>\
            \(document.type == .upd ? "<a class=\"button\" href=\"/documents/\(String(id.rawValue))/print?form=torg12\" target=\"_blank\" rel=\"noopener\">\(context.say(.printTORG12))</a>" as HTML : "")</div>
            \(annul)
            """
        return context.render(title: title, body, status: status)
    }

    private func printForm(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: DocumentID.self, entity: "document")
        let service = service
        var form = PrintForm.Form.standard
        if let text = context.query("form") {
            guard let named = PrintForm.Form(rawValue: text) else { throw ERPError.validationFailed(fields: ["form": "standard or torg12"]) }
            form = named
        }
        let html = try context.withConnection { try service.print(id, form: form, by: principal, on: $0) }
        var response = HTTPResponse.html(html, policy: .printForm, referrerPolicy: "same-origin")
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }

    private func annul(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: DocumentID.self, entity: "document")
        let reason = context.form["reason"] ?? ""
        let service = service
        do {
            return try context.postOnce { tx in
                let document = try service.annul(id, reason: reason, by: principal, in: tx)
                return SalesFormat.banner("/documents/\(id.rawValue)", notice: "annulled", number: document.number)
            }
        } catch {
            if case .notFound = error { throw error }
            return try show(context, errors: context.formErrors(for: error) { $0 == "reason" ? "reason" : nil }, status: error.httpStatus)
        }
    }
}
