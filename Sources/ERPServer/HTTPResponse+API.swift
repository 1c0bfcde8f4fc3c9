// Responses in the API's conventions: JSON with `charset=utf-8`, and the error envelope of
// docs/http.md with the headers some statuses call for.

import ERPCore
import HTTP1

extension HTTPResponse {
    /// The API's `Content-Type: application/json; charset=utf-8`.
    package static let jsonContentType = "application/json; charset=utf-8"

    /// `value` encoded with `ERPJSON` (snake_case keys, sorted, RFC 3339 dates).
    /// - Throws: `EncodingError` (a bug in the value's encoding; answered as 500).
    package static func json(encoding value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        HTTPResponse(status: status, contentType: jsonContentType, body: try ERPJSON.encode(value))
    }

    /// A `JSONValue` document as compact JSON with sorted keys.
    package static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: jsonContentType, body: Array(value.description.utf8))
    }

    /// `204 No Content`.
    package static var noContent: HTTPResponse { HTTPResponse(status: 204) }

    /// The error envelope `{"error": {"code", "message", "details"}}` with the error's status,
    /// plus `WWW-Authenticate` for 401 (RFC 6750 §3) and `Retry-After` for 429 and 503 (a
    /// database outage, a statement cut off by its timeout, a busy server: all worth a retry).
    package static func error(_ error: ERPError) -> HTTPResponse {
        var response = json(error.envelope, status: error.httpStatus)
        switch error {
        case .unauthorized:
            response.headers.add(name: "WWW-Authenticate", value: "Bearer")
        case .rateLimited(let seconds):
            response.headers.add(name: "Retry-After", value: String(seconds))
        case .unavailable:
            response.headers.add(name: "Retry-After", value: "1")
        default:
            break
        }
        return response
    }

    /// An envelope for a status `ERPError` has no case of its own (405, 408, 413 without a known
    /// limit, 414, 501, 505): the closest code, the given message and details.
    package static func error(status: Int, code: ERPError.Code, message: String, details: [String: JSONValue] = [:]) -> HTTPResponse {
        json(.object(["error": .object([
            "code": .string(code.rawValue), "message": .string(message), "details": .object(details),
        ])]), status: status)
    }

    /// `405` for a known path with another method; `Allow` lists the methods (RFC 9110 §15.5.6).
    package static func methodNotAllowed(_ method: HTTPMethod, path: String, allowed: [HTTPMethod]) -> HTTPResponse {
        let names = allowed.map(\.rawValue)
        var response = error(
            status: 405, code: .badRequest,
            message: "The method \(method.rawValue) is not allowed on \(path); allowed: \(names.joined(separator: ", ")).",
            details: ["method": .string(method.rawValue), "allowed": .array(names.map { .string($0) })])
        response.headers.add(name: "Allow", value: names.joined(separator: ", "))
        return response
    }

    /// HTTP1's own error responses (framing, limits, timeouts, a full queue) in the envelope.
    /// `maxHeaderBytes` fills the 431 limit (HTTP1 does not say which route's body limit a 413
    /// hit); `requestID` is the reference of a 500.
    package static func framingError(status: Int, reason: String, maxHeaderBytes: Int, requestID: String) -> HTTPResponse {
        switch status {
        case 400:
            return error(.badRequest(reason: reason))
        case 413:
            return error(status: 413, code: .payloadTooLarge, message: "The request body is too large: \(reason).",
                         details: ["part": .string(ERPError.PayloadPart.body.rawValue)])
        case 414:
            return error(status: 414, code: .payloadTooLarge, message: "The request target is too long: \(reason).",
                         details: ["part": .string("target")])
        case 431:
            return error(.payloadTooLarge(part: .headers, limit: maxHeaderBytes))
        case 503:
            return error(.unavailable(reason: reason))
        case 500:
            return error(.internal(reference: requestID))
        default:  // 408, 501, 505
            return error(status: status, code: .badRequest, message: "The request was refused: \(reason).")
        }
    }
}
