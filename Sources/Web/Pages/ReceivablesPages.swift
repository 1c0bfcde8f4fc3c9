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
        let rows = report.items.map { item in
            AgeingRow(party: "<a href=\"/clients/\(String(item.clientID.rawValue))\">\(item.name)</a>", balance: item.balance,
                      ages: [item.days0To30, item.days31To60, item.days61To90, item.daysOver90], overdue: item.overdue)
        }
        let totals = report.totals
        let total = AgeingRow(party: "\(context.text(.total)) (\(totals.clients))", balance: totals.balance,
                              ages: [totals.days0To30, totals.days31To60, totals.days61To90, totals.daysOver90], overdue: totals.overdue)
        let table = AgeingTable.render(rows, total: total, partyHeading: context.say(.client), balanceHeading: context.say(.debt),
                                       overdueHeading: context.say(.overdue), empty: context.say(.emptyReceivables))
        let body: HTML = """
            <h1>\(context.say(.receivables))</h1><p class="muted">\(context.say(.asOf)) \(report.asOf.dotted) · \(context.say(.ageingDays))</p>\(table)
            """
        return context.render(title: context.say(.receivables), body)
    }
}
