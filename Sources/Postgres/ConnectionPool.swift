import Foundation

/// A bounded set of connections shared by threads, each borrowing one at a time.
///
/// `checkout` blocks (up to a timeout) when all connections are in use, so the pool also bounds
/// how much work reaches the database at once. A connection that comes back in an unknown state
/// (inside a transaction, broken) is closed rather than reused; one that died while idle (server
/// restart, `pg_terminate_backend`) is noticed at checkout and reconnected.
package final class ConnectionPool: @unchecked Sendable {
    /// Where the pool connects, and how many connections it may hold.
    package struct Configuration: Sendable {
        package var url: String
        package var settings: ConnectionSettings
        package var maxConnections: Int
        /// How long `checkout` waits for a free connection before giving up.
        package var checkoutTimeout: Duration

        package init(
            url: String, settings: ConnectionSettings = ConnectionSettings(),
            maxConnections: Int = 10, checkoutTimeout: Duration = .seconds(10)
        ) {
            self.url = url
            self.settings = settings
            self.maxConnections = max(1, maxConnections)
            self.checkoutTimeout = checkoutTimeout
        }
    }

    /// A snapshot of the pool, for metrics.
    package struct Statistics: Sendable, Equatable {
        package var open: Int
        package var idle: Int
        package var waiting: Int
        package var inUse: Int { open - idle }
    }

    package let configuration: Configuration
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var idle: [Connection] = []
    private var open = 0
    private var waiting = 0
    private var isClosed = false

    package init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    deinit { close() }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    /// - Throws: what `body` throws, or `PostgresError` (`.poolTimeout`, `.connection`).
    package func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkout()
        defer { checkin(connection) }
        return try body(connection)
    }

    /// Runs `body` in a transaction on a pooled connection (see `Connection.transaction`).
    package func transaction<T>(
        isolation: IsolationLevel = .readCommitted, maxAttempts: Int = 5,
        _ body: (Transaction) throws -> T
    ) throws -> T {
        try withConnection { try $0.transaction(isolation: isolation, maxAttempts: maxAttempts, body) }
    }

    /// Takes a connection out of the pool; pair with `checkin`.
    /// - Throws: `PostgresError` `.poolTimeout` when none is free in time, `.connection` when a
    ///   new one cannot be opened.
    package func checkout() throws(PostgresError) -> Connection {
        let deadline = Date().addingTimeInterval(configuration.checkoutTimeout.seconds)
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw PostgresError(.client, message: "the connection pool is closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                return try revive(connection)
            }
            if open < configuration.maxConnections {
                open += 1
                condition.unlock()
                return try openCounted()
            }
            waiting += 1
            let signalled = condition.wait(until: deadline)
            waiting -= 1
            if !signalled && idle.isEmpty && open >= configuration.maxConnections {
                condition.unlock()
                throw PostgresError(
                    .poolTimeout,
                    message: "no database connection became free within \(configuration.checkoutTimeout)"
                )
            }
        }
    }

    /// Returns a connection; it is reused only if it is connected and outside any transaction.
    package func checkin(_ connection: Connection) {
        let reusable = connection.isIdle
        if !reusable { connection.close() }
        condition.lock()
        if reusable && !isClosed {
            idle.append(connection)
        } else {
            open -= 1
            if reusable { connection.close() }
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes every idle connection and refuses further checkouts. Borrowed ones close on return.
    package func close() {
        condition.lock()
        isClosed = true
        let closing = idle
        open -= idle.count
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
        closing.forEach { $0.close() }
    }

    /// Counts of open, idle and waiting, taken under the lock.
    package var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return Statistics(open: open, idle: idle.count, waiting: waiting)
    }

    /// A connection that sat idle may have been closed by the server; repair it or replace it.
    private func revive(_ connection: Connection) throws(PostgresError) -> Connection {
        if connection.probe() { return connection }
        do {
            try connection.reset()
            return connection
        } catch {
            connection.close()
            return try openCounted()
        }
    }

    /// Opens a connection for a slot already counted in `open`; gives the slot back on failure.
    private func openCounted() throws(PostgresError) -> Connection {
        do {
            return try Connection(url: configuration.url, settings: configuration.settings)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for APIs that take a `TimeInterval`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
