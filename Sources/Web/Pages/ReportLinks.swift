// What the owner's pages share about reports: the address of a report filtered to a period and a
// grouping (every dashboard figure links to one), a report's cells as exact minor units by
// column name, and percentages and changes written the Russian way.

import ERPCore
import Reports

/// Addresses of the report pages and the small texts around their figures.
enum ReportLinks {
    /// `/reports/revenue` for `period` grouped by `grouping`.
    static func revenue(_ period: ReportPeriod, _ grouping: RevenueGrouping) -> String {
        "/reports/revenue?preset=custom&from=\(period.from)&to=\(period.to)&group_by=\(grouping.rawValue)"
    }

    /// `/reports/revenue` for a named period (`preset=month`), so the link stays "this month".
    static func revenue(preset: PeriodPreset, _ grouping: RevenueGrouping) -> String {
        "/reports/revenue?preset=\(preset.rawValue)&group_by=\(grouping.rawValue)"
    }

    /// `23,45 %`, or `—` when undefined.
    static func percent(_ cell: ReportCell) -> String {
        guard case .percent(let text?) = cell else { return "—" }
        return RussianNumbers.spelled(text, groupSeparator: WebFormat.groupSeparator) + "\u{00A0}%"
    }

    /// The change from `previous` to `current` in percent: `+12,5 %`, `−3,0 %`, `—` from nothing.
    static func change(_ current: Int64, from previous: Int64) -> String {
        let cell = ReportCell.percent(current - previous, of: previous)
        guard case .percent(let text?) = cell else { return "—" }
        return (text.hasPrefix("-") ? "" : "+") + percent(cell)
    }
}

extension Report {
    /// The minor units (kopecks, thousandths, a count) of `column` in `row`; 0 for text or a missing column.
    func minor(_ column: String, in row: [ReportCell]) -> Int64 {
        guard let index = columns.firstIndex(of: column), row.indices.contains(index) else { return 0 }
        switch row[index] {
        case .money(let money): return money.minorUnits
        case .integer(let value): return value
        case .quantity(let quantity): return quantity.thousandths
        case .text, .percent: return 0
        }
    }

    /// `minor(_:in:)` of the total row.
    func totalMinor(_ column: String) -> Int64 { minor(column, in: totals) }
}

extension PageContext {
    /// The date typed into filter field `name` (`2026-12-01`); nil when empty (a filter form sends
    /// its empty fields too).
    /// - Throws: `ERPError.validationFailed` for anything else.
    func day(_ name: String) throws(ERPError) -> CalendarDate? {
        guard let text = query(name), !text.isEmpty else { return nil }
        guard let day = CalendarDate(text) else { throw .validationFailed(fields: [name: "a date like 2026-12-01"]) }
        return day
    }
}
