// Requisites for the demo's counterparties and goods, valid by construction: the body of each
// number is drawn at random and its check digits are found by asking the very validators the
// services use (Requisites, Barcodes), so the demo can never drift from the rules it must pass.
//
// None of them can belong to a real company or bank: every INN, KPP and OGRN carries the tax
// region code 00, which no Russian region has (subjects are 01–95, 99 the interregional offices),
// with the demo's own region (77, 50, 78, 47) as the tax office number after it; the banks' BICs
// carry the territory code 00, which the Bank of Russia's directory never uses. Checksums are valid,
// so every validator accepts them.

import Catalog
import ERPCore

/// A bank a demo party can hold an account at: a fictitious BIC with its correspondent account.
struct DemoBank: Sendable {
    let bic: String
    let name: String
    let corrAccount: String
}

/// Generators of INNs, KPPs, OGRNs, bank accounts and EAN-13 barcodes with correct check digits.
enum DemoRequisites {
    /// Fictitious banks: BICs in the unused territory 00, correspondent accounts with valid keys.
    static let banks = [
        DemoBank(bic: "040000950", name: "АО «Демо-Банк»", corrAccount: "30101810400000000950"),
        DemoBank(bic: "040000951", name: "ПАО «Учебный банк»", corrAccount: "30101810700000000951"),
        DemoBank(bic: "040000952", name: "АО «Банк Примеров»", corrAccount: "30101810000000000952"),
    ]

    /// The tax region code no real taxpayer has; it opens every demo INN and follows the sign and
    /// year in every demo OGRN.
    static let fictitiousRegion = "00"

    /// Where the demo's parties are (Moscow, Moscow region, St Petersburg, Leningrad region): their
    /// addresses and phones, and the tax office number after the fictitious region.
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

    /// A company's 10-digit INN of tax office `00<region>`.
    static func companyINN(region: String, using random: inout DemoRandom) -> String {
        completed(fictitiousRegion + region + random.digits(5), digits: 1) { Requisites.innProblem($0, kind: .company) == nil }
    }

    /// A person's 12-digit INN of tax office `00<region>`.
    static func personINN(region: String, using random: inout DemoRandom) -> String {
        completed(fictitiousRegion + region + random.digits(6), digits: 2) { Requisites.innProblem($0, kind: .person) == nil }
    }

    /// A company's KPP at its place of registration: the INN's tax office, reason 01, number 001.
    static func kpp(forINN inn: String) -> String {
        String(inn.prefix(4)) + "01001"
    }

    /// A company's 13-digit OGRN (sign 1, year, region 00, office, record) or an entrepreneur's
    /// 15-digit OGRNIP (sign 3).
    static func ogrn(kind: PartyKind, region: String, using random: inout DemoRandom) -> String {
        let year = String(random.int(in: 3...22) + 100).suffix(2)
        switch kind {
        case .company:
            return completed("1" + year + fictitiousRegion + region + random.digits(5), digits: 1) { Requisites.ogrnProblem($0, kind: .company) == nil }
        case .person:
            return completed("3" + year + fictitiousRegion + region + random.digits(7), digits: 1) { Requisites.ogrnProblem($0, kind: .person) == nil }
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
