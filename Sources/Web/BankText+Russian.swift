// The bank pages in Russian: the words of an accountant who loads a client-bank statement into 1C.

import Foundation

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
        case .noticeImported: "Загружена выписка, строк:"
        case .noticeResolved: "Разнесена строка выписки"
        case .noticeDismissed: "Отложена строка выписки"
        case .noticeReopened: "Возвращена в очередь строка выписки"
        case .explanation(let english): Self.russian(explaining: english)
        }
    }

    /// The matching service's English phrases in Russian; an unknown one is shown as it is.
    private static func russian(explaining english: String) -> String {
        let phrases = [
            ("several clients have INN", "несколько клиентов с ИНН"), ("several suppliers have INN", "несколько поставщиков с ИНН"),
            ("no client has INN", "нет клиента с ИНН"), ("no supplier has INN", "нет поставщика с ИНН"),
            ("the payer has no INN", "у плательщика нет ИНН"), ("the payee has no INN", "у получателя нет ИНН"),
            ("money out to a payee without an INN", "списание получателю без ИНН"),
            ("recording it needs the permission to pay suppliers", "разнести может тот, кому разрешено платить поставщикам"),
            ("imported before", "загружена раньше"), ("invoice number", "номер счёта"), ("inn+kpp", "ИНН и КПП"),
            ("amount", "сумма"), ("inn", "ИНН"), ("by hand", "вручную"),
        ]
        return phrases.reduce(english) { text, phrase in text.replacingOccurrences(of: phrase.0, with: phrase.1) }
    }
}
