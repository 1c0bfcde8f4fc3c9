// The attributes that let `requisites.js` check an INN, KPP or OGRN as it is typed, with the
// messages in the page's words: the company settings and the new-client form use them. Only a
// convenience — the services check every requisite again when the form is saved.

import ERPCore

/// `data-check` and its messages for a requisite field.
enum RequisiteCheck {
    /// The attributes for a field of `check` (`inn`, `kpp` or `ogrn`), or nothing for another field.
    static func attributes(_ check: String, context: PageContext) -> HTML {
        guard ["inn", "kpp", "ogrn"].contains(check) else { return "" }
        let (company, person) = check == "ogrn" ? (13, 15) : (10, 12)
        let wrong = context.admin(check == "kpp" ? .kppFormat : .wrongCheckDigit)
        return """
             data-check="\(check)" data-wrong="\(wrong)" data-length-company="\(context.admin(.digits(company)))" \
            data-length-person="\(context.admin(.digits(person)))"
            """
    }
}
