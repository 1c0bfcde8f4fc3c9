// The simulated clock the demo's history runs on. The services read "now" from a TimeSource, so
// each call is made with the clock's current instant (`time`); the clock walks the working days
// (Monday to Friday) of the history, from 09:00 Moscow time (06:00 UTC), moving forward a little
// with every action so that the day's documents are spread over the working hours.

import ERPCore
import Foundation

/// Working days and the time of day of the demo's history.
struct DemoClock: Sendable {
    /// Midnight (UTC) of every working day of the history, oldest first.
    let days: [Date]
    /// The day being acted out (an index into `days`).
    private(set) var dayIndex = 0
    /// The current instant.
    private(set) var now: Date
    /// The mean gap between two actions of a day, in seconds.
    private var gap = 60

    private static let opening = 6 * 3600
    /// Never past 23:59 Moscow time (20:59 UTC): a document must keep the company's calendar day
    /// (the demo company keeps the default zone, Europe/Moscow) it was made on, which is then also
    /// the UTC day `today` names.
    private static let latest = 21 * 3600 - 60

    /// The working days of the `months` calendar months that end with `lastDay` (inclusive).
    init(months: Int, endingOn lastDay: CalendarDate) {
        let calendar = DemoClock.calendar
        let end = calendar.date(from: DateComponents(year: lastDay.year, month: lastDay.month, day: lastDay.day)) ?? Date()
        let start = calendar.date(byAdding: DateComponents(month: -months, day: 1), to: end) ?? end
        var days: [Date] = []
        var day = start
        while day <= end {
            let weekday = calendar.component(.weekday, from: day)  // 1 = Sunday, 7 = Saturday
            if weekday != 1 && weekday != 7 { days.append(day) }
            day = calendar.date(byAdding: .day, value: 1, to: day) ?? end.addingTimeInterval(86_400)
        }
        self.days = days
        now = (days.first ?? end).addingTimeInterval(TimeInterval(DemoClock.opening))
    }

    /// The Gregorian calendar in UTC: documents take their dates from the UTC day.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// A time source stopped at the current instant, for the services.
    var time: TimeSource { .fixed(now) }

    /// The calendar day being acted out.
    var today: CalendarDate { CalendarDate(utcDayOf: now) }

    /// Whether today is the last working day of its month (stock counts are taken then).
    var isMonthEnd: Bool {
        dayIndex + 1 >= days.count || DemoClock.calendar.component(.month, from: days[dayIndex + 1])
            != DemoClock.calendar.component(.month, from: days[dayIndex])
    }

    /// Whether today is the first working day of a month other than the first of the history.
    var isMonthStart: Bool {
        dayIndex > 0 && DemoClock.calendar.component(.month, from: days[dayIndex - 1])
            != DemoClock.calendar.component(.month, from: days[dayIndex])
    }

    /// The weekday of today, 2 = Monday … 6 = Friday.
    var weekday: Int { DemoClock.calendar.component(.weekday, from: now) }

    /// The weekday of working day `index` (2 = Monday … 6 = Friday); past the history, Monday.
    func weekday(ofDay index: Int) -> Int {
        days.indices.contains(index) ? DemoClock.calendar.component(.weekday, from: days[index]) : 2
    }

    /// Opens working day `index`, expecting about `actions` actions in it.
    mutating func begin(day index: Int, actions: Int) {
        dayIndex = index
        now = days[index].addingTimeInterval(TimeInterval(DemoClock.opening))
        gap = max(2, 9 * 3600 / max(1, actions))
    }

    /// Moves the clock forward by a random part of the day's gap between actions.
    mutating func tick(_ random: inout DemoRandom) {
        let next = now.addingTimeInterval(TimeInterval(random.int(in: 1...(2 * gap))))
        now = min(next, days[dayIndex].addingTimeInterval(TimeInterval(DemoClock.latest)))
    }
}
