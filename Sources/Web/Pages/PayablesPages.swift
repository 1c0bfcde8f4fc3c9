// What we owe suppliers (Кредиторка), aged like the receivables (`AgeingTable`), with its CSV, and
// the supplier's card: the header (INN, what we owe, overdue) and its orders, receipts (each with
// "Возврат поставщику"), returns, bills and payments — `PurchasingService.payables` and `.card`.

import ERPCore
import ERPServer
import HTTP1
import Parties
import Purchasing
import Warehouse

/// `/purchasing/payables`, `/purchasing/suppliers/{id}`.
struct PayablesPages: PageGroup {
    let time: TimeSource
    var service: PurchasingService { PurchasingService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/purchasing/payables", .purchase(.payables), permission: .readPayables, order: 340)]
    }

    var pages: [Page] {
        [
            Page(.get, "/purchasing/payables", access: .permission(.readPayables), query: [
                QueryParameter("format", .enumeration(["csv"]), "Download as CSV"),
            ]) { context in try report(context) },
            Page(.get, "/purchasing/suppliers/{id}", access: .permission(.readPurchasing)) { context in try card(context) },
        ]
    }

    private func report(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let report = try context.withConnection { try service.payables(by: principal, on: $0) }
        if context.query("format") == "csv" {
            let text = try context.withConnection { try service.csv(of: report, by: principal, on: $0) }
            return HTTPResponse.download(text, type: "text/csv; charset=utf-8", name: "payables-\(report.asOf).csv")
        }
        let rows = report.items.map { item in
            AgeingRow(party: "<a href=\"\(PurchaseFormat.supplierPath(item.supplierID))\">\(item.name)</a>", balance: item.owed,
                      ages: [item.days0To30, item.days31To60, item.days61To90, item.daysOver90], overdue: item.overdue)
        }
        func sum(_ amounts: [Money]) -> Money { (try? Money.sum(amounts)) ?? .zero() }
        let total = AgeingRow(party: "\(context.text(.total)) (\(report.items.count))", balance: report.total,
                              ages: [sum(report.items.map(\.days0To30)), sum(report.items.map(\.days31To60)),
                                     sum(report.items.map(\.days61To90)), sum(report.items.map(\.daysOver90))],
                              overdue: sum(report.items.map(\.overdue)))
        let table = AgeingTable.render(rows, total: total, partyHeading: context.text(.supplier), balanceHeading: context.purchase(.owed),
                                       overdueHeading: context.purchase(.overdue), empty: context.purchase(.emptyPayables))
        let body: HTML = """
            <h1>\(context.purchase(.payables))</h1><p class="muted">\(context.say(.asOf)) \(report.asOf.dotted) · \(context.say(.ageingDays))</p>\(table)
            <p class="downloads noprint"><a href="/purchasing/payables?format=csv" download>\(context.owner(.downloadCSV))</a></p>
            """
        return context.render(title: context.purchase(.payables), body)
    }

    private func card(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: PartyID.self, entity: "party")
        let service = service
        let card = try context.withConnection { try service.card(of: id, by: principal, on: $0) }
        func section(_ title: String, _ id: String, _ head: [String], _ rows: [HTML]) -> HTML {
            let content: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.purchase(.emptyCardList))</p>" : """
                <table class="list"><thead><tr>\(HTML.joined(head.map { "<th>\($0)</th>" }))</tr></thead><tbody>\(rows)</tbody></table>
                """
            return "<section id=\"\(id)\"><h2>\(title)</h2>\(content)</section>"
        }
        let orders = card.orders.map { order -> HTML in
            """
            <tr><td><a href="\(PurchaseFormat.orderPath(order.id))">\(order.number)</a></td><td>\(order.expectedDate?.dotted ?? "—")</td>
            <td>\(PurchaseFormat.badge(order.status, context: context))</td><td class="num">\(order.total.map(WebFormat.money) ?? "")</td></tr>
            """
        }
        let returnable = principal.may(.postStock)
        let receipts = card.receipts.map { receipt -> HTML in
            let back: HTML = returnable && receipt.status == .posted
                ? "<a href=\"/purchasing/receipts/\(String(receipt.id.rawValue))/return\">\(context.purchase(.supplierReturn))</a>" : ""
            return """
                <tr><td><a href="/stock/documents/\(String(receipt.id.rawValue))">\(receipt.number ?? "")</a></td>
                <td>\(receipt.postedAt.map(WebFormat.date) ?? "")</td><td class="num">\(receipt.totalCost.map(WebFormat.money) ?? "")</td><td>\(back)</td></tr>
                """
        }
        let returns = card.returns.map { sent -> HTML in
            "<tr><td>\(sent.number)</td><td>\(WebFormat.date(sent.createdAt))</td><td>\(context.purchase(.returnReason(sent.reason)))</td></tr>"
        }
        var sections = [
            section(context.purchase(.orders), "orders", [context.text(.number), context.purchase(.expectedDate), context.text(.status), context.text(.total)], orders),
            section(context.purchase(.receipts), "receipts", [context.text(.number), context.text(.date), context.text(.total), ""], receipts),
            section(context.purchase(.returns), "returns", [context.text(.number), context.text(.date), context.text(.reason)], returns),
        ]
        if let bills = card.bills, let payments = card.payments {
            sections.append(section(context.purchase(.bills), "bills", [context.text(.number), context.text(.date), context.purchase(.amount),
                                                                        context.purchase(.open)], bills.map { bill in
                """
                <tr><td>\(bill.number)</td><td>\(bill.date.dotted)</td><td class="num">\(WebFormat.money(bill.amount))</td>
                <td class="num">\(WebFormat.money(bill.open))</td></tr>
                """
            }))
            sections.append(section(context.purchase(.payments), "payments", [context.text(.number), context.text(.date), context.say(.amount),
                                                                              context.text(.status)], payments.map { payment in
                """
                <tr><td>\(payment.number)</td><td>\(payment.date.dotted)</td><td class="num">\(WebFormat.money(payment.amount))</td>
                <td>\(payment.status == "posted" ? context.purchase(.posted) : context.purchase(.reversed))</td></tr>
                """
            }))
        }
        let supplier = String(id.rawValue)
        var actions: [HTML] = []
        if principal.may(.editPurchasing) { actions.append("<a class=\"button primary\" href=\"/purchasing/orders/new?supplier=\(supplier)\">\(context.purchase(.newOrder))</a>") }
        if principal.may(.recordSupplierBills) { actions.append("<a class=\"button\" href=\"/purchasing/bills/new?supplier=\(supplier)\">\(context.purchase(.newBill))</a>") }
        if principal.may(.paySuppliers) { actions.append("<a class=\"button\" href=\"/purchasing/payments/new?supplier=\(supplier)\">\(context.purchase(.newPayment))</a>") }
        let owed: HTML = card.owed.map { owed in
            """
            <div><dt>\(context.purchase(.balance))</dt><dd class="num" id="supplier-owed">\(WebFormat.money(owed))</dd></div>
            <div><dt>\(context.purchase(.overdue))</dt><dd class="num">\(WebFormat.money(card.overdue ?? .zero()))</dd></div>
            """
        } ?? ""
        let body: HTML = """
            <div class="heading"><h1>\(card.party.name)</h1><span class="muted">\(context.purchase(.supplierCard))</span></div>
            <dl class="facts"><div><dt>\(context.say(.inn))</dt><dd>\(card.party.inn ?? "—")</dd></div>\(owed)</dl>
            <div class="actions noprint">\(HTML.joined(actions))</div>\(HTML.joined(sections))
            """
        return context.render(title: card.party.name, body)
    }
}
