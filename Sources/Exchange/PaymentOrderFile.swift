// Our payment orders to suppliers as a `1CClientBankExchange` file (1C → bank direction), the
// file a bank client imports to create the orders for signing: windows-1251, CRLF, a header
// naming our account and the period, one `СекцияДокумент=Платежное поручение` per order.
// Suppliers' payments come with purchasing; until it lands the writer is fed by its callers'
// values (and the tests'), and a door will call it once supplier payments exist.

import ERPCore
import Foundation

/// One side of a payment order: who, with which account in which bank.
package struct PaymentOrderParty: Codable, Sendable, Equatable {
    package var name: String
    package var inn: String
    package var kpp: String?
    package var account: String
    package var bankName: String
    package var bic: String
    package var corrAccount: String?

    package init(name: String, inn: String, kpp: String? = nil, account: String, bankName: String, bic: String, corrAccount: String? = nil) {
        self.name = name
        self.inn = inn
        self.kpp = kpp
        self.account = account
        self.bankName = bankName
        self.bic = bic
        self.corrAccount = corrAccount
    }
}

/// A payment order (платёжное поручение) from our account.
package struct PaymentOrder: Codable, Sendable, Equatable {
    package var number: String
    package var date: CalendarDate
    package var amount: Money
    package var payer: PaymentOrderParty
    package var payee: PaymentOrderParty
    /// What for, with VAT stated as the bank requires: `Оплата по счёту № 15 от 01.12.2026, в т.ч. НДС 22% - 220.00`.
    package var purpose: String
    /// Очередность платежа: 5 for ordinary payments to suppliers.
    package var priority: Int = 5

    package init(number: String, date: CalendarDate, amount: Money, payer: PaymentOrderParty, payee: PaymentOrderParty, purpose: String,
                 priority: Int = 5) {
        self.number = number
        self.date = date
        self.amount = amount
        self.payer = payer
        self.payee = payee
        self.purpose = purpose
        self.priority = priority
    }
}

enum PaymentOrderFile {
    /// The file of `orders` from `account` for the period they span, created at `created` (the
    /// company's day and time of day, `CompanyCalendar.wallClock`).
    /// - Throws: `ERPError.validationFailed` for no orders, an order from another account, a
    ///   non-positive amount or text windows-1251 cannot carry (named by order and field).
    static func make(_ orders: [PaymentOrder], account: String,
                     created: (day: CalendarDate, secondsOfDay: Int)) throws(ERPError) -> [UInt8] {
        var problems = FieldErrors()
        if orders.isEmpty { problems.add("orders", "there is nothing to export") }
        for (index, order) in orders.enumerated() {
            if order.payer.account != account { problems.add("orders[\(index)].payer.account", "must be \(account)") }
            if order.amount.minorUnits <= 0 { problems.add("orders[\(index)].amount", "must be greater than zero") }
        }
        let dates = orders.map(\.date).sorted()
        var lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=erp", "Получатель=",
                     "ДатаСоздания=\(created.day.dotted)",
                     "ВремяСоздания=\(Date.clock(secondsOfDay: created.secondsOfDay, separator: ":"))",
                     "ДатаНачала=\((dates.first ?? created.day).dotted)", "ДатаКонца=\((dates.last ?? created.day).dotted)",
                     "РасчСчет=\(account)", "Документ=Платежное поручение"]
        for order in orders {
            lines += ["СекцияДокумент=Платежное поручение", "Номер=\(order.number)", "Дата=\(order.date.dotted)",
                      "Сумма=\(order.amount.description)"]
            lines += side("Плательщик", order.payer) + side("Получатель", order.payee)
            lines += ["ВидОплаты=01", "Очередность=\(order.priority)", "НазначениеПлатежа=\(order.purpose)", "КонецДокумента"]
        }
        lines.append("КонецФайла")
        // One field per line: a line end inside a value would start a new key.
        let text = lines.map { $0.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\r\n") + "\r\n"
        let bytes = CodePage.windows1251.encode(text)
        if bytes == nil {
            for (index, order) in orders.enumerated() {
                for (field, value) in [("purpose", order.purpose), ("payee.name", order.payee.name), ("payer.name", order.payer.name)]
                where CodePage.windows1251.encode(value) == nil {
                    problems.add("orders[\(index)].\(field)", "has characters a Windows-1251 bank file cannot carry")
                }
            }
        }
        guard problems.isEmpty, let bytes else { throw .validationFailed(fields: problems.fields) }
        return bytes
    }

    /// The payer's or payee's keys: account, name with INN (the single-field form older bank
    /// clients read), INN, KPP, name, bank.
    private static func side(_ prefix: String, _ party: PaymentOrderParty) -> [String] {
        ["\(prefix)Счет=\(party.account)", "\(prefix)=ИНН \(party.inn) \(party.name)", "\(prefix)ИНН=\(party.inn)",
         "\(prefix)КПП=\(party.kpp ?? "")", "\(prefix)1=\(party.name)", "\(prefix)РасчСчет=\(party.account)",
         "\(prefix)Банк1=\(party.bankName)", "\(prefix)БИК=\(party.bic)", "\(prefix)Корсчет=\(party.corrAccount ?? "")"]
    }
}
