// SQLSTATE codes as a typed value (PostgreSQL manual, Appendix A), so the error translator and
// the retry logic branch on named constants instead of comparing five-character strings.

/// A five-character SQLSTATE such as `23505`; the first two characters are its class.
///
/// Named constants cover the states the application reacts to; any other code is still
/// representable (`SQLState(rawValue: "42P01")`, or a string literal in tests).
package struct SQLState: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The five characters as the server sent them.
    package let rawValue: String

    /// The state `rawValue`, unchecked: the server is the authority on which codes exist.
    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A state written as a literal, e.g. `"40001"`.
    package init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The two-character class, e.g. `23` (integrity constraint violation).
    package var classCode: Substring { rawValue.prefix(2) }

    /// Class 08: the connection could not be made or broke.
    package var isConnectionException: Bool { classCode == "08" }

    /// The server is shutting down or restarting (57P01–57P03): the session is gone.
    package var isServerShutdown: Bool { self == .adminShutdown || self == .crashShutdown || self == .cannotConnectNow }

    package var description: String { rawValue }

    // MARK: Class 22 — data exception (a value the column cannot hold)

    /// `22001`: a string longer than its column allows.
    package static let stringDataRightTruncation: SQLState = "22001"
    /// `22003`: a number outside its column's range.
    package static let numericValueOutOfRange: SQLState = "22003"
    /// `22007`: a malformed date or time.
    package static let invalidDatetimeFormat: SQLState = "22007"
    /// `22008`: a date or time field out of range.
    package static let datetimeFieldOverflow: SQLState = "22008"
    /// `22P02`: text that does not parse as the column's type.
    package static let invalidTextRepresentation: SQLState = "22P02"

    // MARK: Class 23 — integrity constraint violation

    /// `23502`: NULL in a NOT NULL column.
    package static let notNullViolation: SQLState = "23502"
    /// `23503`: a reference to a row that does not exist (or deleting a referenced row).
    package static let foreignKeyViolation: SQLState = "23503"
    /// `23505`: a unique constraint or unique index refused a duplicate.
    package static let uniqueViolation: SQLState = "23505"
    /// `23514`: a CHECK constraint refused a row.
    package static let checkViolation: SQLState = "23514"

    // MARK: Transactions, locks, cancellation

    /// `25P02`: a statement in a transaction already aborted by an earlier failure.
    package static let inFailedSQLTransaction: SQLState = "25P02"
    /// `40001`: a serialization failure; the whole transaction may be retried.
    package static let serializationFailure: SQLState = "40001"
    /// `40P01`: chosen as a deadlock victim; the whole transaction may be retried.
    package static let deadlockDetected: SQLState = "40P01"
    /// `55P03`: `NOWAIT` or `lock_timeout` could not take a lock.
    package static let lockNotAvailable: SQLState = "55P03"
    /// `55006`: the object is in use, e.g. a database other sessions are connected to.
    package static let objectInUse: SQLState = "55006"
    /// `57014`: cancelled, e.g. by `statement_timeout`.
    package static let queryCanceled: SQLState = "57014"

    // MARK: Prepared statements

    /// `0A000`: feature not supported — among others "cached plan must not change result type",
    /// a prepared statement whose result columns a migration changed.
    package static let featureNotSupported: SQLState = "0A000"
    /// `26000`: no prepared statement of that name (deallocated, or the session was discarded).
    package static let invalidSQLStatementName: SQLState = "26000"

    // MARK: Server going away (class 57)

    /// `57P01`: the server is shutting down (smart or fast shutdown).
    package static let adminShutdown: SQLState = "57P01"
    /// `57P02`: the server crashed and is restarting.
    package static let crashShutdown: SQLState = "57P02"
    /// `57P03`: the server is starting up or in recovery and refuses sessions.
    package static let cannotConnectNow: SQLState = "57P03"

    // MARK: Class 42 — rules and objects

    /// `42501`: the database role lacks a privilege (table grants, row security).
    package static let insufficientPrivilege: SQLState = "42501"
    /// `42P01`: a relation that does not exist.
    package static let undefinedTable: SQLState = "42P01"
    /// `42710`: the object (e.g. a role) already exists.
    package static let duplicateObject: SQLState = "42710"
    /// `42P04`: the database already exists.
    package static let duplicateDatabase: SQLState = "42P04"
}
