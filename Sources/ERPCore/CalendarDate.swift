// A day on the calendar, without a time or a time zone: a document's date, a payment's date.
// The API writes dates as "2026-12-01" in JSON; the printed forms write "01.12.2026" or
// "1 декабря 2026 г.".

import Foundation

/// A calendar date (proleptic Gregorian, years 1–9999), e.g. a closing document's date.
///
/// JSON and text form is `"YYYY-MM-DD"`. Ordering is chronological. Named so as not to shadow
/// Foundation's `Date`, which is an instant, not a day.
package struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// The year, 1 through 9999.
    package let year: Int
    /// The month, 1 through 12.
    package let month: Int
    /// The day of the month, 1 through the month's length.
    package let day: Int

    /// A date from its parts.
    /// - Throws: `ValueError.outOfRange` for a year outside 1–9999, a month outside 1–12 or a day
    ///   the month does not have (February 30, or 29 in a common year).
    package init(year: Int, month: Int, day: Int) throws(ValueError) {
        let text = Self.format(year, month, day)
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw .outOfRange(text: text, range: "a date between 0001-01-01 and 9999-12-31")
        }
        // RFC3339's parser knows month lengths and leap years; one calendar in the code base.
        guard (1...31).contains(day), RFC3339.date(from: text + "T00:00:00Z") != nil else {
            throw .outOfRange(text: text, range: "a day the month has")
        }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `"2026-12-01"`: four digits, two, two, separated by `-`.
    /// - Throws: `ValueError.malformed` for any other shape, `.outOfRange` for impossible dates.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { throw .malformed(text: String(text), expected: "a date like 2026-12-01") }
        try self.init(year: year, month: month, day: day)
    }

    /// Parses like `init(parsing:)`; nil on any error.
    package init?(_ description: String) {
        guard let date = try? CalendarDate(parsing: description) else { return nil }
        self = date
    }

    /// The UTC day of an instant (the server keeps time in UTC: `TimeZone=UTC` on connections).
    package init(utcDayOf instant: Date) {
        // RFC3339 prints a valid UTC date; its first ten characters are exactly our text form.
        let text = RFC3339.string(from: instant).prefix(10)
        guard let date = CalendarDate(String(text)) else {
            preconditionFailure("RFC3339 printed an invalid date: \(text)")
        }
        self = date
    }

    /// `"2026-12-01"`.
    package var description: String { Self.format(year, month, day) }

    /// `"01.12.2026"`: how the forms write a date in a table cell or after "от".
    package var dotted: String { Self.pad(day, 2) + "." + Self.pad(month, 2) + "." + Self.pad(year, 4) }

    /// `"1 декабря 2026 г."`: how a form's title writes its date.
    package var russianLong: String { "\(day) \(Self.genitiveMonths[month - 1]) \(year) г." }

    /// Refuses a date a person gave for a document or a payment unless it lies between 1 January
    /// 2000 (where document numbering starts) and the end of the year after `today`: a typo such
    /// as 1311 or 2062 is named, not stored.
    package static func checkEntered(_ date: CalendarDate, field: String, today: CalendarDate, problems: inout FieldErrors) {
        guard date.year < 2000 || date.year > today.year + 1 else { return }
        problems.add(field, "must be between 2000-01-01 and \(today.year + 1)-12-31")
    }

    /// Chronological order.
    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static let genitiveMonths = [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ]

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension CalendarDate: DecimalTextCodable {
    /// JSON carries the `"YYYY-MM-DD"` text through the shared text coding (a JSON number is read
    /// as its digits and refused as malformed).
    package static func decoded(fromText text: String) throws(ValueError) -> CalendarDate {
        try CalendarDate(parsing: text)
    }
}

extension Calendar {
    /// Midnight UTC of the day `date` falls on (tasks due today, the overdue-tasks report).
    package static func utcDayStart(of date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.startOfDay(for: date)
    }
}
