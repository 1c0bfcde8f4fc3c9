// A time as a person types it at the command line. `--due 2026-12-01` means midnight of that day
// where the company works (Moscow by default), not in UTC: a task due "on the 1st" must not show
// as due on the 30th at 21:00. An RFC 3339 time with its offset is taken as given; a day with a
// wall-clock time (`2026-12-01 14:30`) is read in the company's zone, and times are printed there.

import ERPCore
import Foundation

/// An instant as typed: exact, or a company-local day and time resolved once the zone is known.
enum WallTime: Equatable {
    /// `2026-12-01T11:30:00Z`: used as given.
    case instant(Date)
    /// `2026-12-01` or `2026-12-01 14:30` (`T` also separates): a wall-clock time in the company's zone.
    case local(CalendarDate, hour: Int, minute: Int)

    /// Parses the shapes above; nil for anything else.
    init?(_ text: String) {
        if let instant = RFC3339.date(from: text) {
            self = .instant(instant)
            return
        }
        let day = String(text.prefix(10))
        guard let date = CalendarDate(day) else { return nil }
        let rest = text.dropFirst(10)
        if rest.isEmpty {
            self = .local(date, hour: 0, minute: 0)
            return
        }
        let clock = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard rest.first == " " || rest.first == "T", clock.count == 2, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute) else {
            return nil
        }
        self = .local(date, hour: hour, minute: minute)
    }

    /// The instant this stands for where the company works in `zone` (nil: a wall-clock time the
    /// calendar cannot place).
    func instant(in zone: TimeZone) -> Date? {
        switch self {
        case .instant(let instant): return instant
        case .local(let day, let hour, let minute):
            return Self.calendar(zone).date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
        }
    }

    /// `2026-12-01 14:30`: `instant` on the company's wall clock in `zone`.
    static func text(of instant: Date, in zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return "\(parts.year ?? 0)-" + pad(parts.month ?? 0) + "-" + pad(parts.day ?? 0) + " " + pad(parts.hour ?? 0) + ":" + pad(parts.minute ?? 0)
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    private static func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
}
