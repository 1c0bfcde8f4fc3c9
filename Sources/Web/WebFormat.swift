// How the pages write money, quantities, dates and times: `1 234,50 ₽` (a narrow no-break space
// between thousands, so an amount never wraps), `12,5 кг`, `3 шт.`, `07.12.2026`, `14:05` in the
// company's time zone. One formatter for every page; English pages use the same figures.

import ERPCore
import Foundation

/// The pages' number, money and date formats.
package enum WebFormat {
    /// U+202F NARROW NO-BREAK SPACE between thousands.
    package static let groupSeparator = "\u{202F}"

    /// The calendar of the company's time zone for the page being written: `WebSite` binds one
    /// for each signed-in request (`calendar(in:)` of the settings' zone), so a page of a hundred
    /// dates builds it once; the default zone elsewhere (the sign-in page, tests).
    @TaskLocal package static var companyCalendar = calendar(in: TimeZone(identifier: CompanyCalendar.defaultTimeZone) ?? .gmt)

    /// The company's time zone for the page being written.
    package static var companyTimeZone: TimeZone { companyCalendar.timeZone }

    /// The Gregorian calendar of `zone`, as `companyCalendar` holds it.
    package static func calendar(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `1 234,50 ₽`: always the kopecks.
    package static func money(_ amount: Money) -> String {
        RussianNumbers.spelled(DecimalText.format(amount.minorUnits, scale: amount.currency.minorDigits),
                               groupSeparator: groupSeparator) + "\u{00A0}₽"
    }

    /// `12,5`, `1 000`, `0,333`: as many decimals as the quantity has, for inputs and cells.
    package static func number(_ quantity: Quantity) -> String {
        RussianNumbers.spelled(RussianNumbers.trimmed(quantity.description), groupSeparator: groupSeparator)
    }

    /// `1000,5`: as a person types it into a field (no grouping, which typed input refuses).
    package static func typed(_ quantity: Quantity) -> String {
        RussianNumbers.spelled(RussianNumbers.trimmed(quantity.description), groupSeparator: "")
    }

    /// `12,5 кг`, `3 шт.`: the quantity with its unit's short Russian name.
    package static func quantity(_ quantity: Quantity, unit: String) -> String {
        number(quantity) + "\u{00A0}" + unitName(unit)
    }

    /// The short name people write for a unit code (`pcs` → `шт.`); unknown codes as they are.
    package static func unitName(_ code: String) -> String {
        switch code {
        case "pcs": "шт."
        case "kg": "кг"
        case "g": "г"
        case "l": "л"
        case "m": "м"
        case "m2": "м²"
        case "set": "компл."
        case "pack": "уп."
        default: code
        }
    }

    /// `07.12.2026` in the company's time zone.
    package static func date(_ instant: Date) -> String {
        let parts = companyCalendar.dateComponents([.year, .month, .day], from: instant)
        return pad(parts.day ?? 0) + "." + pad(parts.month ?? 0) + "." + String(parts.year ?? 0)
    }

    /// `07.12.2026 14:05` in the company's time zone.
    package static func dateTime(_ instant: Date) -> String {
        let parts = companyCalendar.dateComponents([.hour, .minute], from: instant)
        return date(instant) + " " + pad(parts.hour ?? 0) + ":" + pad(parts.minute ?? 0)
    }

    private static func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
}
