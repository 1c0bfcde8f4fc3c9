import CLibPQ
import Glibc

/// One session with a PostgreSQL server, over libpq.
///
/// Threading rule: a connection is used by **one thread at a time**. It does blocking I/O, so it
/// belongs on a thread of its own (a server handler thread, the CLI's main thread) — never on
/// Swift's cooperative pool or inside an actor. `ConnectionPool` hands connections from thread to
/// thread; that hand-over is the only sharing there is, hence `@unchecked Sendable`.
package final class Connection: @unchecked Sendable {
    /// libpq's connection; nil once closed.
    private(set) var handle: OpaquePointer?
    /// The settings the session was opened with (re-applied after `reset()`).
    package let settings: ConnectionSettings
    /// The session's `statement_timeout` as last set through this object (see
    /// `setStatementTimeout`), so a caller changes it only when it differs.
    package internal(set) var statementTimeoutMilliseconds: Int
    /// The statements this session has prepared (see Connection+PreparedStatements.swift).
    var statements: PreparedStatementCache
    /// Set when a statement inside a transaction failed only because its prepared form went stale
    /// (a migration changed its result type, or it was deallocated behind our back): the
    /// transaction is then run again, on a freshly prepared statement.
    var droppedStaleStatement = false
    /// The round trips this session has made to the server since it opened: every statement,
    /// prepare, `BEGIN` and `COMMIT` is one. What a business transaction costs is the difference
    /// across it (the round-trip tests pin it; `erp serve` logs it per request).
    package internal(set) var roundTrips = 0
    /// The `BEGIN` of the open transaction while it waits for the first statement to go out
    /// with (see Connection+Pipeline.swift).
    var deferredBegin: StaticString?
    /// The open transaction's tail writes waiting to go out with its next statement or its
    /// COMMIT (see Connection+Pipeline.swift).
    var queuedWrites: [PostgresQuery] = []
    /// Set when a pipeline holding a deferred `BEGIN` (and no COMMIT) failed because the link
    /// broke: nothing committed, so the transaction is repaired and run again.
    var beginFailed = false

    /// Opens a session. `url` is a `postgresql://…` URL or a `key=value` conninfo string.
    /// - Throws: `PostgresError` of kind `.connection` with libpq's reason.
    package init(url: String, settings: ConnectionSettings = ConnectionSettings()) throws(PostgresError) {
        self.settings = settings
        statements = PreparedStatementCache(capacity: settings.preparedStatementLimit)
        statementTimeoutMilliseconds = settings.statementTimeoutMilliseconds
        // The URL goes in as `dbname` with expand_dbname = 1; our keywords come after it and win.
        let pairs = [("dbname", url)] + settings.keywords
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        handle = PQconnectdbParams(keywordPointers, valuePointers, 1)
        guard let handle else {
            throw PostgresError(.connection, message: "out of memory allocating a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Connection.errorText(handle)
            PQfinish(handle)  // a failed connection still owns memory and maybe a socket
            self.handle = nil
            throw PostgresError(.connection, message: reason)
        }
        PQsetNoticeProcessor(handle, PostgresNotices.processor, nil)
        do {
            try run(settings.sessionSetup, prepared: false)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Ends the session. Idempotent.
    package func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        statements.removeAll()
    }

    /// Whether the link is up as far as libpq knows (it learns of a dead server on the next I/O).
    package var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the session is outside any transaction and ready for a new unit of work.
    package var isIdle: Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Server process id of this session (for `pg_terminate_backend`, diagnostics).
    package var backendPID: Int32 {
        guard let handle else { return 0 }
        return PQbackendPID(handle)
    }

    /// Checks, without a round trip, that the server has not closed the session while it sat
    /// idle (e.g. `pg_terminate_backend`, a restart). An idle session we never asked anything of
    /// has nothing to say, so anything readable on its socket is a goodbye (a FATAL error, EOF).
    package func probe() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else {
            return false
        }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Reconnects with the same parameters after the server went away, and re-applies settings.
    /// - Throws: `PostgresError` of kind `.connection` when the server is still unreachable.
    package func reset() throws(PostgresError) {
        guard let handle else {
            throw PostgresError(.connection, message: "connection was closed")
        }
        // A new session holds none of the old one's prepared statements.
        statements.removeAll()
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(.connection, message: Connection.errorText(handle))
        }
        try run(settings.sessionSetup, prepared: false)
        statementTimeoutMilliseconds = settings.statementTimeoutMilliseconds
    }

    /// Runs one statement with its binds: a statement the server plans through its prepared
    /// form (prepared on first use, then reused; see Connection+PreparedStatements.swift), any
    /// other unnamed (`PQexecParams`). Both refuse several statements in one text.
    /// - Throws: `PostgresError` carrying SQLSTATE, constraint, detail and hint.
    @discardableResult
    package func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresRows {
        try run(query, prepared: statements.admits(query.sql))
    }

    /// Runs `query` prepared or unnamed; once-per-session statements (the settings) run unnamed,
    /// as preparing them would only add a round trip and hold a name.
    @discardableResult
    private func run(_ query: PostgresQuery, prepared: Bool) throws(PostgresError) -> PostgresRows {
        guard let handle else { throw PostgresError(.connection, message: "connection was closed") }
        if hasWaitingStatements {
            return try runPipeline(ending: .statement(query, prepared: prepared), on: handle).rows
        }
        if prepared {
            return try queryPrepared(query, on: handle)
        }
        let result = query.withBinds { count, values in
            PQexecParams(handle, query.sql, count, query.types.map { Oid($0.rawValue) }, values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs a script of several statements in one simple-protocol round trip (`PQexec`).
    /// Only for trusted text: migration files and literal `BEGIN`/`COMMIT`/`ROLLBACK`.
    /// - Throws: `PostgresError` for the first failing statement.
    package func executeScript(_ sql: String) throws(PostgresError) {
        guard let handle else { throw PostgresError(.connection, message: "connection was closed") }
        try sendWaitingStatements(on: handle)
        try consume(PQexec(handle, sql))
    }

    /// The command tag of a simple statement, e.g. `COMMIT` or `ROLLBACK`.
    func executeCommand(_ sql: StaticString) throws(PostgresError) -> String {
        guard let handle else { throw PostgresError(.connection, message: "connection was closed") }
        try sendWaitingStatements(on: handle)
        roundTrips += 1
        guard let result = PQexec(handle, sql.description) else {
            throw connectionLost()
        }
        defer { PQclear(result) }
        try check(result)
        return String(cString: PQcmdStatus(result))
    }

    /// Copies a result out and clears it — exactly once, whatever happens. A result is a round
    /// trip of its own unless it came in a pipeline (`countingTrip: false`).
    @discardableResult
    func consume(_ result: OpaquePointer?, countingTrip: Bool = true) throws(PostgresError) -> PostgresRows {
        if countingTrip { roundTrips += 1 }
        guard let result else { throw connectionLost() }
        defer { PQclear(result) }
        return try rows(of: result)
    }

    /// The rows of a result (which the caller clears), or its error.
    func rows(of result: OpaquePointer) throws(PostgresError) -> PostgresRows {
        try check(result)
        forgetStatementsIfDiscarded(by: result)
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [PostgresRows.Column] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            columns.append(.init(
                name: String(cString: PQfname(result, Int32(column))),
                type: PostgresType(rawValue: UInt32(PQftype(result, Int32(column))))
            ))
        }
        var cells: [String?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    cells.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, affectedRows: affected, cells: cells)
    }

    func check(_ result: OpaquePointer) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw error(from: result)
        }
    }

    private func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let pointer = PQresultErrorField(result, code) else { return nil }
            return String(cString: pointer)
        }
        let sqlState = field(CLIBPQ_DIAG_SQLSTATE).map(SQLState.init(rawValue:))
        let message = field(CLIBPQ_DIAG_MESSAGE_PRIMARY)
            ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        let brokenLink = handle.map { PQstatus($0) != CONNECTION_OK } ?? true
        return PostgresError(
            sqlState == nil && brokenLink ? .connection : .server,
            message: message.isEmpty ? Connection.errorText(handle) : message,
            sqlState: sqlState,
            constraint: field(CLIBPQ_DIAG_CONSTRAINT_NAME),
            table: field(CLIBPQ_DIAG_TABLE_NAME),
            column: field(CLIBPQ_DIAG_COLUMN_NAME),
            detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL),
            hint: field(CLIBPQ_DIAG_MESSAGE_HINT)
        )
    }

    private func connectionLost() -> PostgresError {
        PostgresError(.connection, message: Connection.errorText(handle))
    }

    private static func errorText(_ handle: OpaquePointer?) -> String {
        guard let handle, let pointer = PQerrorMessage(handle) else { return "no connection" }
        let text = String(cString: pointer).trimmingTrailingNewlines()
        return text.isEmpty ? "connection lost" : text
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        return text
    }
}
