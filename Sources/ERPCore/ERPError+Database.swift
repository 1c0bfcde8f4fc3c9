import Foundation
import Postgres

extension ERPError {
    /// Turns any failure into an `ERPError`: ours pass through, database failures are translated
    /// by SQLSTATE then constraint name, a `ValueError` (arithmetic on client values that does not
    /// fit, e.g. a huge qty × cost) is `422` under `value`, anything else is `internal` under `reference`.
    ///
    /// Database text never reaches a client: callers log `error` itself under `reference`.
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
        let state = error.sqlState ?? ""
        switch state {
        case "23505":
            let field = error.detail.flatMap(keyColumns) ?? error.constraint ?? "value"
            return .duplicate(entity: error.table ?? "record", field: field, existingID: nil)
        case "23503":
            let field = error.detail.flatMap(keyColumns) ?? error.column ?? "reference"
            return .validationFailed(fields: [field: "refers to a record that does not exist"])
        case "23514", "23502", "22001", "22003", "22P02", "22007", "22008":
            let field = error.column ?? error.constraint ?? "value"
            return .validationFailed(fields: [field: "is not an allowed value"])
        case "40001", "40P01":
            return .unavailable(reason: "the database is busy with conflicting changes; retry shortly")
        case "57014":
            return .unavailable(reason: "the request took too long and was cancelled")
        case "55P03":
            return .unavailable(reason: "the record is locked by another operation; retry shortly")
        default:
            return error.isConnectionFailure ? .unavailable(reason: "the database is unavailable; retry shortly")
                : .internal(reference: reference)
        }
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
