// The terminal table of an ageing report — receivables (who owes us) and payables (whom we owe):
// one row per party with what is owed and its parts by age, and a footer that totals every column.

import ERPCore

/// Prints an ageing report as a table with totals.
enum AgeingTable {
    /// One party's line: its name, what is owed, and the parts aged 0–30, 31–60, 61–90 and over 90 days.
    struct Row {
        var name: String
        var owed: Money
        var byAge: [Money]
    }

    /// `"<title> as of <day>"`, then the table; `party` and `owed` head the first two columns,
    /// `parties` names the footer's count (`clients`).
    /// - Throws: `ValueError.overflow` if a column's total does not fit.
    static func render(_ title: String, asOf day: CalendarDate, party: String, owed: String, parties: String,
                       rows: [Row]) throws -> String {
        var table = TextTable([.init(party), .init(owed, .right), .init("0-30", .right), .init("31-60", .right),
                               .init("61-90", .right), .init("90+", .right)])
        for row in rows {
            table.append([row.name, row.owed.description] + row.byAge.map(\.description))
        }
        let totals = try (0..<4).map { age in try Money.sum(rows.map { $0.byAge[age] }) }
        table.footer = ["\(rows.count) \(parties)", try Money.sum(rows.map(\.owed)).description] + totals.map(\.description)
        return "\(title) as of \(day)\n" + table.render()
    }
}
