// When an API token stops working. Tokens expire by default (a leaked or forgotten token does not
// work for ever); a token that never expires is a choice somebody makes explicitly and the audit
// log records it. The API (`expires_at`, `expires_in_days`, `"expires": "never"`) and the CLI
// (`--expires`, `--expires-days`, `--no-expiry`) name the same four choices.

import Foundation

/// How long a new token lives.
package enum TokenExpiry: Sendable, Equatable {
    /// `standardDays` from issue: what a token gets when nobody says otherwise.
    case standard
    /// This many whole days from issue (1…`maximumDays`).
    case inDays(Int)
    /// At this instant (in the future).
    case at(Date)
    /// Never: an explicit choice.
    case never

    /// The default lifetime of an issued token, in days.
    package static let standardDays = 90
    /// The longest lifetime one may ask for in days (ten years; beyond that, say `never`).
    package static let maximumDays = 3650

    /// The one choice among the ways a request can name it (API fields or CLI flags); none of them
    /// is `.standard`.
    /// - Throws: `ERPError.validationFailed` when more than one is given, `expires` is not
    ///   `"never"`, or the days are out of range.
    package init(expiresAt: Date?, expiresInDays: Int?, expires: String?) throws(ERPError) {
        var problems = FieldErrors()
        let given = [expiresAt != nil, expiresInDays != nil, expires != nil].filter { $0 }.count
        if given > 1 { problems.add("expires", "give one of expires_at, expires_in_days and expires") }
        if let expires, expires != "never" { problems.add("expires", "must be \"never\" (or leave it out for \(Self.standardDays) days)") }
        if let days = expiresInDays, !(1...Self.maximumDays).contains(days) {
            problems.add("expires_in_days", "must be between 1 and \(Self.maximumDays)")
        }
        try problems.throwIfAny()
        switch (expiresAt, expiresInDays, expires) {
        case (let date?, _, _): self = .at(date)
        case (_, let days?, _): self = .inDays(days)
        case (_, _, _?): self = .never
        default: self = .standard
        }
    }

    /// The instant a token issued at `now` expires (nil: never).
    /// - Throws: `ERPError.validationFailed` for an instant not after `now` or days out of range.
    package func date(issuedAt now: Date) throws(ERPError) -> Date? {
        switch self {
        case .standard:
            return now.addingTimeInterval(TimeInterval(Self.standardDays) * 86_400)
        case .inDays(let days):
            guard (1...Self.maximumDays).contains(days) else {
                throw .validationFailed(fields: ["expires_in_days": "must be between 1 and \(Self.maximumDays)"])
            }
            return now.addingTimeInterval(TimeInterval(days) * 86_400)
        case .at(let date):
            guard date > now else { throw .validationFailed(fields: ["expires_at": "must be in the future"]) }
            return date
        case .never:
            return nil
        }
    }
}
