// The sales pages in Russian: the words of MoySklad and 1C users (see the glossary).

import Reports

extension SalesText {
    /// The Russian text.
    var russian: String {
        switch self {
        case .clients: "Клиенты"
        case .orders: "Заказы покупателей"
        case .tasks: "Мои задачи"
        case .documents: "Документы"
        case .payments: "Оплаты"
        case .receivables: "Дебиторка"
        case .deals: "Сделки"
        case .contacts: "Контактные лица"
        case .timeline: "История"
        case .emptyClients: "Клиентов не найдено. Измените поиск или создайте клиента."
        case .emptyOrders: "Заказов пока нет. Создайте заказ из карточки клиента."
        case .emptyDocuments: "Документов пока нет. Счёт выставляется из подтверждённого заказа."
        case .emptyDocumentList: "Документов не найдено. Измените фильтр или выставьте счёт из заказа."
        case .emptyPayments: "Оплат пока нет."
        case .emptyPaymentList: "Оплат пока нет. Внесите оплату по выписке банка."
        case .emptyTasks: "Открытых задач нет."
        case .emptyDeals: "Сделок нет."
        case .emptyContacts: "Контактных лиц нет."
        case .emptyTimeline: "Событий пока нет. Запишите звонок или встречу."
        case .emptyReceivables: "Клиенты ничего не должны."
        case .noTasksHere: "Здесь задач нет."
        case .searchClients: "Название или ИНН"
        case .mine: "Мои клиенты"
        case .allClients: "Все клиенты"
        case .allStatuses: "Все статусы"
        case .allTypes: "Все виды"
        case .allPeriods: "За всё время"
        case .notADate: "Введите дату, например 01.12.2026"
        case .periodBackwards: "Начало периода позже его конца"
        case .totalShown: "Итого на странице"
        case .newClient: "Новый клиент"
        case .kind: "Вид"
        case .company: "Организация"
        case .person: "Физлицо или ИП"
        case .name: "Наименование"
        case .inn: "ИНН"
        case .kpp: "КПП"
        case .phone: "Телефон"
        case .email: "Эл. почта"
        case .address: "Адрес"
        case .manager: "Менеджер"
        case .otherManager: "другой менеджер"
        case .debt: "Долг"
        case .overdue: "Просрочено"
        case .client: "Клиент"
        case .activityKind: "Что было"
        case .activityText: "Содержание"
        case .outcome: "Результат"
        case .logActivity: "Записать"
        case .activityType(let type):
            switch type {
            case "call": "Звонок"
            case "meeting": "Встреча"
            case "email": "Письмо"
            case "note": "Заметка"
            default: type
            }
        case .deal: "Сделка"
        case .dealStage(let stage): ReportText.dealStage(stage).russian
        case .task: "Задача"
        case .dueAt: "Срок"
        case .order: "Заказ покупателя"
        case .newOrder: "Новый заказ"
        case .searchProduct: "Найти товар: название, артикул или штрихкод"
        case .price: "Цена"
        case .saveDraft: "Сохранить черновик"
        case .addAProduct: "Добавьте хотя бы один товар"
        case .confirm: "Подтвердить"
        case .notConfirmed: "Заказ не подтверждён: товара не хватает. Ничего не зарезервировано."
        case .shipped: "Отгружено"
        case .returned: "Возвращено"
        case .vat: "В т. ч. НДС"
        case .totalWithVAT: "Итого с НДС"
        case .issueInvoice: "Выставить счёт"
        case .issueUPD: "Оформить УПД"
        case .paymentState: "Оплата"
        case .paid: "Оплачено"
        case .due: "К оплате"
        case .orderStatus(let status):
            switch status {
            case "draft": "Черновик"
            case "confirmed": "Подтверждён (резерв)"
            case "partially_shipped": "Частично отгружен"
            case "shipped": "Отгружен"
            case "cancelled": "Отменён"
            default: status
            }
        case .orderPayment(let status):
            switch status {
            case "unpaid": "Не оплачен"
            case "partially_paid": "Оплачен частично"
            case "paid": "Оплачен"
            default: status
            }
        case .short(let missing, let available): "Не хватает \(missing): на складе доступно \(available)"
        case .overdueTasks: "Просроченные"
        case .todayTasks: "На сегодня"
        case .upcomingTasks: "Предстоящие"
        case .markDone: "Выполнено"
        case .documentType(let type):
            switch type {
            case "invoice": "Счёт на оплату"
            case "upd": "УПД"
            case "act": "Акт"
            case "credit_note": "Корректировочный документ"
            case "ukd": "УКД"
            default: type
            }
        case .documentStatus(let status):
            switch status {
            case "issued": "Проведён"
            case "annulled": "Аннулирован"
            default: status
            }
        case .printForm: "Печать"
        case .printTORG12: "ТОРГ-12"
        case .annul: "Аннулировать"
        case .annulledBecause: "Аннулирован. Причина:"
        case .payment: "Оплата"
        case .recordPayment: "Внести оплату"
        case .amount: "Сумма"
        case .bankRef: "Номер платёжного поручения"
        case .allocation: "Зачесть в счёт"
        case .oldestFirst: "Сначала самые старые долги"
        case .unallocated: "Не зачтено"
        case .nothingAllocated: "Оплата ещё не зачтена ни в один документ."
        case .reverse: "Сторнировать"
        case .paymentStatus(let status):
            switch status {
            case "posted": "Проведена"
            case "reversed": "Сторнирована"
            default: status
            }
        case .dateExpected: "Введите дату, например 07.12.2026"
        case .asOf: "На"
        case .ageingDays: "долг по давности, дней"
        case .noticeCreated: "Создан:"
        case .noticeConfirmed: "Подтверждён заказ"
        case .noticeIssued: "Выставлен документ"
        case .noticeRecorded: "Проведена оплата"
        case .noticeAnnulled: "Аннулирован документ"
        case .noticeReversed: "Сторнирована оплата"
        case .noticeDone: "Выполнена задача:"
        case .noticeLogged: "Записано в историю клиента"
        }
    }
}
