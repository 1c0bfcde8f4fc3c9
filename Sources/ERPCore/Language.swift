// The reader's language: Russian unless the `lang` cookie or the browser (`Accept-Language`) asks
// for English. One choice per request; every text then comes from the catalog in that language —
// the pages' and the reports' (their totals, periods and reasons on pages, in CSV, the API and
// `erp report --lang`), hence in the kernel.

import Foundation

/// A language of the message catalog.
package enum Language: String, Sendable, CaseIterable {
    case ru
    case en

    /// The `lang` cookie when it names a language, else the first language of `Accept-Language`
    /// we have (`en-GB,en;q=0.9` → `en`), else Russian. Quality values are ignored: browsers list
    /// languages in order of preference.
    package static func choose(cookie: String?, acceptLanguage: String?) -> Language {
        if let cookie, let chosen = Language(rawValue: cookie) { return chosen }
        for range in (acceptLanguage ?? "").split(separator: ",") {
            let tag = range.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let primary = tag.split(separator: "-").first.map { String($0).lowercased() } ?? ""
            if let language = Language(rawValue: primary) { return language }
        }
        return .ru
    }
}
