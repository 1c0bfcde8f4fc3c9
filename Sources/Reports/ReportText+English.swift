// The reports' words in English.

import ERPCore

extension ReportText {
    /// The English text.
    package var english: String {
        switch self {
        case .total: "Total"
        case .groups(let count): "groups: \(count)"
        case .noManager: "no manager"
        case .noCategory: "no category"
        case .day(let day): Self.weekdays[Self.weekday(day)] + ", " + day.dotted
        case .week(let start): "week of " + start.dotted
        case .month(let month, let year, let short):
            (short ? Self.shortMonths : Self.months)[(month - 1 + 12) % 12] + (year.map { " \($0)" } ?? "")
        case .moveKind(let kind): kind.replacingOccurrences(of: "_", with: " ").capitalized
        case .writeOffReason(let reason): reason
        case .dealStage(let stage): stage.capitalized
        case .stageStep(let from, let to): ReportText.dealStage(from).english + " → " + ReportText.dealStage(to).english
        }
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                                 "November", "December"]
    private static let shortMonths = months.map { String($0.prefix(3)) }
}
