// The Russian catalog: the words the shop already uses (MoySklad, 1C), see the glossary.

import Reports

extension Message {
    /// The Russian text.
    var russian: String {
        switch self {
        case .menu: "Меню"
        case .signOut: "Выйти"
        case .skipToContent: "К содержимому"
        case .toStart: "На главную"
        case .role(let role):
            switch role {
            case .owner: "Руководитель"
            case .manager: "Менеджер"
            case .storekeeper: "Кладовщик"
            case .accountant: "Бухгалтер"
            case .purchaser: "Закупщик"
            }
        case .signInTitle: "Вход"
        case .signInAdvice: "Войдите, чтобы продолжить."
        case .login: "Логин"
        case .password: "Пароль"
        case .signIn: "Войти"
        case .wrongLogin: "Неверный логин или пароль"
        case .tooManyAttempts: "Слишком много попыток. Подождите минуту и попробуйте снова."
        case .csrfTitle: "Форма устарела"
        case .csrfAdvice: "Форма отправлена без защитного ключа или со старым ключом. Откройте страницу заново и повторите."
        case .forbiddenTitle: "Нет доступа"
        case .forbiddenAdvice: "Вашей роли это действие недоступно."
        case .notFoundTitle: "Не найдено"
        case .notFoundAdvice: "Такой страницы или документа нет."
        case .unavailableTitle: "Сервис недоступен"
        case .unavailableAdvice: "Попробуйте ещё раз через минуту."
        case .refusedTitle: "Действие отклонено"
        case .refusedAdvice: "Документ изменился или действие сейчас невозможно. Откройте его заново."
        case .formHasErrors: "Исправьте отмеченные поля — ничего не сохранено."
        case .required: "Заполните поле"
        case .mustBePositive: "Должно быть больше нуля"
        case .mustNotBeNegative: "Не может быть отрицательным"
        case .notANumber: "Введите число, например 12,5"
        case .tooLong: "Слишком длинный текст"
        case .invalidValue: "Недопустимое значение"
        case .unknownCode: "Товар с таким штрихкодом или артикулом не найден"
        case .short(let requested, let available): "Не хватает: нужно \(requested), на складе доступно \(available)"
        case .noticePosted: "Проведён документ"
        case .noticeCancelled: "Отменён документ"
        case .noticeSaved: "Сохранён документ"
        case .stock: "Остатки"
        case .stockCard: "Карточка товара"
        case .receipt: "Приёмка"
        case .transfer: "Перемещение"
        case .writeOff: "Списание"
        case .stockCount: "Инвентаризация"
        case .stockDocuments: "Складские документы"
        case .toShip: "К отгрузке"
        case .warehouse: "Склад"
        case .allWarehouses: "Все склады"
        case .product: "Товар"
        case .sku: "Артикул"
        case .barcode: "Штрихкод"
        case .unit: "Ед. изм."
        case .onHand: "В наличии"
        case .reserved: "Резерв"
        case .available: "Доступно"
        case .averageCost: "Себестоимость"
        case .value: "Сумма"
        case .search: "Поиск"
        case .find: "Найти"
        case .scanner: "Штрихкод или артикул"
        case .scannerHint: "Отсканируйте или введите и нажмите Enter"
        case .quantity: "Количество"
        case .unitCost: "Цена закупки"
        case .supplier: "Поставщик"
        case .supplierRef: "Номер документа поставщика"
        case .note: "Комментарий"
        case .reason: "Причина"
        case .fromWarehouse: "Со склада"
        case .toWarehouse: "На склад"
        case .post: "Провести"
        case .cancel: "Отменить"
        case .print: "Печать"
        case .lines: "Строки"
        case .add: "Добавить"
        case .remove: "Убрать"
        case .total: "Итого"
        case .nothingFound: "Ничего не найдено. Измените поиск или выберите другой склад."
        case .nextPage: "Следующая страница"
        case .lowStock: "Мало"
        case .minStock: "Мин. остаток"
        case .number: "Номер"
        case .date: "Дата"
        case .status: "Статус"
        case .type: "Вид"
        case .moves: "Движения"
        case .balance: "Остаток"
        case .document: "Документ"
        case .emptyStock: "На складе пока ничего нет. Оформите приёмку."
        case .emptyDocuments: "Документов пока нет. Начните с приёмки."
        case .newReceipt: "Новая приёмка"
        case .newTransfer: "Новое перемещение"
        case .newWriteOff: "Новое списание"
        case .newCount: "Новая инвентаризация"
        case .counted: "Факт"
        case .book: "Учёт"
        case .difference: "Разница"
        case .fill: "Заполнить"
        case .save: "Сохранить"
        case .countOpened: "Инвентаризация открыта"
        case .noLines: "Добавьте хотя бы одну строку"
        case .noLinesYet: "Строк пока нет: отсканируйте товар или введите артикул."
        case .none: "—"
        case .postedBy: "Провёл"
        case .cancelledBanner: "Документ отменён: его движения сторнированы."
        case .readOnly: "Проведённый документ не редактируется; его можно только отменить."
        case .open: "Открыть"
        case .searchHint: "Название, артикул или штрихкод"
        case .order: "Заказ"
        case .client: "Клиент"
        case .address: "Адрес доставки"
        case .ordered: "Заказано"
        case .shipped: "Отгружено"
        case .toShipNow: "Отгрузить сейчас"
        case .pickingList: "Лист сборки"
        case .shipAll: "Отгрузить всё"
        case .shipTyped: "Отгрузить указанное"
        case .nothingToShip: "Подтверждённых заказов к отгрузке нет."
        case .noticeShipped: "Отгружено: отгрузка"
        case .orderStatus(let status):
            switch status {
            case "draft": "Черновик"
            case "confirmed": "Подтверждён (резерв)"
            case "partially_shipped": "Частично отгружен"
            case "shipped": "Отгружен"
            case "cancelled": "Отменён"
            default: status
            }
        case .sales(let text): text.russian
        case .owner(let text): text.russian
        case .bank(let text): text.russian
        case .purchase(let text): text.russian
        case .admin(let text): text.russian
        case .documentType(let type):
            switch type {
            case "receipt": "Приёмка"
            case "transfer": "Перемещение"
            case "write_off": "Списание"
            case "stock_count": "Инвентаризация"
            case "shipment": "Отгрузка"
            case "sales_return", "return": "Возврат покупателя"
            default: type
            }
        case .documentStatus(let status):
            switch status {
            case "open": "Открыт"
            case "posted": "Проведён"
            case "cancelled": "Отменён"
            default: status
            }
        case .writeOffReason(let reason): ReportText.writeOffReason(reason).russian
        }
    }
}
