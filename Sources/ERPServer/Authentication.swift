// The API layer does not know how tokens work: ERPCore's access module does. The server is given
// an `Authenticator` and only extracts the bearer token (RFC 6750 §2.1) to hand it over.

import ERPCore
import HTTP1
import Postgres

/// Turns a bearer token into the acting user, using the request's database connection.
/// Throws `ERPError.unauthorized` for unknown, expired or revoked tokens.
package typealias Authenticator = @Sendable (_ bearerToken: String, _ connection: Connection) throws(ERPError) -> Principal

/// Reading `Authorization: Bearer <token>`.
package enum BearerToken {
    /// The token of the request's `Authorization` header, nil when there is none.
    ///
    /// RFC 6750 §2.1: `Bearer 1*SP b64token`, b64token = `1*( ALPHA / DIGIT / "-" / "." / "_" /
    /// "~" / "+" / "/" ) *"="`; the scheme is case-insensitive (RFC 9110 §11.1).
    /// - Throws: `ERPError.unauthorized` for a repeated header, another scheme or a malformed token.
    package static func parse(_ headers: HTTPHeaders) throws(ERPError) -> String? {
        let values = headers.values(for: "Authorization")
        guard let value = values.first else { return nil }
        guard values.count == 1 else { throw .unauthorized(reason: "more than one Authorization header") }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized(reason: "the Authorization header must be 'Bearer <token>'")
        }
        let token = parts[1].drop { $0 == " " }
        let body = token.utf8.reversed().drop { $0 == 61 }  // trailing '='
        guard !body.isEmpty, body.allSatisfy(isTokenByte) else {
            throw .unauthorized(reason: "the bearer token is malformed")
        }
        return String(token)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 45, 46, 95, 126, 43, 47: true  // - . _ ~ + /
        default: false
        }
    }
}
