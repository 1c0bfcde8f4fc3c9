import Foundation

/// How a connection identifies itself and which limits the server enforces on it.
package struct ConnectionSettings: Sendable, Equatable {
    /// Shown in `pg_stat_activity`, so an operator can tell our connections apart.
    package var applicationName: String
    /// Seconds to wait for the server to accept the connection.
    package var connectTimeoutSeconds: Int
    /// Bound on any one statement, in milliseconds (0 = none). Bounds handler time in the server.
    package var statementTimeoutMilliseconds: Int
    /// Bound on waiting for a row or table lock, in milliseconds (0 = none).
    package var lockTimeoutMilliseconds: Int
    /// The server ends sessions that sit idle inside a transaction this long (0 = never).
    package var idleInTransactionTimeoutMilliseconds: Int
    /// How many prepared statements the session keeps (least recently used out first; 0 = none,
    /// every statement is parsed and planned on each run). Default: `ERP_PREPARED_STATEMENTS`
    /// from the environment, else 256 — the switch lets an operator turn preparing off (e.g.
    /// behind a pooler in transaction mode, which loses named statements) and a benchmark
    /// measure before and after in one run.
    package var preparedStatementLimit: Int
    /// Whether a transaction's tail writes (`Transaction.queueWrite`) wait to go out with its next
    /// statement or its COMMIT (Connection+Pipeline.swift) rather than each on a round trip of its
    /// own. Default: on, unless `ERP_TAIL_WRITES=0` — the switch lets a benchmark measure before
    /// and after in one run, and an operator see a failing write fail where it was issued.
    package var queuesTailWrites: Bool

    package init(
        applicationName: String = "erp",
        connectTimeoutSeconds: Int = 5,
        statementTimeoutMilliseconds: Int = 30_000,
        lockTimeoutMilliseconds: Int = 10_000,
        idleInTransactionTimeoutMilliseconds: Int = 60_000,
        preparedStatementLimit: Int = ConnectionSettings.defaultPreparedStatementLimit,
        queuesTailWrites: Bool = ConnectionSettings.defaultQueuesTailWrites
    ) {
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        self.idleInTransactionTimeoutMilliseconds = idleInTransactionTimeoutMilliseconds
        self.preparedStatementLimit = max(0, preparedStatementLimit)
        self.queuesTailWrites = queuesTailWrites
    }

    /// `ERP_PREPARED_STATEMENTS` (a count, 0 = off) when set to a number, else 256: enough for
    /// every statement text the application has on one connection, a bounded few MB on the server.
    package static let defaultPreparedStatementLimit: Int =
        ProcessInfo.processInfo.environment["ERP_PREPARED_STATEMENTS"].flatMap { Int($0) }.map { max(0, $0) } ?? 256

    /// Off only when `ERP_TAIL_WRITES` is `0`.
    package static let defaultQueuesTailWrites = ProcessInfo.processInfo.environment["ERP_TAIL_WRITES"] != "0"

    /// The keywords handed to `PQconnectdbParams` after the caller's URL or conninfo.
    var keywords: [(String, String)] {
        [
            ("application_name", applicationName),
            ("connect_timeout", String(connectTimeoutSeconds)),
            ("client_encoding", "UTF8"),
            ("keepalives", "1"),
            ("keepalives_idle", "30"),
            ("keepalives_interval", "10"),
            ("keepalives_count", "3"),
        ]
    }

    /// Session settings applied right after connecting (and after every reset), in one round trip.
    var sessionSetup: PostgresQuery {
        """
        SELECT set_config('statement_timeout', \(String(statementTimeoutMilliseconds)), false),
               set_config('lock_timeout', \(String(lockTimeoutMilliseconds)), false),
               set_config('idle_in_transaction_session_timeout', \(String(idleInTransactionTimeoutMilliseconds)), false),
               set_config('TimeZone', 'UTC', false),
               set_config('DateStyle', 'ISO, YMD', false),
               set_config('IntervalStyle', 'iso_8601', false)
        """
    }
}
