/// A failure reported by libpq or the server, with everything the server said about it.
///
/// The SQLSTATE and constraint name are what callers branch on; the message, detail and hint
/// are for logs. None of it is meant for end users: the application translates it.
package struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, independent of the server's wording.
    package enum Kind: Sendable, Equatable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server rejected a statement; `sqlState` says why.
        case server
        /// A `COMMIT` was sent but no answer came back: the transaction may or may not have
        /// committed. Never retried automatically.
        case commitOutcomeUnknown
        /// A value could not be decoded into the requested Swift type (NULL, wrong type, bad text).
        case decoding
        /// The connection pool had no connection free within its checkout timeout.
        case poolTimeout
        /// The API was misused (e.g. a statement that returned no result at all).
        case client
    }

    package var kind: Kind
    /// The SQLSTATE (e.g. `.uniqueViolation`), when the server sent one.
    package var sqlState: SQLState?
    /// The violated constraint's name, for integrity violations.
    package var constraint: String?
    package var table: String?
    package var column: String?
    package var message: String
    package var detail: String?
    package var hint: String?

    package init(
        _ kind: Kind, message: String, sqlState: SQLState? = nil, constraint: String? = nil,
        table: String? = nil, column: String? = nil, detail: String? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
        self.table = table
        self.column = column
        self.detail = detail
        self.hint = hint
    }

    /// A serialization failure (`40001`) or deadlock (`40P01`): the whole transaction may be retried.
    package var isRetryableTransactionFailure: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }

    /// The server or the link to it is gone or going (class 08, 57P01–57P03, or no connection at all).
    package var isConnectionFailure: Bool {
        if kind == .connection { return true }
        guard let state = sqlState else { return false }
        return state.isConnectionException || state.isServerShutdown
    }

    package var description: String {
        var text = "PostgresError(\(kind)"
        if let sqlState { text += ", sqlstate \(sqlState)" }
        if let constraint { text += ", constraint \(constraint)" }
        text += "): \(message)"
        if let detail { text += " — \(detail)" }
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
