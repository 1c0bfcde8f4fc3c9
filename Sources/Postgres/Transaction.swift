import Glibc

/// The isolation level a transaction runs at.
package enum IsolationLevel: Sendable {
    case readCommitted
    case repeatableRead
    case serializable

    var begin: StaticString {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}

/// The statements of one open transaction. Only the closure given to
/// `Connection.transaction(isolation:maxAttempts:_:)` receives one; it is valid inside that
/// closure only (lower modules take `in tx: Transaction` parameters, never store it).
package struct Transaction {
    private let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    /// Runs one statement inside the transaction.
    /// - Throws: `PostgresError`; after a server error the transaction is aborted, so let it
    ///   propagate (the transaction rolls back and, for `40001`/`40P01`, is retried).
    @discardableResult
    package func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresRows {
        try connection.query(query)
    }

    /// Queues a write whose result nothing in the transaction reads back (an audit row, a change
    /// event, a stored response): it goes to the server in one pipeline with the transaction's
    /// next statement or its COMMIT, so it costs no round trip of its own (Connection+Pipeline).
    /// Should it fail, that later call throws its error and the transaction rolls back as if the
    /// write had failed here; a rollback or a retry discards it. With the connection's
    /// `queuesTailWrites` off it runs here, on its own round trip.
    /// - Throws: `PostgresError` only when it runs here.
    package func queueWrite(_ query: PostgresQuery) throws(PostgresError) {
        guard connection.settings.queuesTailWrites else {
            try connection.query(query)
            return
        }
        connection.queuedWrites.append(query)
    }

    /// Runs a trusted multi-statement script (a migration file) inside the transaction.
    package func executeScript(_ sql: String) throws(PostgresError) {
        try connection.executeScript(sql)
    }
}

extension Connection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// The whole closure is run again (up to `maxAttempts` times in all, with a short jittered
    /// pause) when the server reports a serialization failure or deadlock, and when `BEGIN` itself
    /// failed because the link broke — both are safe to repeat. A `COMMIT` whose answer never came
    /// is **not** retried: it throws `.commitOutcomeUnknown`, and the client retries with its
    /// idempotency key instead. A transaction that failed only because a prepared statement went
    /// stale (a migration changed its result type) is run again once more, beyond `maxAttempts`.
    /// - Throws: whatever `body` throws, or `PostgresError`.
    package func transaction<T>(
        isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: (Transaction) throws -> T
    ) throws -> T {
        var attempt = 0
        var repreparedStale = false
        while true {
            attempt += 1
            droppedStaleStatement = false
            beginFailed = false
            discardWaitingStatements()
            // BEGIN goes out with the first statement, in one round trip (Connection+Pipeline).
            deferredBegin = isolation.begin
            do {
                let value = try body(Transaction(connection: self))
                try commit()
                return value
            } catch {
                discardWaitingStatements()
                if beginFailed {
                    // Nothing ran yet, so a broken link at BEGIN is safe to repair and retry.
                    guard attempt < maxAttempts else { throw error }
                    try reset()
                    continue
                }
                rollbackAfterFailure()
                if droppedStaleStatement, !repreparedStale {
                    // A statement's prepared form went stale (see Connection+PreparedStatements):
                    // run the transaction again once, on a freshly prepared statement.
                    repreparedStale = true
                    continue
                }
                if let failure = error as? PostgresError, failure.isRetryableTransactionFailure,
                   attempt < maxAttempts {
                    pauseBeforeRetry(attempt: attempt)
                    continue
                }
                throw error
            }
        }
    }

    private func commit() throws(PostgresError) {
        // A transaction that sent no statement never began: there is nothing to commit.
        guard deferredBegin == nil || !queuedWrites.isEmpty else {
            deferredBegin = nil
            return
        }
        let tag: String
        do throws(PostgresError) {
            // The tail writes still waiting go out with COMMIT, in one round trip.
            guard let handle else { throw PostgresError(.connection, message: "connection was closed") }
            tag = try runPipeline(ending: .commit, on: handle).tag
        } catch {
            guard error.kind == .connection else { throw error }
            throw PostgresError(
                .commitOutcomeUnknown,
                message: "the connection broke during COMMIT; the transaction may or may not have committed"
            )
        }
        // COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK: nothing was saved.
        if tag == "ROLLBACK" {
            throw PostgresError(
                .client,
                message: "the transaction was aborted by an earlier failed statement and rolled back",
                sqlState: .inFailedSQLTransaction
            )
        }
    }

    private func rollbackAfterFailure() {
        guard isConnected, !isIdle else { return }
        // A failed ROLLBACK leaves the connection non-idle; the pool then discards it.
        _ = try? executeCommand("ROLLBACK")
    }

    private func pauseBeforeRetry(attempt: Int) {
        let ceiling = UInt32(min(attempt, 5)) * 5_000
        usleep(UInt32.random(in: 1_000...max(ceiling, 2_000)))
    }
}
