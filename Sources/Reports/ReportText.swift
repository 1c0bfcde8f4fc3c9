// The words a report writes into its own cells — the total row, a period's name, "no manager", a
// write-off reason — in the reader's language (Russian unless asked otherwise), so a Russian
// owner's CSV and `erp report` table read in Russian like the pages. Keys (`2026-12`, `damaged`)
// stay as they are: programs match on them; only the names beside them are words.

import ERPCore
import Foundation

/// A word of a report, in either language; both are exhaustive switches.
package enum ReportText: Sendable, Equatable {
    /// The first cell of the total row.
    case total
    /// How many groups the report has (the total row's second cell).
    case groups(Int)
    case noManager, noCategory
    /// A day: `пн, 07.12.2026`.
    case day(CalendarDate)
    /// The week starting on the Monday `start`: `неделя с 30.11.2026`.
    case week(CalendarDate)
    /// A month in words: `декабрь 2026`, or `дек` when `short`.
    case month(Int, year: Int?, short: Bool)
    /// A stock move's kind (`receipt`, `write_off`, …).
    case moveKind(String)
    /// A write-off's reason (`damaged`, …).
    case writeOffReason(String)
    /// A deal's stage (`lead`, …), and the step from one stage to the next (`lead → qualified`).
    case dealStage(String), stageStep(from: String, to: String)

    /// The text in `language`.
    package func text(in language: Language) -> String {
        switch language {
        case .ru: russian
        case .en: english
        }
    }

    /// A time grouping's key (`2026-12-07`, `2026-12`) in words; nil for another key.
    static func period(_ key: String, _ grouping: RevenueGrouping) -> ReportText? {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        switch grouping {
        case .day: return CalendarDate(key).map(ReportText.day)
        case .week: return CalendarDate(key).map(ReportText.week)
        case .month: return parts.count == 2 ? .month(parts[1], year: parts[0], short: false) : nil
        default: return nil
        }
    }

    /// Monday = 0 … Sunday = 6 (1 January 1970 was a Thursday).
    static func weekday(_ day: CalendarDate) -> Int {
        let days = Int((RFC3339.date(from: day.description + "T00:00:00Z")?.timeIntervalSince1970 ?? 0) / 86_400)
        return ((days + 3) % 7 + 7) % 7
    }
}
