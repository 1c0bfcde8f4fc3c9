// The one error type of the ERP. Every service throws it; the HTTP layer turns it into
// `{"error": {"code", "message", "details"}}` with `httpStatus`, the CLI exits with `exitCode`.
// The code, status and exit-code mappings are exhaustive switches with no `default:`, so a new
// case cannot ship unmapped.

/// Everything a use case can refuse or fail with, with the data its `details` need.
package enum ERPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Unparseable JSON or wrong JSON types; `reason` says what was wrong (never database text).
    case badRequest(reason: String)
    /// No token, a bad or expired token, or a wrong login/password.
    case unauthorized(reason: String)
    /// The acting user's role may not do this; `action` reads after "not allowed to".
    case forbidden(action: String)
    /// No such resource, or not visible to this user; `id` is the id, login or number asked for.
    case notFound(entity: String, id: String)
    /// Stock is short for these lines; nothing was reserved or moved.
    case insufficientStock(lines: [ShortLine])
    /// A receipt would bring in more than its supplier order still expects (each line's
    /// `available` is what remains); nothing was received.
    case exceedsOrder(lines: [ShortLine])
    /// A document is in a state that does not allow the action (shipping a draft order).
    case invalidState(entity: String, current: String, action: String)
    /// A `PATCH` carried a stale `version`; `current` is the record's version now.
    case versionConflict(current: Int64)
    /// A unique value is taken; `existingID` is the row holding it, when known.
    case duplicate(entity: String, field: String, existingID: Int64?)
    /// The request body or head is larger than `limit` bytes.
    case payloadTooLarge(part: PayloadPart, limit: Int)
    /// Well-formed but invalid values: field path (`lines[0].qty`) → message. Never empty.
    case validationFailed(fields: [String: String])
    /// The `Idempotency-Key` was used before with a different request body.
    case idempotencyKeyReused
    /// Too many attempts (login); retry after the given number of seconds.
    case rateLimited(retryAfterSeconds: Int)
    /// Overloaded or the database is down; the client may retry (with its idempotency key).
    case unavailable(reason: String)
    /// A bug or unexpected failure; details are logged under `reference` (the request id).
    case `internal`(reference: String)

    /// Which part of a request exceeded its size limit.
    package enum PayloadPart: String, Sendable, Equatable {
        /// The body: `413 Content Too Large`.
        case body
        /// The request head: `431 Request Header Fields Too Large`.
        case headers
    }

    /// The stable snake_case codes of the API; one per case.
    package enum Code: String, Sendable, Equatable, CaseIterable, Codable {
        /// 400, `ERPError.badRequest`.
        case badRequest = "bad_request"
        /// 401, `ERPError.unauthorized`.
        case unauthorized
        /// 403, `ERPError.forbidden`.
        case forbidden
        /// 404, `ERPError.notFound`.
        case notFound = "not_found"
        /// 409, `ERPError.insufficientStock`.
        case insufficientStock = "insufficient_stock"
        /// 409, `ERPError.exceedsOrder`.
        case exceedsOrder = "exceeds_order"
        /// 409, `ERPError.invalidState`.
        case invalidState = "invalid_state"
        /// 409, `ERPError.versionConflict`.
        case versionConflict = "version_conflict"
        /// 409, `ERPError.duplicate`.
        case duplicate
        /// 413 or 431, `ERPError.payloadTooLarge`.
        case payloadTooLarge = "payload_too_large"
        /// 422, `ERPError.validationFailed`.
        case validationFailed = "validation_failed"
        /// 422, `ERPError.idempotencyKeyReused`.
        case idempotencyKeyReused = "idempotency_key_reused"
        /// 429, `ERPError.rateLimited`.
        case rateLimited = "rate_limited"
        /// 503, `ERPError.unavailable`.
        case unavailable
        /// 500, `ERPError.internal`.
        case `internal`
    }

    /// The stable code clients switch on, e.g. `.insufficientStock` (`"insufficient_stock"`).
    package var code: Code {
        switch self {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .insufficientStock: .insufficientStock
        case .exceedsOrder: .exceedsOrder
        case .invalidState: .invalidState
        case .versionConflict: .versionConflict
        case .duplicate: .duplicate
        case .payloadTooLarge: .payloadTooLarge
        case .validationFailed: .validationFailed
        case .idempotencyKeyReused: .idempotencyKeyReused
        case .rateLimited: .rateLimited
        case .unavailable: .unavailable
        case .internal: .internal
        }
    }

    /// The HTTP status of the error response (docs/http.md).
    package var httpStatus: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .insufficientStock, .exceedsOrder, .invalidState, .versionConflict, .duplicate: 409
        case .payloadTooLarge(.body, _): 413
        case .payloadTooLarge(.headers, _): 431
        case .validationFailed, .idempotencyKeyReused: 422
        case .rateLimited: 429
        case .unavailable: 503
        case .internal: 500
        }
    }

    /// The `erp` exit code (docs/cli.md): 1 unexpected, 3 not found, 4 conflict, 5 forbidden,
    /// 6 validation failed, 7 database unavailable. (2, usage, is `UsageError`'s.)
    ///
    /// Decided: `bad_request` and `payload_too_large` are bad input → 6; `idempotency_key_reused`
    /// conflicts with an earlier request → 4; `rate_limited` is an expected refusal that clears
    /// with time, a conflict with the login policy rather than a failure → 4.
    package var exitCode: Int32 {
        switch self {
        case .internal: 1
        case .notFound: 3
        case .insufficientStock, .exceedsOrder, .invalidState, .versionConflict, .duplicate: 4
        case .idempotencyKeyReused, .rateLimited: 4
        case .unauthorized, .forbidden: 5
        case .validationFailed, .badRequest, .payloadTooLarge: 6
        case .unavailable: 7
        }
    }

    /// A human sentence for `error.message` and the CLI's stderr.
    package var message: String {
        switch self {
        case .badRequest(let reason):
            return "The request is malformed: \(reason)."
        case .unauthorized(let reason):
            return "Authentication failed: \(reason)."
        case .forbidden(let action):
            return "You are not allowed to \(action)."
        case .notFound(let entity, let id):
            return "\(Self.capitalized(entity)) \(id) was not found."
        case .insufficientStock(let lines):
            guard lines.count == 1, let line = lines.first else {
                return "Not enough stock for \(lines.count) lines; nothing was reserved."
            }
            return "Not enough stock of product \(line.productID)\(line.field.map { " (\($0))" } ?? ""): \(line.requested) requested, "
                + "\(line.available) available."
        case .exceedsOrder(let lines):
            guard lines.count == 1, let line = lines.first else {
                return "\(lines.count) lines exceed what the supplier order still expects; nothing was received."
            }
            return "Product \(line.productID): \(line.requested) received, but the supplier order expects only "
                + "\(line.available) more; nothing was received (allow_over_receipt accepts it)."
        case .invalidState(let entity, let current, let action):
            return "Cannot \(action) \(entity): it is \(current)."
        case .versionConflict(let current):
            return "The record was changed by someone else (now version \(current)); reload and retry."
        case .duplicate(let entity, let field, _):
            return "\(Self.capitalized(entity)) with this \(field) already exists."
        case .payloadTooLarge(let part, let limit):
            return "The request \(part.rawValue) is larger than the limit of \(limit) bytes."
        case .validationFailed(let fields):
            guard fields.count == 1, let entry = fields.first else {
                return "Invalid values: \(fields.keys.sorted().joined(separator: ", "))."
            }
            return "Invalid \(entry.key): \(entry.value)."
        case .idempotencyKeyReused:
            return "This Idempotency-Key was already used with a different request."
        case .rateLimited(let seconds):
            return "Too many attempts; try again in \(seconds) seconds."
        case .unavailable(let reason):
            return "The service is unavailable (\(reason)); try again later."
        case .internal(let reference):
            return "An unexpected error occurred; it was logged with reference \(reference)."
        }
    }

    /// `code: message`, for logs and test failures.
    package var description: String { "\(code.rawValue): \(message)" }

    private static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}

/// One line of an `insufficient_stock` error: what was asked for and what is available.
package struct ShortLine: Sendable, Equatable, Codable {
    /// The product's raw id; ERPCore sits below Catalog, so build lines with `init(product:…)`.
    package let productID: Int64
    /// The quantity the line needs.
    package let requested: Quantity
    /// The quantity on hand minus reserved, which is less than `requested`.
    package let available: Quantity
    /// Where the line is in a batch request (`orders[2].lines[5]`); nil for a single document,
    /// whose lines the product names.
    package var field: String?

    /// A short line for a typed product id.
    package init(product: some EntityID, requested: Quantity, available: Quantity, field: String? = nil) {
        self.init(productID: product.rawValue, requested: requested, available: available, field: field)
    }

    /// A short line for a raw product id (as read from a row).
    package init(productID: Int64, requested: Quantity, available: Quantity, field: String? = nil) {
        self.productID = productID
        self.requested = requested
        self.available = available
        self.field = field
    }

    private enum CodingKeys: String, CodingKey {
        case productID = "product_id", requested, available, field
    }
}
