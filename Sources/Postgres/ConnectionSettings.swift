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

    package init(
        applicationName: String = "erp",
        connectTimeoutSeconds: Int = 5,
        statementTimeoutMilliseconds: Int = 30_000,
        lockTimeoutMilliseconds: Int = 10_000,
        idleInTransactionTimeoutMilliseconds: Int = 60_000
    ) {
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        self.idleInTransactionTimeoutMilliseconds = idleInTransactionTimeoutMilliseconds
    }

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
