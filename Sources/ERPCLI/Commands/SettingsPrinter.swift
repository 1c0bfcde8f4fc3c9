// The flags of `erp settings set` and how the company settings read in a terminal.

import ERPCore

enum SettingsPrinter {
    static let options: [OptionSpec] = [
        .value("kind", "KIND", summary: "company or person (an individual entrepreneur)"),
        .value("name", "NAME", summary: "The full name documents print, e.g. ООО «Ромашка»"),
        .value("inn", "INN", summary: "10 digits (company) or 12 (entrepreneur)"),
        .value("kpp", "KPP", summary: "Companies: 9 characters"),
        .value("ogrn", "OGRN", summary: "OGRN (13 digits) or OGRNIP (15)"),
        .value("address", "TEXT", summary: "Legal address"),
        .value("bic", "BIC", summary: "Bank BIC"),
        .value("account", "NUMBER", summary: "Settlement account (20 digits)"),
        .value("bank-name", "NAME", summary: "Bank name"),
        .value("corr-account", "NUMBER", summary: "Bank correspondent account"),
        .value("director", "NAME", summary: "Who signs as head"),
        .value("chief-accountant", "NAME", summary: "Who signs as chief accountant"),
        .value("phone", "PHONE", summary: "Phone"),
        .value("email", "EMAIL", summary: "E-mail"),
        .value("vat-payer", "yes|no", summary: "Whether we charge VAT"),
        .value("prices-include-vat", "yes|no", summary: "Whether catalog prices contain VAT"),
        .value("time-zone", "ZONE", summary: "The zone whose days date documents and reports, e.g. Europe/Moscow"),
    ]

    /// `settings` with every given flag applied.
    /// - Throws: `ERPError.validationFailed` for a yes/no or kind that does not parse.
    static func apply(_ arguments: ParsedArguments, to settings: CompanySettings) throws -> CompanySettings {
        var problems = FieldErrors()
        var result = settings
        let yesNo = { (text: String) -> Bool? in ["yes": true, "true": true, "no": false, "false": false][text.lowercased()] }
        if let kind = CommandSupport.parsed(arguments, "kind", "company or person", problems: &problems, PartyKind.init(rawValue:)) {
            result.kind = kind
        }
        if let vat = CommandSupport.parsed(arguments, "vat-payer", "yes or no", problems: &problems, yesNo) { result.vatPayer = vat }
        if let included = CommandSupport.parsed(arguments, "prices-include-vat", "yes or no", problems: &problems, yesNo) {
            result.pricesIncludeVAT = included
        }
        try problems.throwIfAny()
        result.name = arguments.value("name") ?? result.name
        result.inn = arguments.value("inn") ?? result.inn
        result.kpp = arguments.value("kpp") ?? result.kpp
        result.ogrn = arguments.value("ogrn") ?? result.ogrn
        result.address = arguments.value("address") ?? result.address
        result.director = arguments.value("director") ?? result.director
        result.chiefAccountant = arguments.value("chief-accountant") ?? result.chiefAccountant
        result.phone = arguments.value("phone") ?? result.phone
        result.email = arguments.value("email") ?? result.email
        result.timeZone = arguments.value("time-zone") ?? result.timeZone
        if ["bic", "account", "bank-name", "corr-account"].contains(where: { arguments.value($0) != nil }) {
            let bank = result.bank ?? BankDetails()
            result.bank = BankDetails(bic: arguments.value("bic") ?? bank.bic, account: arguments.value("account") ?? bank.account,
                                      name: arguments.value("bank-name") ?? bank.name,
                                      corrAccount: arguments.value("corr-account") ?? bank.corrAccount)
        }
        return result
    }

    static func render(_ settings: CompanySettings) -> String {
        let rows: [(String, String?)] = [
            ("name", settings.name), ("kind", settings.kind.rawValue), ("INN", settings.inn), ("KPP", settings.kpp),
            ("OGRN", settings.ogrn), ("address", settings.address), ("bank", settings.bank?.name), ("BIC", settings.bank?.bic),
            ("account", settings.bank?.account), ("corr. account", settings.bank?.corrAccount), ("director", settings.director),
            ("chief accountant", settings.chiefAccountant), ("phone", settings.phone), ("e-mail", settings.email),
            ("VAT payer", settings.vatPayer ? "yes" : "no"), ("prices include VAT", settings.pricesIncludeVAT ? "yes" : "no"),
            ("time zone", settings.timeZone),
            ("version", String(settings.version)),
        ]
        let width = rows.map(\.0.count).max()! + 2
        return rows.map { label, value in label.padding(toLength: width, withPad: " ", startingAt: 0) + (value ?? "—") }
            .joined(separator: "\n") + "\n"
    }
}
