// The client card as one page: the header (name, INN, manager, balance, overdue) and the sections
// a manager scrolls through — contacts, orders, documents, payments, tasks, deals, timeline — with
// the "log a call" form at the top of the timeline. Reads only what `CRMService.card` returned.

import Billing
import CRM
import ERPCore
import Parties
import Sales

/// Renders a `ClientCard`.
struct ClientCardView {
    let card: ClientCard
    let context: PageContext
    /// Refusals of the "log a call" form.
    let errors: FormErrors

    func body() throws -> HTML {
        let party = card.party
        let id = String(party.id.rawValue)
        let principal = try context.principal()
        let manager: String = party.ownerID == nil ? "—"
            : party.ownerID == principal.userID ? (context.session?.user.name ?? principal.login) : context.say(.otherManager)
        let overdue: HTML = card.overdue.minorUnits > 0 ? " class=\"num overdue\"" : " class=\"num\""
        let newOrder: HTML = principal.may(.sellOrders)
            ? "<a class=\"button primary\" href=\"/orders/new?client=\(id)\">\(context.say(.newOrder))</a>" : ""
        let payment: HTML = principal.may(.recordPayments)
            ? "<a class=\"button\" href=\"/payments/new?client=\(id)\">\(context.say(.recordPayment))</a>" : ""
        return """
            <div class="heading"><h1>\(party.name)</h1>\(payment)\(newOrder)</div>
            <dl class="facts"><div><dt>\(context.say(.inn))</dt><dd>\(party.inn ?? "—")\(party.kpp.map { " / " + $0 } ?? "")</dd></div>
            <div><dt>\(context.say(.manager))</dt><dd>\(manager)</dd></div>
            <div><dt>\(context.say(.debt))</dt><dd class="num">\(WebFormat.money(card.balance))</dd></div>
            <div><dt>\(context.say(.overdue))</dt><dd\(overdue)>\(WebFormat.money(card.overdue))</dd></div>
            <div><dt>\(context.say(.phone))</dt><dd>\(party.phones.map(SalesFormat.phone).joined(separator: ", "))</dd></div></dl>
            \(contacts())\(orders())\(documents())\(payments())\(tasks())\(deals())\(try timeline(id, principal: principal))
            """
    }

