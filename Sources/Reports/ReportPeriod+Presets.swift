// The periods people pick with one click — this month, last month, this quarter, this year — as
// whole days in the company's calendar, ending today (or at the end of last month). The pages
// offer them; "custom" keeps the dates typed.

import ERPCore
import Foundation

/// A period picked by name.
package enum PeriodPreset: String, Sendable, CaseIterable {
    case today, month, lastMonth = "last_month", quarter, year, custom
}

extension ReportPeriod {
    /// The period `preset` names as of `today`; nil for `custom` (the typed dates decide).
    package static func preset(_ preset: PeriodPreset, today: CalendarDate) -> ReportPeriod? {
        switch preset {
        case .today: ReportPeriod(from: today, to: today)
        case .month: ReportPeriod(from: firstDay(today.year, today.month), to: today)
        case .lastMonth:
            today.month == 1 ? month(today.year - 1, 12) : month(today.year, today.month - 1)
        case .quarter: ReportPeriod(from: firstDay(today.year, (today.month - 1) / 3 * 3 + 1), to: today)
        case .year: ReportPeriod(from: firstDay(today.year, 1), to: today)
        case .custom: nil
        }
    }

    /// The period the API and the CLI were asked for: a named `preset`, else `from` and `to`
    /// defaulted as `init(from:to:today:)` does (so does `custom`).
    /// - Throws: `ERPError.validationFailed` when a named preset comes with dates.
    package static func asked(preset: PeriodPreset?, from: CalendarDate?, to: CalendarDate?,
                              today: CalendarDate) throws(ERPError) -> ReportPeriod {
        guard let preset, let period = Self.preset(preset, today: today) else { return ReportPeriod(from: from, to: to, today: today) }
        if from != nil || to != nil { throw .validationFailed(fields: ["preset": "takes no from or to (use preset=custom with dates)"]) }
        return period
    }

    /// The whole month `month` of `year`.
    package static func month(_ year: Int, _ month: Int) -> ReportPeriod {
        ReportPeriod(from: firstDay(year, month), to: lastDay(year, month))
    }

    /// The twelve months ending with the month of `today` (today included, nothing after it).
    package static func twelveMonths(endingOn today: CalendarDate) -> ReportPeriod {
        let index = today.year * 12 + today.month - 1 - 11
        return ReportPeriod(from: firstDay(index / 12, index % 12 + 1), to: today)
    }

    private static func firstDay(_ year: Int, _ month: Int) -> CalendarDate {
        // Years and months here come from a valid date, so the first of the month exists.
        (try? CalendarDate(year: year, month: month, day: 1)) ?? CalendarDate(utcDayOf: .distantPast)
    }

    private static func lastDay(_ year: Int, _ month: Int) -> CalendarDate {
        for day in stride(from: 31, through: 28, by: -1) {
            if let date = try? CalendarDate(year: year, month: month, day: day) { return date }
        }
        return firstDay(year, month)
    }
}
