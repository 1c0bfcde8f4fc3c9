// The reports' words in Russian: what MoySklad and 1C users read in their reports.

import ERPCore

extension ReportText {
    /// The Russian text.
    package var russian: String {
        switch self {
        case .total: "Итого"
        case .groups(let count): "групп: \(count)"
        case .noManager: "без менеджера"
        case .noCategory: "без группы"
        case .day(let day): Self.weekdays[Self.weekday(day)] + ", " + day.dotted
        case .week(let start): "неделя с " + start.dotted
        case .month(let month, let year, let short):
            (short ? Self.shortMonths : Self.months)[(month - 1 + 12) % 12] + (year.map { " \($0)" } ?? "")
        case .moveKind(let kind): Self.moveKinds[kind] ?? kind
        case .writeOffReason(let reason): Self.reasons[reason] ?? reason
        case .dealStage(let stage): Self.stages[stage] ?? stage
        case .stageStep(let from, let to): ReportText.dealStage(from).russian + " → " + ReportText.dealStage(to).russian
        }
    }

    private static let weekdays = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    private static let months = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
                                 "ноябрь", "декабрь"]
    private static let shortMonths = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
    private static let moveKinds = ["receipt": "Приёмка", "transfer_out": "Перемещение: расход", "transfer_in": "Перемещение: приход",
                                    "write_off": "Списание", "count_adjustment": "Инвентаризация", "shipment": "Отгрузка",
                                    "return": "Возврат покупателя", "supplier_return": "Возврат поставщику"]
    private static let reasons = ["damaged": "Порча", "expired": "Истёк срок годности", "lost": "Утеря", "shrinkage": "Недостача",
                                  "other": "Другое"]
    private static let stages = ["lead": "Новая", "qualified": "Квалификация", "proposal": "Предложение",
                                 "negotiation": "Переговоры", "won": "Выиграна", "lost": "Проиграна"]
}