    private func section(_ title: SalesText, empty: SalesText, head: [HTML], rows: [HTML]) -> HTML {
        let heads = head.map { "<th>\($0)</th>" as HTML }
        let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.say(empty))</p>"
            : "<table class=\"list\"><thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>"
        return "<section><h2>\(context.say(title))</h2>\(table)</section>"
    }

    private func contacts() -> HTML {
        section(.contacts, empty: .emptyContacts, head: [HTML(text: context.say(.name)), HTML(text: context.say(.phone)), HTML(text: context.say(.email))],
                rows: card.contacts.map { contact in
                    "<tr><td>\(contact.name)\(contact.position.map { ", " + $0 } ?? "")</td><td>\(contact.phones.map(SalesFormat.phone).joined(separator: ", "))</td><td>\(contact.emails.joined(separator: ", "))</td></tr>"
                })
    }

    private func orders() -> HTML {
        var seen = Set<SalesOrderID>()
        let orders = (card.openOrders + card.recentOrders).filter { seen.insert($0.id).inserted }
        return section(.orders, empty: .emptyOrders, head: [HTML(text: context.text(.number)), HTML(text: context.text(.date)),
                                                          HTML(text: context.text(.status)), "<span class=\"num\">\(context.text(.total))</span>"],
                       rows: orders.map { order in
                           """
                           <tr><td><a href="/orders/\(String(order.id.rawValue))">\(order.number)</a></td><td>\(WebFormat.date(order.createdAt))</td>
                           <td>\(SalesFormat.badge(order.status, context: context))</td><td class="num">\(WebFormat.money(order.total))</td></tr>
                           """
                       })
    }

    private func documents() -> HTML {
        section(.documents, empty: .emptyDocuments, head: [HTML(text: context.text(.document)), HTML(text: context.text(.date)),
                                                         HTML(text: context.text(.status)), "<span class=\"num\">\(context.text(.total))</span>"],
                rows: card.documents.map { document in
                    """
                    <tr><td><a href="/documents/\(String(document.id.rawValue))">\(context.say(.documentType(document.type.rawValue))) \(document.number)</a></td>
                    <td>\(document.date.dotted)</td><td>\(SalesFormat.badge(document.status, context: context))</td>
                    <td class="num">\(WebFormat.money(document.total))</td></tr>
                    """
                })
    }

    private func payments() -> HTML {
        section(.payments, empty: .emptyPayments, head: [HTML(text: context.text(.number)), HTML(text: context.text(.date)),
                                                       HTML(text: context.text(.status)), "<span class=\"num\">\(context.say(.amount))</span>"],
                rows: card.payments.map { payment in
                    """
                    <tr><td><a href="/payments/\(String(payment.id.rawValue))">\(payment.number)</a></td><td>\(payment.date.dotted)</td>
                    <td>\(SalesFormat.badge(payment.status, context: context))</td><td class="num">\(WebFormat.money(payment.amount))</td></tr>
                    """
                })
    }

    private func tasks() -> HTML {
        section(.tasks, empty: .emptyTasks, head: [HTML(text: context.say(.task)), HTML(text: context.say(.dueAt))],
                rows: card.openTasks.map { task in "<tr><td>\(task.title)</td><td>\(WebFormat.dateTime(task.dueAt))</td></tr>" })
    }

    private func deals() -> HTML {
        section(.deals, empty: .emptyDeals, head: [HTML(text: context.say(.deal)), HTML(text: context.text(.status)),
                                                 "<span class=\"num\">\(context.say(.amount))</span>"],
                rows: card.deals.map { deal in
                    "<tr><td>\(deal.title)</td><td>\(context.say(.dealStage(deal.stage.rawValue)))</td><td class=\"num\">\(WebFormat.money(deal.amount))</td></tr>"
                })
    }

    private func timeline(_ id: String, principal: Principal) throws -> HTML {
        let events = card.timeline.map { event -> HTML in
            let amount: HTML = event.amount.map { " · " + HTML(text: WebFormat.money($0)) } ?? ""
            return "<li><time>\(WebFormat.dateTime(event.at))</time> <strong>\(event.title)</strong>\(event.detail.map { " — " + $0 } ?? "")\(amount)</li>"
        }
        let types: [(String, String)] = [ActivityType.call, .meeting, .note].map { ($0.rawValue, context.say(.activityType($0.rawValue))) }
        let form: HTML = principal.may(.editCRM) ? """
            <form method="post" action="/clients/\(id)/activities" class="log-form">\(context.csrfField)\(try context.idempotencyField())
            \(SalesFormat.general(errors))
            <label for="type">\(context.say(.activityKind))</label><select id="type" name="type">\(SalesFormat.options(types, selected: context.form["type"] ?? "call"))</select>
            <label for="text">\(context.say(.activityText))</label><textarea id="text" name="text" rows="2"\(errors.attributes(for: "text"))>\(context.form["text"] ?? "")</textarea>\(errors.message(for: "text"))
            <label for="outcome">\(context.say(.outcome))</label><input id="outcome" name="outcome" value="\(context.form["outcome"] ?? "")">
            <div class="actions"><button type="submit" class="primary">\(context.say(.logActivity))</button></div></form>
            """ : ""
        let list: HTML = events.isEmpty ? "<p class=\"empty\">\(context.say(.emptyTimeline))</p>" : "<ol class=\"timeline\">\(events)</ol>"
        return "<section><h2>\(context.say(.timeline))</h2>\(form)\(list)</section>"
    }
}
