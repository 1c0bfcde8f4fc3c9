// The one way an unexpected failure is reported. Whatever fails — a service's database error,
// an error escaping a route handler or a CLI command — is translated once into the `ERPError`
// the client sees and, when that is `internal` (or an outage), written as one JSON log line under
// the id the client gets back: the request id on the server, the invocation id in the CLI.

import Postgres

/// Who is failing: the reference a client is given, the logger the details go to, and fields
/// that place the failure (request id, method, path, route; or invocation id and command).
///
/// The server and the CLI bind one per request or run (`bind`), so a service deep below them
/// reports under the same reference without being handed it.
package struct FailureScope: Sendable {
    /// The id the client gets back in `details.reference` / "reference …".
    package let reference: String
    /// Where the log line goes.
    package let logger: Logger
    private let idField: String
    /// Builds the placing fields when a failure is logged, not when the scope is made: the server
    /// makes one scope per request and almost none fails.
    private let placing: @Sendable () -> [String: JSONValue]

    /// A scope whose reference is logged under `idField` (`request_id`, `invocation_id`).
    package init(reference: String, idField: String, logger: Logger, fields: [String: JSONValue] = [:]) {
        self.init(reference: reference, idField: idField, logger: logger, placing: { fields })
    }

    /// A scope whose placing fields `placing` builds, only when a failure is logged.
    package init(reference: String, idField: String, logger: Logger, placing: @escaping @Sendable () -> [String: JSONValue]) {
        self.reference = reference
        self.idField = idField
        self.logger = logger
        self.placing = placing
    }

    /// Fields written on every line of this scope, the reference among them.
    package var fields: [String: JSONValue] {
        placing().merging([idField: .string(reference)]) { _, id in id }
    }

    /// The scope bound by the request or CLI run this thread works for, if any.
    @TaskLocal package static var current: FailureScope?

    /// Runs `body` with this scope as `current` (synchronous code on any thread sees it).
    /// - Throws: what `body` throws, with its type kept.
    package func bind<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        let result = Self.$current.withValue(self) { () -> Result<T, Failure> in
            do throws(Failure) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// A fresh random id such as `cli-3f9a0c…` (64 bits, hexadecimal).
    package static func newReference(prefix: String) -> String {
        prefix + "-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// For a failure outside any request or run (a background job): a fresh `ref-…` id on stderr.
    package static func detached() -> FailureScope {
        FailureScope(reference: newReference(prefix: "ref"), idField: "reference", logger: Logger(level: .info))
    }

    /// Writes the one line for `error`, translated as `translated`: `error` level for an
    /// internal error, `warn` for an outage, `debug` for a database refusal of a client mistake.
    func log(_ error: any Error, as translated: ERPError) {
        var line = fields
        line["code"] = .string(translated.code.rawValue)
        line["error"] = .string(String(describing: error))
        line["error_type"] = .string(String(reflecting: type(of: error)))
        if let failure = error as? PostgresError {
            line["error_kind"] = .string(String(describing: failure.kind))
            if let state = failure.sqlState { line["sqlstate"] = .string(state.rawValue) }
            if let constraint = failure.constraint { line["constraint"] = .string(constraint) }
            if let table = failure.table { line["table"] = .string(table) }
        }
        switch translated {
        case .internal: logger.error("internal error", line)
        case .unavailable: logger.warn("database unavailable", line)
        default: logger.debug("database refused the request", line)
        }
    }
}

extension ERPError {
    /// The client's view of any failure, reported under `scope` (the bound one by default).
    ///
    /// An `ERPError` passes through untouched (it is expected, or was reported where it was
    /// made); anything else is translated (`from(_:reference:)`) and logged once, so the id in
    /// the response and the one in the log are the same. `announce` sees the translation before
    /// the log line is written (the CLI prints its human line first for failures it translates).
    package static func reporting(
        _ error: any Error, in scope: FailureScope? = FailureScope.current, announce: (ERPError) -> Void = { _ in }
    ) -> ERPError {
        if let error = error as? ERPError {
            announce(error)
            return error
        }
        let scope = scope ?? .detached()
        let translated = from(error, reference: scope.reference)
        announce(translated)
        scope.log(error, as: translated)
        return translated
    }
}
