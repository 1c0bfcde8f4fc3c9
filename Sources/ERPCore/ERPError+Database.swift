import Foundation
import Postgres

extension ERPError {
    /// Turns any failure into an `ERPError`: ours pass through, database failures are translated
    /// by SQLSTATE then constraint name, a `ValueError` (arithmetic on client values that does not
    /// fit, e.g. a huge qty × cost) is `422` under `value`, anything else is `internal` under `reference`.
    ///
    /// Database text never reaches a client: `ERPError.reporting` logs `error` itself under `reference`.
    package static func from(_ error: any Error, reference: String) -> ERPError {
        if let error = error as? ERPError { return error }
        if let error = error as? PostgresError { return translating(error, reference: reference) }
        if let error = error as? ValueError { return .invalid("value", error) }
        return .internal(reference: reference)
    }

    /// The one translation of database errors (docs/decisions.md, Platform).
    package static func translating(_ error: PostgresError, reference: String) -> ERPError {
        switch error.kind {
        case .connection, .poolTimeout:
            return .unavailable(reason: "the database is unavailable; retry shortly")
        case .commitOutcomeUnknown:
            return .unavailable(reason: "the database connection broke while saving; retry with the same Idempotency-Key")
        case .decoding, .client:
            return .internal(reference: reference)
        case .server:
            break
        }
        guard let state = error.sqlState else { return .internal(reference: reference) }
        switch state {
        case .uniqueViolation, .checkViolation:
            return constraintViolation(error, reference: reference)
        case .foreignKeyViolation:
            let field = error.detail.flatMap(keyColumns) ?? error.column ?? "reference"
            return .validationFailed(fields: [field: "refers to a record that does not exist"])
        case .notNullViolation, .stringDataRightTruncation, .numericValueOutOfRange, .invalidTextRepresentation,
             .invalidDatetimeFormat, .datetimeFieldOverflow:
            return .validationFailed(fields: [error.column ?? "value": "is not an allowed value"])
        case .serializationFailure, .deadlockDetected:
            return .unavailable(reason: "the database is busy with conflicting changes; retry shortly")
        case .queryCanceled:
            return .unavailable(reason: "the request took too long and was cancelled")
        case .lockNotAvailable:
            return .unavailable(reason: "the record is locked by another operation; retry shortly")
        default:
            return error.isConnectionFailure ? .unavailable(reason: "the database is unavailable; retry shortly")
                : .internal(reference: reference)
        }
    }

    /// A unique (`23505` → 409 `duplicate`) or check (`23514` → 422 `validation_failed`) violation
    /// of a constraint a request can reach, naming the API field it guards (`ConstraintFields`).
    /// Any other constraint is an invariant the services keep: its violation is a bug, `internal`.
    private static func constraintViolation(_ error: PostgresError, reference: String) -> ERPError {
        guard let name = error.constraint, let guarded = ConstraintFields.field(of: name) else {
            return .internal(reference: reference)
        }
        if error.sqlState == .uniqueViolation {
            return .duplicate(entity: guarded.entity, field: guarded.field, existingID: nil)
        }
        return .validationFailed(fields: [guarded.field: guarded.message])
    }

    /// `Key (sku)=(ABC) already exists.` → `sku`; `Key (inn, kpp)=…` → `inn, kpp`;
    /// `Key (lower(login::text))=…` (an expression index) → `login`.
    static func keyColumns(_ detail: String) -> String? {
        guard let start = detail.range(of: "Key ("), let end = detail.range(of: ")=(", range: start.upperBound..<detail.endIndex)
        else { return nil }
        var columns = String(detail[start.upperBound..<end.lowerBound])
        for noise in ["lower(", "upper(", "::text", "::character varying", "(", ")"] {
            columns = columns.replacingOccurrences(of: noise, with: "")
        }
        return columns.isEmpty ? nil : columns
    }
}
