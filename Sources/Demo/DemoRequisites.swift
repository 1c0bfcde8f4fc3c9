// Requisites for the demo's counterparties and goods, valid by construction: the body of each
// number is drawn at random and its check digits are found by asking the very validators the
// services use (Requisites, Barcodes), so the demo can never drift from the rules it must pass.

import Catalog
import ERPCore

/// A bank a demo party can hold an account at: a real BIC with its correspondent account.
struct DemoBank: Sendable {
    let bic: String
    let name: String
    let corrAccount: String
}

/// Generators of INNs, KPPs, OGRNs, bank accounts and EAN-13 barcodes with correct check digits.
enum DemoRequisites {
    /// Banks with their real BICs and correspondent accounts (Bank of Russia's directory).
    static let banks = [
        DemoBank(bic: "044525225", name: "ПАО Сбербанк", corrAccount: "30101810400000000225"),
        DemoBank(bic: "044525593", name: "АО «Альфа-Банк»", corrAccount: "30101810200000000593"),
        DemoBank(bic: "044525187", name: "Банк ВТБ (ПАО)", corrAccount: "30101810700000000187"),
        DemoBank(bic: "044525974", name: "АО «ТБанк»", corrAccount: "30101810145250000974"),
        DemoBank(bic: "044030653", name: "Северо-Западный банк ПАО Сбербанк", corrAccount: "30101810500000000653"),
    ]

    /// Tax regions the demo's parties come from: Moscow, Moscow region, St Petersburg, Leningrad region.
    static let regions = ["77", "50", "78", "47"]

    /// The first string `body + suffix` that `isValid` accepts, over every suffix of `digits` digits.
    private static func completed(_ body: String, digits: Int, _ isValid: (String) -> Bool) -> String {
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        for candidate in 0..<limit {
            var suffix = String(candidate)
            while suffix.count < digits { suffix = "0" + suffix }
            if isValid(body + suffix) { return body + suffix }
        }
        preconditionFailure("no check digits make \(body) valid")
    }

    /// A company's 10-digit INN registered in `region`.
    static func companyINN(region: String, using random: inout DemoRandom) -> String {
        completed(region + random.digits(7), digits: 1) { Requisites.innProblem($0, kind: .company) == nil }
    }

    /// A person's 12-digit INN registered in `region`.
    static func personINN(region: String, using random: inout DemoRandom) -> String {
        completed(region + random.digits(8), digits: 2) { Requisites.innProblem($0, kind: .person) == nil }
    }

    /// A company's KPP at its place of registration: the INN's tax office, reason 01, number 001.
    static func kpp(forINN inn: String) -> String {
        String(inn.prefix(4)) + "01001"
    }

    /// A company's 13-digit OGRN (sign 1, year, region) or an entrepreneur's 15-digit OGRNIP (sign 3).
    static func ogrn(kind: PartyKind, region: String, using random: inout DemoRandom) -> String {
        let year = String(random.int(in: 3...22) + 100).suffix(2)
        switch kind {
        case .company:
            return completed("1" + year + region + random.digits(7), digits: 1) { Requisites.ogrnProblem($0, kind: .company) == nil }
        case .person:
            return completed("3" + year + region + random.digits(9), digits: 1) { Requisites.ogrnProblem($0, kind: .person) == nil }
        }
    }

    /// A settlement account at `bank` in roubles: 407 (companies) or 408 (entrepreneurs), the
    /// currency 810, the control key found for the bank's BIC, then 11 digits.
    static func account(at bank: DemoBank, kind: PartyKind, using random: inout DemoRandom) -> BankDetails {
        let prefix = kind == .company ? "40702810" : "40802810"
        let tail = random.digits(11)
        var account = ""
        for key in 0...9 where Requisites.accountProblem(prefix + String(key) + tail, bic: bank.bic) == nil {
            account = prefix + String(key) + tail
            break
        }
        precondition(!account.isEmpty, "some control key fits every account")
        return BankDetails(bic: bank.bic, account: account, name: bank.name, corrAccount: bank.corrAccount)
    }

    /// An EAN-13 with a Russian GS1 prefix (460–469), unique among `taken`.
    static func ean13(using random: inout DemoRandom, taken: inout Set<String>) -> String {
        while true {
            let body = "46" + random.digits(10)
            let code = body + String(Barcodes.checkDigit(of: body.utf8.map { Int($0) - 48 }))
            if taken.insert(code).inserted { return code }
        }
    }
}
