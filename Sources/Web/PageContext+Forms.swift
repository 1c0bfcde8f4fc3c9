// Form plumbing: a creating or posting form runs once per idempotency key (ERPCore's store, as
// for the API's `Idempotency-Key`), answers with a redirect to its result (POST-redirect-GET), and a
// refusal becomes messages next to the fields, in the person's words, with nothing changed.

import ERPCore
import ERPServer
import HTTP1
import Postgres

/// Messages for a form's fields, by the form's field names (`qty_2`, `supplier`).
package struct FormErrors: Sendable, Equatable {
    /// Field name → message.
    package var fields: [String: String] = [:]
    /// A message for the whole form (shown above it), when one applies.
    package var general: String?

    /// No errors.
    package init() {}

    /// Whether nothing is wrong.
    package var isEmpty: Bool { fields.isEmpty && general == nil }

    /// The message under field `name`, as markup (empty when the field is fine).
    package func message(for name: String) -> HTML {
        guard let text = fields[name] else { return "" }
        return "<p class=\"field-error\" id=\"\(name)-error\">\(text)</p>"
    }

    /// The line an API field path names, and the line's field: `lines[2].qty` → (2, "qty"),
    /// `lines[2]` → (2, ""); nil for a path outside the lines. Pages map it to their row's input.
    package static func line(of path: String) -> (index: Int, field: String)? {
        guard path.hasPrefix("lines["), let close = path.firstIndex(of: "]"),
              let index = Int(path[path.index(path.startIndex, offsetBy: 6)..<close]) else { return nil }
        return (index, String(path[path.index(after: close)...].drop { $0 == "." }))
    }

    /// `aria-invalid` and `aria-describedby` for field `name` when it has an error.
    package func attributes(for name: String) -> HTML {
        fields[name] == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name)-error\""
    }
}

extension PageContext {
    /// A new idempotency key for a creating form's hidden field (the same key is kept when the
    /// form is shown again after a refusal: the refusal stored nothing).
    /// - Throws: `ERPError.unavailable` if the CSPRNG fails.
    package func idempotencyField() throws(ERPError) -> HTML {
        var key = form[FormFields.idempotencyName] ?? ""
        if key.isEmpty { key = try Tokens.randomSecret() }
        return "<input type=\"hidden\" name=\"\(FormFields.idempotencyName)\" value=\"\(key)\">"
    }

    /// Runs a creating or posting form at most once per its idempotency key and redirects to the
    /// location `effect` returns; a repeat (double click, reload, retry) redirects there again
    /// without running anything.
    /// - Throws: what `effect` throws (the form then shows the errors; nothing was stored);
    ///   `ERPError.idempotencyKeyReused` for the same key with other fields.
    package func postOnce(_ effect: (Transaction) throws -> String) throws(ERPError) -> HTTPResponse {
        let principal = try principal()
        let key = form[FormFields.idempotencyName]
        let path = request.request.path
        let fingerprint = form.fingerprint
        let time = site.configuration.time
        let stored = try withConnection { connection in
            try Idempotency.run(key: key, principal: principal, method: "POST", path: path, requestBody: fingerprint,
                                time: time, on: connection) { tx in
                StoredOutcome(code: 303, body: Array(try effect(tx).utf8))
            }
        }
        return redirect(to: String(decoding: stored.body, as: UTF8.self))
    }

    /// A refusal as messages next to the form's fields: `field` maps an API field path
    /// (`lines[2].qty`) to the form's field name (`qty_2`); what maps to no field, and refusals
    /// that are not about fields, go above the form.
    package func formErrors(for error: ERPError, field: (String) -> String?) -> FormErrors {
        var errors = FormErrors()
        switch error {
        case .validationFailed(let fields):
            for (path, message) in fields.sorted(by: { $0.key < $1.key }) {
                let text = text(FieldMessages.message(for: message))
                if let name = field(path) { errors.fields[name] = text } else { errors.general = text }
            }
            if errors.general == nil { errors.general = text(.formHasErrors) }
        case .insufficientStock(let lines), .exceedsOrder(let lines):
            for line in lines {
                let short = Message.short(requested: WebFormat.number(line.requested), available: WebFormat.number(line.available))
                if let name = field("product:\(line.productID)") { errors.fields[name] = text(short) } else { errors.general = text(short) }
            }
            if errors.general == nil { errors.general = text(.formHasErrors) }
        case .forbidden: errors.general = text(.forbiddenAdvice)
        case .notFound: errors.general = text(.notFoundAdvice)
        case .unavailable, .internal: errors.general = text(.unavailableAdvice)
        case .badRequest, .payloadTooLarge, .idempotencyKeyReused, .invalidState, .versionConflict, .duplicate,
             .rateLimited, .unauthorized:
            errors.general = text(.refusedAdvice)
        }
        return errors
    }
}

/// The services' English field messages in the catalog's words.
enum FieldMessages {
    /// The catalog message closest to a service's message.
    static func message(for english: String) -> Message {
        if english.contains("check digit") { return .admin(.wrongCheckDigit) }
        if english.contains("control key") { return .admin(.wrongControlKey) }
        if english.contains("capital letters") { return .admin(.kppFormat) }
        if english.contains("starting with 04") { return .admin(.bicFormat) }
        if english.contains("e-mail") { return .admin(.notAnEmail) }
        if english.contains("letters, digits, '.'") { return .admin(.codeFormat) }
        if english.contains("must be 1–200 characters") { return .admin(.nameLength) }
        if english.hasPrefix("must be "), let count = Int(english.dropFirst(8).prefix { $0.isNumber }), english.contains("digits") {
            return .admin(.digits(count))
        }
        if english.contains("greater than zero") { return .mustBePositive }
        if english.contains("negative") { return .mustNotBeNegative }
        if english.contains("required") || english.contains("at least one") { return .required }
        if english.contains("at most") || english.contains("characters") { return .tooLong }
        if english.contains("not a number") || english.contains("decimal") || english.contains("digits after") { return .notANumber }
        return .invalidValue
    }
}
