import ERPCore
import HTTP1
import Postgres

extension RequestContext {
    /// Runs a creating (or posting) POST under the request's `Idempotency-Key` and answers `status`
    /// (`201` by default; `200` for an action on an existing document) with the JSON `create` encodes; a repeat replays the stored answer byte for byte (docs/architecture.md).
    ///
    /// `fingerprint` is what identifies "the same request": by default the body in canonical JSON
    /// (sorted keys, no spaces), so the same body with its keys in another order is a replay; a
    /// body with its secrets left out when those must never be stored, even hashed.
    /// - Throws: `ERPError` from the creation or the key (reused with another body → 422; given
    ///   twice → 400).
    package func createIdempotently(
        by principal: Principal, time: TimeSource, fingerprint: [UInt8]? = nil, status: Int = 201,
        _ create: (Transaction) throws -> [UInt8]
    ) throws(ERPError) -> HTTPResponse {
        guard request.headers.values(for: "Idempotency-Key").count <= 1 else {
            throw .badRequest(reason: "more than one Idempotency-Key header")
        }
        var body = fingerprint ?? []
        if fingerprint == nil, !request.body.isEmpty { body = Array(try parsedBody().description.utf8) }
        let stored = try withConnection { connection in
            try Idempotency.run(
                key: header("Idempotency-Key"), principal: principal, method: "POST", path: request.path,
                requestBody: body, time: time, on: connection
            ) { tx in
                StoredOutcome(code: status, body: try create(tx))
            }
        }
        // The kernel keeps the outcome opaque: its code is our HTTP status, its body our JSON.
        return HTTPResponse(status: stored.code, contentType: HTTPResponse.jsonContentType, body: stored.body)
    }
}
