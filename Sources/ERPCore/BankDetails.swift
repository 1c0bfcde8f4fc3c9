// A bank account's requisites — BIC, settlement account, bank name, correspondent account — as
// every party and our own company have them, and their validation against the Bank of Russia's
// control key (Requisites).

import Foundation

/// A counterparty's bank: `{"bic", "account", "name", "corr_account"}` (docs/http.md).
package struct BankDetails: Codable, Sendable, Equatable {
    /// The bank's BIC, 9 digits starting with 04.
    package var bic: String?
    /// The party's settlement account at the bank, 20 digits.
    package var account: String?
    /// The bank's name.
    package var name: String?
    /// The bank's correspondent account, 20 digits.
    package var corrAccount: String?

    /// Bank details; every part optional.
    package init(bic: String? = nil, account: String? = nil, name: String? = nil, corrAccount: String? = nil) {
        self.bic = bic
        self.account = account
        self.name = name
        self.corrAccount = corrAccount
    }

    private enum CodingKeys: String, CodingKey { case bic, account, name, corrAccount }

    /// Encodes every part, absent ones as `null`.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bic, forKey: .bic)
        try container.encode(account, forKey: .account)
        try container.encode(name, forKey: .name)
        try container.encode(corrAccount, forKey: .corrAccount)
    }

    /// True when no part is set.
    package var isEmpty: Bool { bic == nil && account == nil && name == nil && corrAccount == nil }
}

extension BankDetails {
    /// The bank details normalised (nil when empty), their problems reported as `bank.…`.
    package static func validated(_ bank: BankDetails?, into problems: inout FieldErrors) -> BankDetails? {
        guard let bank else { return nil }
        let result = BankDetails(
            bic: trimmed(bank.bic), account: trimmed(bank.account), name: trimmed(bank.name),
            corrAccount: trimmed(bank.corrAccount))
        if let bic = result.bic, let problem = Requisites.bicProblem(bic) { problems.add("bank.bic", problem) }
        if let account = result.account {
            if result.bic == nil {
                problems.add("bank.bic", "is required with an account")
            }
            if let problem = Requisites.accountProblem(account, bic: result.bic) { problems.add("bank.account", problem) }
        }
        if let corr = result.corrAccount,
           let problem = Requisites.correspondentAccountProblem(corr, bic: result.bic) {
            problems.add("bank.corr_account", problem)
        }
        if let name = result.name, name.count > 300 { problems.add("bank.name", "must be at most 300 characters") }
        return result.isEmpty ? nil : result
    }

    private static func trimmed(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
