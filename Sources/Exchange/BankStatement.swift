// A bank statement in 1C's `1CClientBankExchange` format (versions 1.01–1.03), the text file
// every Russian bank client exports: a header of `Key=Value` lines, one `СекцияРасчСчет` per
// account with its balances, then one `СекцияДокумент=<type>` … `КонецДокумента` per payment,
// ending with `КонецФайла`. Every key is kept, known or not, and every document type (banks add
// their own, like `Банковский ордер`); lines end in CRLF or LF. The encoding is decided by
// StatementEncoding before any of this runs.

import ERPCore

/// One `Key=Value` pair, in file order.
package struct BankField: Codable, Sendable, Equatable {
    package var key: String
    package var value: String
}

/// An account section: the account and its balances for the period, as the bank states them.
package struct BankAccountSection: Codable, Sendable, Equatable {
    package var account: String
    package var fields: [BankField]

    /// The value of `key`, or nil.
    package subscript(key: String) -> String? { fields.first { $0.key == key }?.value }
}

/// One payment document of a statement.
package struct BankDocument: Codable, Sendable, Equatable {
    /// `Платежное поручение`, `Банковский ордер`, … as the bank names it.
    package var type: String
    package var fields: [BankField]

    /// The value of `key` with surrounding spaces trimmed; nil when absent or empty.
    package subscript(key: String) -> String? {
        guard let value = fields.first(where: { $0.key == key })?.value.trimmingCharacters(in: .whitespaces),
              !value.isEmpty else { return nil }
        return value
    }

    package var number: String? { self["Номер"] }
    package var date: CalendarDate? { self["Дата"].flatMap(CalendarDate.init(dotted:)) }
    /// `Сумма`: `108159.12`, also written `108159`, `108159,12` or `108 159.12`.
    package var amount: Money? {
        self["Сумма"].flatMap { try? Money(parsing: $0.replacingOccurrences(of: ",", with: ".").filter { $0 != " " }) }
    }
    package var payerAccount: String? { self["ПлательщикСчет"] ?? self["ПлательщикРасчСчет"] }
    package var payeeAccount: String? { self["ПолучательСчет"] ?? self["ПолучательРасчСчет"] }
    package var payerINN: String? { self["ПлательщикИНН"] }
    package var payerKPP: String? { self["ПлательщикКПП"] }
    /// `Плательщик1`, or the older single `Плательщик` (which may carry "ИНН … " before the name).
    package var payerName: String? { self["Плательщик1"] ?? self["Плательщик"] }
    package var payeeINN: String? { self["ПолучательИНН"] }
    package var payeeKPP: String? { self["ПолучательКПП"] }
    package var payeeName: String? { self["Получатель1"] ?? self["Получатель"] }
    package var purpose: String? {
        let parts = fields.filter { $0.key == "НазначениеПлатежа" || $0.key.hasPrefix("НазначениеПлатежа") }.map(\.value)
        let text = parts.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}

/// A parsed statement.
package struct BankStatement: Codable, Sendable, Equatable {
    /// How the bytes were read: `windows-1251`, `cp866` or `utf-8`.
    package var encoding: String
    /// The header before the first section (`ВерсияФормата`, `Кодировка`, `РасчСчет`, …).
    package var header: [BankField]
    package var accounts: [BankAccountSection]
    package var documents: [BankDocument]

    /// Our accounts: the sections' and the header's `РасчСчет`.
    package var ourAccounts: [String] {
        var seen: [String] = []
        for account in accounts.map(\.account) + header.filter({ $0.key == "РасчСчет" }).map(\.value)
        where !account.isEmpty && !seen.contains(account) { seen.append(account) }
        return seen
    }
}

extension BankStatement {
    /// Parses a statement's text.
    /// - Throws: `ERPError.validationFailed` on `file`: not a `1CClientBankExchange` file, a
    ///   section left open or closed twice, a line that is not `Key=Value`, no `КонецФайла`.
    package static func parse(_ text: String, encoding: String) throws(ERPError) -> BankStatement {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard lines.first == "1CClientBankExchange" else { throw refuse("does not start with 1CClientBankExchange") }
        var statement = BankStatement(encoding: encoding, header: [], accounts: [], documents: [])
        var account: [BankField]?
        var document: BankDocument?
        var ended = false
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let place = "line \(index + 1)"
            guard !ended else { throw refuse("\(place): text after КонецФайла") }
            switch line {
            case "СекцияРасчСчет":
                guard account == nil, document == nil else { throw refuse("\(place): a section opens inside another") }
                account = []
            case "КонецРасчСчет":
                guard let fields = account else { throw refuse("\(place): КонецРасчСчет without СекцияРасчСчет") }
                statement.accounts.append(BankAccountSection(account: fields.first { $0.key == "РасчСчет" }?.value ?? "", fields: fields))
                account = nil
            case "КонецДокумента":
                guard let finished = document else { throw refuse("\(place): КонецДокумента without СекцияДокумент") }
                statement.documents.append(finished)
                document = nil
            case "КонецФайла":
                guard account == nil, document == nil else { throw refuse("\(place): the file ends inside a section") }
                ended = true
            default:
                guard let equals = line.firstIndex(of: "=") else { throw refuse("\(place) is not Key=Value: \(line.prefix(80))") }
                let field = BankField(key: String(line[..<equals]), value: String(line[line.index(after: equals)...]))
                if field.key == "СекцияДокумент" {
                    guard account == nil, document == nil else { throw refuse("\(place): a section opens inside another") }
                    document = BankDocument(type: field.value, fields: [])
                } else if account != nil {
                    account?.append(field)
                } else if document != nil {
                    document?.fields.append(field)
                } else {
                    statement.header.append(field)
                }
            }
        }
        guard ended else { throw refuse("has no КонецФайла: the file is incomplete") }
        return statement
    }

    private static func refuse(_ why: String) -> ERPError {
        .validationFailed(fields: ["file": "not a readable 1CClientBankExchange statement: " + why])
    }
}
