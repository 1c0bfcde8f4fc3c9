// The manager's clients: the list (search by name or INN; mine by default), a new client with its
// requisites checked by `PartiesService` (each refusal under its field), and the client card
// (`CRMService.card`: contacts, orders, documents, payments, tasks, deals, timeline) with a form
// that logs a call, meeting or note. Another manager's client is the service's 404.

import CRM
import ERPCore
import ERPServer
import HTTP1
import Parties

/// `/clients…`.
struct ClientPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/clients", .sales(.clients), permission: .readCRM, order: 200)]
    }

    var pages: [Page] {
        [
            Page(.get, "/clients", access: .permission(.readCRM), query: [
                .text("q", maxLength: SearchText.maxLength, "Name or INN"),
                QueryParameter("scope", .enumeration(["mine", "all"]), "Mine (a manager's default) or every visible client"),
                .text("cursor", maxLength: 200, "The next page"),
            ]) { context in try list(context) },
            Page(.get, "/clients/new", access: .permission(.editParties)) { context in
                try form(context, errors: FormErrors())
            },
            Page(.post, "/clients/new", access: .permission(.editParties)) { context in try create(context) },
            Page(.get, "/clients/{id}", access: .permission(.readCRM)) { context in try card(context, errors: FormErrors()) },
            Page(.post, "/clients/{id}/activities", access: .permission(.editCRM)) { context in try logActivity(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let mine = (context.query("scope") ?? (principal.role == .manager ? "mine" : "all")) == "mine"
        let filter = PartyFilter(q: context.query("q"), isClient: true, ownerID: mine ? principal.userID : nil,
                                 limit: 50, cursor: context.query("cursor"))
        let page = try context.withConnection { try PartiesService(time: time).parties(matching: filter, by: principal, on: $0) }
        let rows = page.items.map { party -> HTML in
            """
            <tr><td><a href="/clients/\(String(party.id.rawValue))">\(party.name)</a></td><td>\(party.inn ?? "")</td>
            <td>\(party.phones.first.map(SalesFormat.phone) ?? "")</td></tr>
            """
        }
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.say(.emptyClients))</p>" : """
            <table class="list"><thead><tr><th>\(context.say(.name))</th><th>\(context.say(.inn))</th><th>\(context.say(.phone))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let scope = mine ? "mine" : "all"
        let body: HTML = """
            <div class="heading"><h1>\(context.say(.clients))</h1><a class="button primary" href="/clients/new">\(context.say(.newClient))</a></div>
            <form method="get" action="/clients" class="filters">
            <div><label for="q">\(context.text(.search))</label><input id="q" name="q" type="search" value="\(context.query("q") ?? "")" placeholder="\(context.say(.searchClients))"></div>
            <div><label for="scope">\(context.say(.manager))</label><select id="scope" name="scope">
            \(SalesFormat.options([("mine", context.say(.mine)), ("all", context.say(.allClients))], selected: scope))</select></div>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)\(SalesFormat.nextLink(page.nextCursor, path: "/clients", keeping: [("q", context.query("q")), ("scope", scope)], context: context))
            """
        return context.render(title: context.say(.clients), body)
    }

    private func form(_ context: PageContext, errors: FormErrors, status: Int = 200) throws -> HTTPResponse {
        let kind = context.form["kind"] ?? PartyKind.company.rawValue
        let fields: [(name: String, label: SalesText, extra: HTML)] = [
            ("name", .name, " required"), ("inn", .inn, " inputmode=\"numeric\" maxlength=\"12\""),
            ("kpp", .kpp, " inputmode=\"numeric\" maxlength=\"9\""), ("phone", .phone, " type=\"tel\""),
            ("email", .email, " type=\"email\""), ("address", .address, ""),
        ]
        let inputs = fields.map { field -> HTML in
            """
            <label for="\(field.name)">\(context.say(field.label))</label>
            <input id="\(field.name)" name="\(field.name)" value="\(context.form[field.name] ?? "")"\(errors.attributes(for: field.name))\(field.extra)\(RequisiteCheck.attributes(field.name, context: context))>
            \(errors.message(for: field.name))
            """
        }
        let kinds = [(PartyKind.company.rawValue, context.say(.company)), (PartyKind.person.rawValue, context.say(.person))]
        let body: HTML = """
            <h1>\(context.say(.newClient))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/clients/new" class="card-form">\(context.csrfField)\(try context.idempotencyField())
            <label for="kind">\(context.say(.kind))</label><select id="kind" name="kind">\(SalesFormat.options(kinds, selected: kind))</select>
            \(inputs)
            <div class="actions"><button type="submit" class="primary">\(context.text(.save))</button></div></form>
            """
        return context.render(title: context.say(.newClient), body, status: status)
    }

    private func create(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let command = NewParty(
            kind: PartyKind(rawValue: form["kind"] ?? "") ?? .company, name: form["name"] ?? "", isClient: true,
            inn: form["inn"], kpp: form["kpp"], address: form["address"], phones: form["phone"].map { [$0] },
            emails: form["email"].map { [$0] })
        let time = time
        do {
            return try context.postOnce { tx in
                let party = try PartiesService(time: time).create(command, by: principal, in: tx)
                return SalesFormat.banner("/clients/\(party.id.rawValue)", notice: "created", number: party.name)
            }
        } catch {
            let errors = context.formErrors(for: error) { path in
                switch path {
                case "phones[0]": "phone"
                case "emails[0]": "email"
                case "name", "inn", "kpp", "address": path
                default: nil
                }
            }
            return try self.form(context, errors: errors, status: error.httpStatus)
        }
    }

    private func card(_ context: PageContext, errors: FormErrors, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PartyID.self, entity: "party")
        let service = CRMService(time: time)
        let card = try context.withConnection { try service.card(of: id, timelineLimit: 30, by: principal, on: $0) }
        let body = try ClientCardView(card: card, context: context, errors: errors).body()
        return context.render(title: card.party.name, body, status: status)
    }

    private func logActivity(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PartyID.self, entity: "party")
        let type = ActivityType(rawValue: context.form["type"] ?? "") ?? .call
        let activity = NewActivity(type: type, partyID: id, text: context.form["text"] ?? "", outcome: context.form["outcome"])
        let service = CRMService(time: time)
        do {
            return try context.postOnce { tx in
                _ = try service.log(activity, by: principal, in: tx)
                return SalesFormat.banner("/clients/\(id.rawValue)", notice: "logged", number: "")
            }
        } catch {
            let errors = context.formErrors(for: error) { ["text", "outcome"].contains($0) ? $0 : nil }
            return try card(context, errors: errors, status: error.httpStatus)
        }
    }
}
