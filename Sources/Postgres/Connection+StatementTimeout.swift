// A per-unit-of-work statement timeout: the server gives short-lived reads a tighter bound than
// the session default without paying a round trip when the bound does not change.

extension Connection {
    /// Sets the session's `statement_timeout` to `milliseconds` (0 = none) — one round trip, and
    /// only when it differs from the current value, so a run of requests with the same bound
    /// costs nothing. Call outside a transaction (a rolled-back `SET` would be forgotten by
    /// the server but not here).
    /// - Throws: `PostgresError` when the connection fails.
    package func setStatementTimeout(milliseconds: Int) throws(PostgresError) {
        guard milliseconds != statementTimeoutMilliseconds else { return }
        try query("SELECT set_config('statement_timeout', \(String(milliseconds)), false)")
        statementTimeoutMilliseconds = milliseconds
    }
}
