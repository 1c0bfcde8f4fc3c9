// The ageing table the receivables and payables pages share: one row per counterparty (a link to
// its card), what is owed, the four age columns 0–30, 31–60, 61–90 and 90+ days, the overdue part
// highlighted, and a totals row. It only formats the rows the services' reports return.

import ERPCore

/// One row of an ageing table.
struct AgeingRow {
    /// The counterparty, usually a link to its card.
    var party: HTML
    /// What is owed in all.
    var balance: Money
    /// 0–30, 31–60, 61–90 and over 90 days.
    var ages: [Money]
    /// The part past its due date.
    var overdue: Money
}

/// Markup of an ageing report.
enum AgeingTable {
    /// The table, or the empty state `empty` when there are no rows.
    static func render(_ rows: [AgeingRow], total: AgeingRow, partyHeading: String, balanceHeading: String, overdueHeading: String,
                       empty: String) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        func cells(_ amounts: [Money]) -> HTML {
            HTML.joined(amounts.map { "<td class=\"num\">\($0.minorUnits == 0 ? "—" : WebFormat.money($0))</td>" })
        }
        let body = rows.map { row -> HTML in
            let overdue: HTML = row.overdue.minorUnits > 0 ? " class=\"num overdue\"" : " class=\"num\""
            return """
                <tr><td>\(row.party)</td>
                <td class="num">\(WebFormat.money(row.balance))</td>\(cells(row.ages))
                <td\(overdue)>\(WebFormat.money(row.overdue))</td></tr>
                """
        }
        return """
            <table class="list"><thead><tr><th>\(partyHeading)</th><th class="num">\(balanceHeading)</th><th class="num">0–30</th>
            <th class="num">31–60</th><th class="num">61–90</th><th class="num">90+</th><th class="num">\(overdueHeading)</th></tr></thead>
            <tbody>\(body)</tbody><tfoot><tr><td>\(total.party)</td><td class="num">\(WebFormat.money(total.balance))</td>
            \(cells(total.ages))<td class="num">\(WebFormat.money(total.overdue))</td></tr></tfoot></table>
            """
    }
}
