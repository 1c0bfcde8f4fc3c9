// The owner's pages in Russian: the words of MoySklad and 1C users (see the glossary).

import ERPCore
import Reports

extension OwnerText {
    /// The Russian text.
    var russian: String {
        switch self {
        case .dashboard: "Показатели"
        case .reports: "Отчёты"
        case .revenueReport: "Выручка и маржа"
        case .stockReport: "Остатки и их стоимость"
        case .writeOffsReport: "Списания"
        case .today: "Сегодня"
        case .thisMonth: "Этот месяц"
        case .yearToDate: "С начала года"
        case .againstBefore: "прошлый период"
        case .revenueByMonth: "Выручка и маржа по месяцам"
        case .stockByWarehouse: "Стоимость остатков по складам"
        case .topClients: "10 клиентов с наибольшей маржой за 30 дней"
        case .topProducts: "10 товаров с наибольшей маржой за 30 дней"
        case .receivablesAgeing: "Дебиторка по срокам"
        case .largestDebtors: "Крупнейшие должники"
        case .writeOffsThisMonth: "Списания за этот месяц"
        case .waitingShipment: "Подтверждённые заказы ждут отгрузки"
        case .lastThirtyDays: "за 30 дней"
        case .nothingYet: "Пока нет данных."
        case .allDebts: "Вся дебиторка"
        case .allOrders: "Все заказы"
        case .allLowStock: "Все остатки"
        case .revenue: "Выручка"
        case .cost: "Себестоимость"
        case .margin: "Маржа"
        case .marginPercent: "Маржа, %"
        case .previousRevenue: "Выручка, пред. период"
        case .previousMargin: "Маржа, пред. период"
        case .products: "Товаров"
        case .documents: "Документов"
        case .key: "Код"
        case .name: "Наименование"
        case .debt: "Долг"
        case .overdue: "Просрочено"
        case .period: "Период"
        case .from: "С"
        case .to: "По"
        case .groupBy: "Группировка"
        case .show: "Показать"
        case .downloadCSV: "Скачать CSV"
        case .downloadJSON: "Скачать JSON"
        case .preset(let name): Self.presets[name] ?? name
        case .grouping(let name): Self.groupings[name] ?? Self.moreGroupings[name] ?? name
        case .column(let name): Self.columns[name] ?? Self.moreColumns[name] ?? name
        case .auditLog: "Журнал изменений"
        case .who: "Кто"
        case .when: "Когда"
        case .channel: "Откуда"
        case .action: "Действие"
        case .entity: "Объект"
        case .change: "Было → стало"
        case .allUsers: "Все пользователи"
        case .allChannels: "Все каналы"
        case .channelName(let name): Self.channels[name] ?? name
        case .emptyAudit: "Записей не найдено. Измените фильтр."
        case .month(let month, let short): ReportText.month(month, year: nil, short: short).russian
        case .movementsReport: "Движение товаров"
        case .pipelineReport: "Воронка сделок"
        case .overdueTasksReport: "Просроченные задачи"
        case .allManagers: "Все менеджеры"
        case .allClients: "Все клиенты"
        case .moveKind(let kind): ReportText.moveKind(kind).russian
        case .oldReservations(let days): "Резервы старше \(days) дн."
        case .rowsShown(let from, let to, let all): "Строки \(Self.grouped(from))–\(Self.grouped(to)) из \(Self.grouped(all))"
        case .totalOfAllRows(let all): "Итого по всем \(Self.grouped(all)) строкам"
        case .earlierRows: "Предыдущие"
        case .laterRows: "Следующие"
        }
    }

    // The words of the movements, pipeline and tasks reports.
    /// `12 345` with the pages' group separator.
    private static func grouped(_ number: Int) -> String {
        RussianNumbers.spelled(String(number), groupSeparator: WebFormat.groupSeparator)
    }

    private static let moreGroupings = ["kind": "По видам движения", "stage": "По стадиям", "assignee": "По исполнителям"]
    private static let moreColumns = ["kind": "Вид движения", "moves": "Движений", "value_in": "Стоимость прихода",
                                      "value_out": "Стоимость расхода", "stage": "Стадия", "deals": "Сделок", "amount": "Сумма",
                                      "assignee": "Исполнитель", "open": "Открыто", "overdue": "Просрочено", "due_today": "На сегодня",
                                      "reached": "Дошли до стадии", "to_next_pct": "Перешли дальше, %", "won": "Выиграно",
                                      "lost": "Проиграно", "conversion_pct": "Выиграно из закрытых, %",
                                      "average_cycle_days": "Средний цикл, дней", "previous_margin_pct": "Маржа, пред. период, %",
                                      "returns": "Возвраты"]

    private static let presets = ["today": "Сегодня", "month": "Этот месяц", "last_month": "Прошлый месяц", "quarter": "Квартал",
                                  "year": "Год", "custom": "Произвольный"]
    private static let groupings = ["day": "По дням", "week": "По неделям", "month": "По месяцам", "client": "По клиентам",
                                    "product": "По товарам", "category": "По группам", "manager": "По менеджерам",
                                    "warehouse": "По складам", "reason": "По причинам", "storekeeper": "По кладовщикам"]
    private static let columns = ["key": "Код", "name": "Наименование", "revenue": "Выручка", "cost": "Себестоимость",
                                  "margin": "Маржа", "margin_pct": "Маржа, %", "previous_revenue": "Выручка, пред. период",
                                  "previous_margin": "Маржа, пред. период", "products": "Товаров", "on_hand": "В наличии",
                                  "reserved": "Резерв", "value": "Стоимость", "documents": "Документов", "qty": "Количество"]
    private static let channels = ["web": "Веб", "api": "API", "cli": "Командная строка", "import": "Импорт", "demo": "Демо",
                                   "system": "Система"]
}
