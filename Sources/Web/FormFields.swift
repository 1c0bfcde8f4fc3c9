// A submitted form (`application/x-www-form-urlencoded`): the same `name=value` pairs as a query
// string, read by the API's query parser — or, for a form with a file, `multipart/form-data`
// (MultipartForm), whose text fields become the same pairs. Pages build the API's command structs
// from them.

import ERPCore
import Foundation
import ERPServer

/// The fields of a submitted form, in order, repeated names kept.
package struct FormFields: Sendable {
    /// The hidden field carrying the CSRF token.
    package static let csrfName = "csrf"
    /// The hidden field carrying the idempotency key of a creating form.
    package static let idempotencyName = "idempotency_key"

    /// The pairs as submitted.
    package let pairs: QueryParameters
    /// The files of a multipart form by field name (none for a URL-encoded one).
    package let files: [String: [UInt8]]

    /// No fields (a GET).
    package init() {
        pairs = QueryParameters()
        files = [:]
    }

    /// Parses a form body: multipart when `contentType` says so, else URL-encoded.
    /// - Throws: `ERPError.badRequest` for broken percent-encoding, non-UTF-8 text or a malformed multipart body.
    package init(body: [UInt8], contentType: String? = nil) throws(ERPError) {
        if let boundary = try MultipartForm.boundary(of: contentType) {
            let form = try MultipartForm(body: body, boundary: boundary)
            pairs = QueryParameters(pairs: form.fields)
            files = form.files
            return
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .badRequest(reason: "the form is not UTF-8")
        }
        pairs = try QueryParameters(parsing: text)
        files = [:]
    }

    /// The first value of `name`, spaces at the ends removed; nil when absent or blank.
    package subscript(_ name: String) -> String? {
        guard let value = pairs.first(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of `name`, in order (`product_id` of each line).
    package func all(_ name: String) -> [String] {
        pairs.pairs.filter { $0.name == name }.map(\.value)
    }

    /// The pairs that describe the request for idempotency: all but the CSRF token (which
    /// differs per session, not per request) and the key itself, in order.
    var fingerprint: [UInt8] {
        let kept = pairs.pairs.filter { $0.name != Self.csrfName && $0.name != Self.idempotencyName }
        return Array(kept.map { "\($0.name)=\($0.value)" }.joined(separator: "\n").utf8)
    }
}
