// CSV uploads and downloads (product and party import and export): the body of an import must
// be `text/csv` in UTF-8, its `?dry_run=` a declared `true` or `false`, and an export answers
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

}

extension BodySchema {
    /// A CSV document with these columns (an import's body, an export's answer).
    package static func csv(_ name: String, _ columns: [String]) -> BodySchema {
        BodySchema(name, .object(["type": .string("string"), "description": .string("text/csv: " + columns.joined(separator: ","))]),
                   contentType: "text/csv")
    }
}

extension HTTPResponse {
    /// `200` with a CSV document (an export).
    package static func csv(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, contentType: "text/csv; charset=utf-8", body: Array(text.utf8))
    }
}

extension Route {
    /// `text/csv`, what exports and `?format=csv` answer.
    package static let csv = "text/csv"

    /// The largest CSV an import takes (issue #5: "up to 20 MiB").
    package static let csvImportLimit = 20 << 20

    /// `POST path`: a CSV import (`text/csv` up to 20 MiB, `?dry_run=true`) answered with the
    /// `ImportReport` of `run`, the service call; its refusals answer as usual (`422` listing the rows).
    package static func csvImport(
        _ path: String, summary: String, permission: Permission, request: BodySchema,
        run: @escaping @Sendable (_ text: String, _ dryRun: Bool, _ principal: Principal, _ connection: Connection) throws -> ImportReport
    ) -> Route {
        Route(.post, path, summary: summary, access: .permission(permission), bodyLimit: csvImportLimit, request: request,
              response: "ImportReport", query: [.dryRun]) { ctx in
            let principal = try ctx.requirePrincipal()
            let text = try ctx.csvBody()
            var query = QueryFilterReader(ctx)
            let dryRun = query.value("dry_run", as: Bool.self) ?? false
            try query.finish()
            return try .json(encoding: try ctx.withConnection { connection in try run(text, dryRun, principal, connection) })
        }
    }
}
