// ERPError's JSON details and envelope, and the ways other errors become ERPError:
// value errors per field, several field errors at once, and JSON decoding errors.

extension ERPError {
    /// The `details` object of the error envelope; its shape per code is part of the API.
    ///
    /// `validation_failed` → `{"fields": {field: message}}`; `insufficient_stock` →
    /// `{"lines": [{"product_id", "requested", "available", "field"?}]}` (`field` in a batch); `exceeds_order` →
    /// `{"lines": [{"product_id", "requested", "remaining"}]}`; `not_found` → `{"entity", "id"}`;
    /// `invalid_state` → `{"entity", "current", "action"}`; `duplicate` → `{"entity", "field",
    /// "existing_id"}`; `version_conflict` → `{"current_version"}`; `payload_too_large` →
    /// `{"part", "limit_bytes"}`; `rate_limited` → `{"retry_after_seconds"}`; `forbidden` →
    /// `{"action"}`; `internal` → `{"reference"}`; the rest `{}`.
    package var details: JSONValue {
        switch self {
        case .badRequest, .unauthorized, .idempotencyKeyReused, .unavailable:
            return .object([:])
        case .forbidden(let action):
            return .object(["action": .string(action)])
        case .notFound(let entity, let id):
            return .object(["entity": .string(entity), "id": .string(id)])
        case .insufficientStock(let lines):
            return .object(["lines": .array(lines.map { line in
                .object([
                    "product_id": .number(line.productID),
                    "requested": .string(line.requested.description),
                    "available": .string(line.available.description),
                ].merging(line.field.map { ["field": .string($0)] } ?? [:]) { _, field in field })
            })])
        case .exceedsOrder(let lines):
            return .object(["lines": .array(lines.map { line in
                .object([
                    "product_id": .number(line.productID),
                    "requested": .string(line.requested.description),
                    "remaining": .string(line.available.description),
                ])
            })])
        case .invalidState(let entity, let current, let action):
            return .object([
                "entity": .string(entity), "current": .string(current), "action": .string(action),
            ])
        case .versionConflict(let current):
            return .object(["current_version": .number(current)])
        case .duplicate(let entity, let field, let existingID):
            return .object([
                "entity": .string(entity), "field": .string(field),
                "existing_id": existingID.map { .number($0) } ?? .null,
            ])
        case .payloadTooLarge(let part, let limit):
            return .object(["part": .string(part.rawValue), "limit_bytes": .number(limit)])
        case .validationFailed(let fields):
            return .object(["fields": .object(fields.mapValues { .string($0) })])
        case .rateLimited(let seconds):
            return .object(["retry_after_seconds": .number(seconds)])
        case .internal(let reference):
            return .object(["reference": .string(reference)])
        }
    }

    /// The whole error body: `{"error": {"code": …, "message": …, "details": {…}}}`.
    package var envelope: JSONValue {
        .object(["error": .object([
            "code": .string(code.rawValue), "message": .string(message), "details": details,
        ])])
    }

    /// One representative error per code, in `Code.allCases` order. The switch has no
    /// `default:`, so a new code cannot be added without an example (tests and docs use these).
    package static func example(of code: Code) -> ERPError {
        switch code {
        case .badRequest: .badRequest(reason: "expected an object")
        case .unauthorized: .unauthorized(reason: "missing token")
        case .forbidden: .forbidden(action: "post receipts")
        case .notFound: .notFound(entity: "product", id: "42")
        case .insufficientStock:
            .insufficientStock(lines: [ShortLine(
                productID: 7, requested: Quantity(thousandths: 3000), available: Quantity(thousandths: 1500))])
        case .exceedsOrder:
            .exceedsOrder(lines: [ShortLine(productID: 7, requested: Quantity(thousandths: 12000), available: Quantity(thousandths: 10000))])
        case .invalidState: .invalidState(entity: "order", current: "draft", action: "ship")
        case .versionConflict: .versionConflict(current: 5)
        case .duplicate: .duplicate(entity: "product", field: "sku", existingID: 3)
        case .payloadTooLarge: .payloadTooLarge(part: .body, limit: 1_048_576)
        case .validationFailed: .validationFailed(fields: ["price": "must not be negative"])
        case .idempotencyKeyReused: .idempotencyKeyReused
        case .rateLimited: .rateLimited(retryAfterSeconds: 30)
        case .unavailable: .unavailable(reason: "database unreachable")
        case .internal: .internal(reference: "req-0001")
        }
    }

