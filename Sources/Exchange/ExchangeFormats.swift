// Dates and times as the Russian exchange formats write them: `ДД.ММ.ГГГГ` (the ФНС's XML and
// the bank files alike) and a time of day, `ЧЧ.ММ.СС` or `ЧЧ:ММ:СС`.

import ERPCore
import Foundation

extension CalendarDate {
    /// Reads `ДД.ММ.ГГГГ`; nil for anything else or an impossible date.
    init?(dotted text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
              let date = try? CalendarDate(year: year, month: month, day: day) else { return nil }
        self = date
    }
}

extension Date {
    /// A time of day given as seconds since midnight, with `separator`: `09.30.00`.
    static func clock(secondsOfDay seconds: Int, separator: String) -> String {
        [seconds / 3600, seconds / 60 % 60, seconds % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: separator)
    }
}
