// CSV uploads and downloads (product and party import and export): the body of an import must
// be `text/csv` in UTF-8, its `?dry_run=` a plain `true` or `false`, and an export answers
// `text/csv` in UTF-8 — one reading of those rules for every module that imports.

import ERPCore
import Foundation
import HTTP1
import Postgres

extension RequestContext {
    /// The body of a CSV upload: `text/csv`, UTF-8 (a byte-order mark is allowed).
    /// - Throws: `ERPError.badRequest` for another content type or bytes that are not UTF-8.
    package func csvBody() throws(ERPError) -> String {
        let mediaType = (header("Content-Type") ?? "").split(separator: ";", maxSplits: 1).first ?? ""
        guard mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "text/csv" else {
            throw .badRequest(reason: "the body must be sent with Content-Type: text/csv")
        }
        guard let text = String(validating: request.body, as: UTF8.self) else {
            throw .badRequest(reason: "the CSV is not UTF-8 text")
        }
        return text
    }

    /// A `true`/`false` query parameter, nil when absent.
    /// - Throws: `ERPError.validationFailed` for any other value.
    package func flag(_ name: String) throws(ERPError) -> Bool? {
        guard let text = query(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .validationFailed(fields: [name: "'\(text)' is not true or false"])
        }
    }
}

extension HTTPResponse {
    /// `200` with a CSV document (an export).
    package static func csv(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, contentType: "text/csv; charset=utf-8", body: Array(text.utf8))
    }
}

extension Route {
    /// The largest CSV an import takes (issue #5: "up to 20 MiB").
    package static let csvImportLimit = 20 << 20

    /// `POST path`: a CSV import (`text/csv` up to 20 MiB, `?dry_run=true`) answered with the
    /// `ImportReport` of `run`, the service call; its refusals answer as usual (`422` listing the rows).
    package static func csvImport(
        _ path: String, summary: String, permission: Permission, request: String,
        run: @escaping @Sendable (_ text: String, _ dryRun: Bool, _ principal: Principal, _ connection: Connection) throws -> ImportReport
    ) -> Route {
        Route(.post, path, summary: summary, access: .permission(permission), bodyLimit: csvImportLimit, request: request,
              response: "ImportReport") { ctx in
            let principal = try ctx.requirePrincipal()
            let text = try ctx.csvBody()
            let dryRun = try ctx.flag("dry_run") ?? false
            return try .json(encoding: try ctx.withConnection { connection in try run(text, dryRun, principal, connection) })
        }
    }
}