    /// `example(of:)` for every code.
    package static var allExamples: [ERPError] { Code.allCases.map(example(of:)) }
}

// MARK: - Building validation errors

extension ERPError {
    /// A `validation_failed` error for one field whose value was refused.
    package static func invalid(_ field: String, _ error: ValueError) -> ERPError {
        .validationFailed(fields: [field: error.description])
    }

    /// Combines errors so validation reports every bad field at once.
    ///
    /// All `validation_failed` errors merge into one (the first message per field wins). If any
    /// other error is present, the first such is returned instead: a missing record or a conflict
    /// makes the field messages moot. Nil for an empty sequence.
    package static func merged(_ errors: some Sequence<ERPError>) -> ERPError? {
        var fields = FieldErrors()
        for error in errors {
            guard case .validationFailed(let more) = error else { return error }
            for (field, message) in more { fields.add(field, message) }
        }
        return fields.error
    }
}

/// Collects field errors during validation, then throws them as one `validation_failed`.
///
/// ```swift
/// var problems = FieldErrors()
/// let qty = problems.check("lines[0].qty") { () throws(ValueError) in try Quantity(parsing: text) }
/// if name.isEmpty { problems.add("name", "must not be empty") }
/// try problems.throwIfAny()
/// ```
package struct FieldErrors: Sendable, Equatable {
    /// Field path → message, e.g. `"lines[0].qty": "'x' is not valid: …"`.
    package private(set) var fields: [String: String] = [:]

    /// No errors yet.
    package init() {}

    /// True when nothing was reported.
    package var isEmpty: Bool { fields.isEmpty }

    /// Reports a problem with `field`; a field keeps its first message.
    package mutating func add(_ field: String, _ message: String) {
        if fields[field] == nil { fields[field] = message }
    }

    /// Reports a refused value of `field`.
    package mutating func add(_ field: String, _ error: ValueError) {
        add(field, error.description)
    }

    /// Runs `body`; on a `ValueError` records it under `field` and returns nil.
    package mutating func check<T>(_ field: String, _ body: () throws(ValueError) -> T) -> T? {
        do {
            return try body()
        } catch {
            add(field, error)
            return nil
        }
    }

    /// The collected errors as one `validation_failed`, or nil when there are none.
    package var error: ERPError? { fields.isEmpty ? nil : .validationFailed(fields: fields) }

    /// Throws the collected errors, if any.
    /// - Throws: `ERPError.validationFailed` with every reported field.
    package func throwIfAny() throws(ERPError) {
        if let error { throw error }
    }
}

// MARK: - JSON decoding

extension ERPError {
    /// Translates a JSONDecoder failure of a request body.
    ///
    /// Invalid JSON, wrong types and nulls → `bad_request` (400); a refused value (`"qty": "abc"`,
    /// too many decimals, a missing required key) → `validation_failed` (422) under its field path
    /// (`lines[0].qty`), with the `ValueError` message when there is one.
    package init(decoding error: DecodingError) {
        switch error {
        case .dataCorrupted(let context):
            let path = Self.fieldPath(context.codingPath)
            if let valueError = context.underlyingError as? ValueError {
                self = .invalid(path.isEmpty ? "body" : path, valueError)
            } else if path.isEmpty {
                self = .badRequest(reason: "the body is not valid JSON")
            } else {
                self = .validationFailed(fields: [path: context.debugDescription])
            }
        case .keyNotFound(let key, let context):
            self = .validationFailed(fields: [Self.fieldPath(context.codingPath + [key]): "is required"])
        case .typeMismatch(let type, let context):
            let path = Self.fieldPath(context.codingPath)
            self = .badRequest(reason: "\(path.isEmpty ? "the body" : path) must be \(Self.jsonType(type))")
        case .valueNotFound(let type, let context):
            let path = Self.fieldPath(context.codingPath)
            self = .badRequest(reason: "\(path.isEmpty ? "the body" : path) must be \(Self.jsonType(type)), not null")
        @unknown default:
            self = .badRequest(reason: "the body could not be decoded")
        }
    }

    /// Renders a coding path as `lines[0].qty`.
    package static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return path
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is DecimalText.Type: "a decimal string or number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        default: "a value of type \(type)"
        }
    }
}
