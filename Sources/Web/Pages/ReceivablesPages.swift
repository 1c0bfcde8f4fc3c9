// Receivables (Дебиторка): who owes what, aged 0–30, 31–60, 61–90 and over 90 days, from
// `BillingService.receivables` — the rows the API's report returns; each client opens its card.

import Billing
import ERPCore
import ERPServer
import HTTP1

/// `/receivables`.
struct ReceivablesPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/receivables", .sales(.receivables), permission: .readPayments, order: 250)]
    }

    var pages: [Page] {
        [
            Page(.get, "/receivables", access: .permission(.readPayments)) { context in try report(context) },
        ]
    }

    private func report(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = BillingService(time: time)
        let report = try context.withConnection { try service.receivables(by: principal, on: $0) }
        func cells(_ amounts: [Money]) -> HTML {
            HTML.joined(amounts.map { "<td class=\"num\">\($0.minorUnits == 0 ? "—" : WebFormat.money($0))</td>" })
        }
        let rows = report.items.map { item -> HTML in
            let overdue: HTML = item.overdue.minorUnits > 0 ? " class=\"num overdue\"" : " class=\"num\""
            return """
                <tr><td><a href="/clients/\(String(item.clientID.rawValue))">\(item.name)</a></td>
                <td class="num">\(WebFormat.money(item.balance))</td>\(cells([item.days0To30, item.days31To60, item.days61To90, item.daysOver90]))
                <td\(overdue)>\(WebFormat.money(item.overdue))</td></tr>
                """
        }
        let totals = report.totals
        let table: HTML = report.items.isEmpty ? "<p class=\"empty\">\(context.say(.emptyReceivables))</p>" : """
            <table class="list"><thead><tr><th>\(context.say(.client))</th><th class="num">\(context.say(.debt))</th><th class="num">0–30</th>
            <th class="num">31–60</th><th class="num">61–90</th><th class="num">90+</th><th class="num">\(context.say(.overdue))</th></tr></thead>
            <tbody>\(rows)</tbody><tfoot><tr><td>\(context.text(.total)) (\(totals.clients))</td><td class="num">\(WebFormat.money(totals.balance))</td>
            \(cells([totals.days0To30, totals.days31To60, totals.days61To90, totals.daysOver90]))<td class="num">\(WebFormat.money(totals.overdue))</td></tr></tfoot></table>
            """
        let body: HTML = """
            <h1>\(context.say(.receivables))</h1><p class="muted">\(context.say(.asOf)) \(report.asOf.dotted) · \(context.say(.ageingDays))</p>\(table)
            """
        return context.render(title: context.say(.receivables), body)
    }
}
