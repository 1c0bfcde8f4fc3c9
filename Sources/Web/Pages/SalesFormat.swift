// Small pieces the manager's and the accountant's pages share: status badges, select options, the
// "next page" link, the redirect target with its success banner, the form-wide refusal. They only
// format; every rule stays in the services.

import Billing
import ERPCore
import Foundation
import Parties
import Sales

/// Shared markup of the sales pages.
enum SalesFormat {
    /// A stored phone (digits) as people read it: `+7 912 345-67-89`.
    static func phone(_ digits: String) -> String {
        guard digits.count == 11, digits.first == "7" else { return digits.isEmpty ? "" : "+" + digits }
        let d = Array(digits)
        return "+7 " + String(d[1...3]) + " " + String(d[4...6]) + "-" + String(d[7...8]) + "-" + String(d[9...10])
    }

    /// A date as people type it, `07.12.2026`, or as the API writes it, `2026-12-07`; nil otherwise.
    static func calendarDate(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: ".")
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else {
            return CalendarDate(text)
        }
        return try? CalendarDate(year: year, month: month, day: day)
    }

    /// `<option>`s for `(value, label)` pairs, `selected` marked.
    static func options(_ pairs: [(String, String)], selected: String?) -> HTML {
        HTML.joined(pairs.map { value, label in
            let mark: HTML = value == selected ? " selected" : ""
            return "<option value=\"\(value)\"\(mark)>\(label)</option>"
        })
    }

    /// The link to the next page of a list, keeping its filters; nothing on the last page.
    static func nextLink(_ cursor: String?, path: String, keeping filters: [(String, String?)], context: PageContext) -> HTML {
        guard let cursor else { return "" }
        return "<p class=\"paging\"><a href=\"\(url(path, filters + [("cursor", cursor)]))\">\(context.text(.nextPage)) →</a></p>"
    }

    /// `path?name=value…` with the present values percent-encoded.
    static func url(_ path: String, _ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        guard let query = components.percentEncodedQuery, !query.isEmpty else { return path }
        return path + "?" + query.replacingOccurrences(of: "+", with: "%2B")
    }

    /// Where a successful form goes: the result's page with its success banner.
    static func banner(_ path: String, notice: String, number: String) -> String {
        url(path, [("notice", notice), ("number", number.isEmpty ? nil : String(number.prefix(40)))])
    }

    /// The refusal above a form (nothing when the form is fine).
    static func general(_ errors: FormErrors) -> HTML {
        errors.general.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
    }

    /// The names of the clients `ids` names, for a list's column (one query; a client one may not
    /// see stays nameless).
    /// - Throws: `ERPError`.
    static func clientNames(_ ids: [PartyID], context: PageContext) throws -> [PartyID: String] {
        let principal = try context.principal()
        return try context.withConnection { connection in try PartiesService().names(of: ids, by: principal, on: connection) }
    }

    /// An order's status as a badge: the word and one colour per meaning.
    static func badge(_ status: OrderStatus, context: PageContext) -> HTML {
        let tone = switch status {
        case .draft: "open"
        case .confirmed, .partiallyShipped: "active"
        case .shipped: "posted"
        case .cancelled: "cancelled"
        }
        return badge(tone: tone, context.say(.orderStatus(status.rawValue)))
    }

    /// A closing document's status as a badge.
    static func badge(_ status: DocumentStatus, context: PageContext) -> HTML {
        badge(tone: status == .issued ? "posted" : "cancelled", context.say(.documentStatus(status.rawValue)))
    }

    /// A payment's status as a badge.
    static func badge(_ status: PaymentStatus, context: PageContext) -> HTML {
        badge(tone: status == .posted ? "posted" : "cancelled", context.say(.paymentStatus(status.rawValue)))
    }

    /// A word as a badge of `tone` (`open`, `active`, `posted`, `cancelled`): one colour per meaning.
    static func badge(tone: String, _ word: String) -> HTML {
        "<span class=\"badge \(tone)\">\(word)</span>"
    }
}
