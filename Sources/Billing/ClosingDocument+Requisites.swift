import ERPCore
// The requisites a closing document freezes at issue: the seller's (our company settings) and the
// buyer's (the client card). Later edits of either never change an issued document, so these are
// copies, not references. Billing keeps its own snapshot types instead of the Parties module's
// `BankDetails`: a frozen document must not change shape when the client card does.

/// A party's requisites as printed on a document: name, tax numbers, address, bank, signatories.
///
/// JSON keys: `name`, `inn`, `kpp`, `ogrn`, `address`, `bank`, `director`, `chief_accountant`;
/// absent values are left out.
package struct PartyRequisites: Codable, Sendable, Equatable {
    /// The full name, e.g. `ООО «Ромашка»` or `ИП Иванов Иван Иванович`.
    package let name: String
    /// Taxpayer number: 10 digits for a company, 12 for a person.
    package let inn: String?
    /// Tax registration reason code (companies only).
    package let kpp: String?
    /// State registration number: OGRN (13 digits) or OGRNIP (15).
    package let ogrn: String?
    /// The legal address.
    package let address: String?
    /// The settlement bank, when known.
    package let bank: BankRequisites?
    /// Who signs as the head of the organisation (the seller's director), if known.
    package let director: String?
    /// Who signs as chief accountant (the seller's), if known.
    package let chiefAccountant: String?

    /// PartyRequisites; everything but the name is optional.
    package init(
        name: String, inn: String? = nil, kpp: String? = nil, ogrn: String? = nil, address: String? = nil,
        bank: BankRequisites? = nil, director: String? = nil, chiefAccountant: String? = nil
    ) {
        self.name = name
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.bank = bank
        self.director = director
        self.chiefAccountant = chiefAccountant
    }

    /// `"7707083893/773601001"`: INN and KPP the way the UPD's lines 2б and 6б print them; just the
    /// INN for a person, and empty when neither is known.
    package var innAndKPP: String {
        [inn, kpp].compactMap { $0 }.joined(separator: "/")
    }
}

/// A bank account as printed at the top of an invoice for payment.
///
/// JSON keys: `bic`, `account`, `name`, `corr_account` — the shape of a party's `bank` in docs/http.md.
package struct BankRequisites: Codable, Sendable, Equatable {
    /// The bank's BIC, 9 digits.
    package let bic: String?
    /// The settlement account (расчётный счёт), 20 digits.
    package let account: String?
    /// The bank's name.
    package let name: String?
    /// The bank's correspondent account (корреспондентский счёт), 20 digits.
    package let corrAccount: String?

    /// Bank requisites; every part optional.
    package init(bic: String? = nil, account: String? = nil, name: String? = nil, corrAccount: String? = nil) {
        self.bic = bic
        self.account = account
        self.name = name
        self.corrAccount = corrAccount
    }
}

/// Another document a document refers to by number and date (a credit note's original UPD).
package struct DocumentReference: Codable, Sendable, Equatable {
    /// The referenced document's number, e.g. `УПД-2026-000123`.
    package let number: String
    /// The referenced document's date.
    package let date: CalendarDate

    /// A reference to document `number` of `date`.
    package init(number: String, date: CalendarDate) {
        self.number = number
        self.date = date
    }
}
