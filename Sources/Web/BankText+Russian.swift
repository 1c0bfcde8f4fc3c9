// The bank pages in Russian: the words of an accountant who loads a client-bank statement into 1C.

extension BankText {
    /// The Russian text.
    var russian: String {
        switch self {
        case .bank: "Банк"
        case .uploadStatement: "Загрузить выписку"
        case .statementFile: "Файл выписки"
        case .statementHint: "Выгрузка из клиент-банка в формате 1С (kl_to_1c.txt), в любой кодировке."
        case .check: "Проверить"
        case .chooseFile: "Выберите файл выписки."
        case .preview: "Проверка выписки"
        case .previewAdvice: "Ещё ничего не записано. Проверьте строки и нажмите «Загрузить выписку»."
        case .apply: "Загрузить выписку"
        case .encoding: "Кодировка"
        case .lineCount(let count): "Строк: \(count)"
        case .outcome(let outcome):
            switch outcome {
            case "paid": "Оплата"
            case "queued": "В очередь"
            case "duplicate": "Уже загружена"
            case "outgoing": "Списание банка"
            default: "Пропущена"
            }
        case .counterparty: "Контрагент"
        case .matchedBy: "Как найден"
        case .why: "Почему"
        case .moneyIn: "Поступление"
        case .moneyOut: "Списание"
        case .queue: "Неразнесённые строки"
        case .emptyQueue: "Все строки выписок разнесены."
        case .resolve: "Разнести"
        case .supplier: "Поставщик"
        case .invoice: "Счёт"
        case .dismiss: "Не разносить"
        case .comment: "Комментарий"
        case .dismissed: "Отложенные строки"
        case .reopen: "Вернуть в очередь"
        case .dismissal(let reason):
            switch reason {
            case "bank_fee": "Комиссия банка"
            case "tax": "Налог"
            case "own_transfer": "Перевод между своими счетами"
            default: "Другое"
            }
        case .noticeImported: "Выписка загружена"
        case .noticeResolved: "Разнесена строка выписки"
        case .noticeDismissed: "Отложена строка выписки"
        case .noticeReopened: "Возвращена в очередь строка выписки"
        }
    }
}
