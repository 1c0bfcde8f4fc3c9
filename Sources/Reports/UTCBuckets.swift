// The UTC days and months the report totals are kept by (sql/0037_report_totals.sql): a period's
// whole buckets come from a total, the hours around them from finer rows.

import Foundation

/// A period's span cut at UTC day and month bounds.
struct UTCBuckets {
    /// The first and last midnight inside the span (`days.lower == days.upper` when none is whole).
    var days: (lower: Date, upper: Date)
    /// The first and last start of a month inside `days`.
    var months: (lower: Date, upper: Date)

    /// `start` ≤ days.lower ≤ months.lower ≤ months.upper ≤ days.upper ≤ `end`.
    init(_ start: Date, _ end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let day = { (date: Date) in calendar.startOfDay(for: date) }
        let month = { (date: Date) in calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date }
        let next = { (date: Date, unit: Calendar.Component, floor: Date) in
            floor == date ? date : calendar.date(byAdding: unit, value: 1, to: floor) ?? date
        }
        let firstDay = min(end, next(start, .day, day(start))), lastDay = max(firstDay, day(end))
        let firstMonth = min(lastDay, max(firstDay, next(start, .month, month(start))))
        days = (firstDay, lastDay)
        months = (firstMonth, max(firstMonth, min(lastDay, month(end))))
    }
}
