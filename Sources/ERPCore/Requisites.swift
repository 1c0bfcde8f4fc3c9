// Russian company requisites: INN, KPP, OGRN/OGRNIP, BIC, settlement and correspondent accounts,
// with their check digits; plus e-mail syntax and phone normalisation. Pure functions: each
// returns why a value is unacceptable (a message for `details.fields`) or nil when it is fine.
//
// The checksums follow the Federal Tax Service's INN/OGRN rules and the Bank of Russia's
// account control key (Положение ЦБ РФ № 385-П, appendix: weights 7,1,3 over 23 digits).

/// Whether a counterparty is a legal entity or a natural person (including individual entrepreneurs).
package enum PartyKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// A legal entity: 10-digit INN, KPP, 13-digit OGRN.
    case company
    /// A natural person or an individual entrepreneur: 12-digit INN, 15-digit OGRNIP.
    case person
}

/// Checks of counterparty requisites; every function is pure and total.
package enum Requisites {
    /// The decimal digits of `text`, or nil when it has anything else or is not `count` long.
    static func digits(_ text: String, count: Int) -> [Int]? {
        let bytes = Array(text.utf8)
        guard bytes.count == count, bytes.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return bytes.map { Int($0) - 48 }
    }

    /// Σ digit × weight over the shortest of the two.
    static func weightedSum(_ digits: some Collection<Int>, _ weights: [Int]) -> Int {
        zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Why `inn` is not a valid INN for `kind` (10 digits for companies, 12 for persons), or nil.
    package static func innProblem(_ inn: String, kind: PartyKind) -> String? {
        switch kind {
        case .company:
            guard let d = digits(inn, count: 10) else { return "must be 10 digits for a company" }
            let check = weightedSum(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
            return check == d[9] ? nil : "has a wrong check digit"
        case .person:
            guard let d = digits(inn, count: 12) else { return "must be 12 digits for a person" }
            let first = weightedSum(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
            let second = weightedSum(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
            return first == d[10] && second == d[11] ? nil : "has a wrong check digit"
        }
    }

    /// Why `kpp` is not a KPP (`^\d{4}[\dA-Z]{2}\d{3}$`), or nil.
    package static func kppProblem(_ kpp: String) -> String? {
        let bytes = Array(kpp.utf8)
        let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
        let isUpper = { (byte: UInt8) in (65...90).contains(byte) }
        guard bytes.count == 9,
              bytes[0..<4].allSatisfy(isDigit),
              bytes[4..<6].allSatisfy({ isDigit($0) || isUpper($0) }),
              bytes[6..<9].allSatisfy(isDigit)
        else { return "must be 9 characters: 4 digits, 2 digits or capital letters, 3 digits" }
        return nil
    }

    /// Why `ogrn` is not an OGRN (13 digits, companies) or OGRNIP (15 digits, persons), or nil.
    package static func ogrnProblem(_ ogrn: String, kind: PartyKind) -> String? {
        let (count, modulus) = kind == .company ? (13, Int64(11)) : (15, Int64(13))
        guard let d = digits(ogrn, count: count) else {
            return kind == .company ? "must be 13 digits (OGRN) for a company" : "must be 15 digits (OGRNIP) for a person"
        }
        // Fits in Int64: at most 14 digits before the check digit.
        let body = d.dropLast().reduce(Int64(0)) { $0 * 10 + Int64($1) }
        return Int(body % modulus % 10) == d[count - 1] ? nil : "has a wrong check digit"
    }

    /// Why `bic` is not a Russian BIC (9 digits starting with 04), or nil.
    package static func bicProblem(_ bic: String) -> String? {
        guard digits(bic, count: 9) != nil, bic.hasPrefix("04") else { return "must be 9 digits starting with 04" }
        return nil
    }

    /// The control key over 23 digits: Σ digit × (7,1,3,7,1,3,…) ≡ 0 (mod 10).
    static func controlKeyHolds(_ digits: [Int]) -> Bool {
        let weights = (0..<digits.count).map { [7, 1, 3][$0 % 3] }
        return weightedSum(digits, weights) % 10 == 0
    }

    /// Why `account` is not a settlement account at the bank `bic` (20 digits whose control key,
    /// over the BIC's last 3 digits followed by the account, holds), or nil.
    /// A malformed `bic` is reported under its own field; then only the length is checked here.
    package static func accountProblem(_ account: String, bic: String?) -> String? {
        guard let a = digits(account, count: 20) else { return "must be 20 digits" }
        guard let bic, bicProblem(bic) == nil, let b = digits(bic, count: 9) else { return nil }
        return controlKeyHolds(Array(b[6..<9]) + a) ? nil : "does not match the bank's BIC (wrong control key)"
    }

    /// Why `account` is not the correspondent account of the bank `bic` (20 digits; the control
    /// key over "0", the BIC's 5th–6th digits and the account holds), or nil.
    package static func correspondentAccountProblem(_ account: String, bic: String?) -> String? {
        guard let a = digits(account, count: 20) else { return "must be 20 digits" }
        guard let bic, bicProblem(bic) == nil, let b = digits(bic, count: 9) else { return nil }
        return controlKeyHolds([0] + Array(b[4..<6]) + a) ? nil : "does not match the bank's BIC (wrong control key)"
    }

    /// Why `email` is not an e-mail address (one `@`, a non-empty local part, a dotted domain,
    /// no spaces, at most 254 characters), or nil.
    package static func emailProblem(_ email: String) -> String? {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty,
              !email.contains(where: { $0.isWhitespace || $0.isNewline }),
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..")
        else { return "'\(email)' is not an e-mail address" }
        return nil
    }

    /// The digits to look for in stored phones when a search text is a phone typed any way people
    /// type one (`+7 912 345-67-89`, `89123456789`, `912 345 67 89`, or a part of one), or nil when
    /// it is not phone-like (other characters, fewer than 5 digits). Stored phones are digits
    /// (`normalizedPhone`), with or without the country's 7, so a whole Russian number is looked
    /// for without its leading 7 or 8.
    package static func phoneSearchDigits(_ text: String) -> String? {
        guard let digits = phoneDigits(text), digits.count >= 5 else { return nil }
        return digits.count == 11 && (digits.hasPrefix("7") || digits.hasPrefix("8")) ? String(digits.dropFirst()) : digits
    }

    /// A phone number normalised to its digits (Russian `8XXXXXXXXXX` becomes `7XXXXXXXXXX`), or
    /// nil when it has characters other than digits, spaces, `+ - ( ) .` or not 10–15 digits.
    package static func normalizedPhone(_ phone: String) -> String? {
        guard var digits = phoneDigits(phone), (10...15).contains(digits.count) else { return nil }
        if digits.count == 11 && digits.hasPrefix("8") { digits = "7" + digits.dropFirst() }
        return digits
    }

    /// The digits of `text`, or nil when it has characters other than digits, spaces and `+ - ( ) .`.
    private static func phoneDigits(_ text: String) -> String? {
        var digits = ""
        for character in text.trimmingCharacters(in: .whitespaces) {
            if let ascii = character.asciiValue, (48...57).contains(ascii) {
                digits.append(character)
            } else if !" +-().".contains(character) {
                return nil
            }
        }
        return digits
    }
}
