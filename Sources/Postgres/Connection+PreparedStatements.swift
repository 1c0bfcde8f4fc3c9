import CLibPQ
import Glibc

// Prepared statements, transparently: a statement the server plans is prepared once per session
// under a name (`PQprepare`) and from then on only bound and executed (`PQexecPrepared`), so the
// server parses and analyses it once instead of on every call, and the text travels once. The
// interpolated binds make a call site's text static (`$n` placeholders), so it is its own key.
//
// What can go wrong, and what happens then:
// - preparing fails (a syntax error, an unknown table): nothing is cached, the error is thrown;
// - executing fails (a constraint, a lock timeout): the statement stays prepared and correct;
// - the statement went stale — a migration changed the result type of a `SELECT *`
//   (0A000 "cached plan must not change result type"), or a `DISCARD ALL`/`DEALLOCATE` the cache
//   did not see removed it (26000): it is prepared again and run once more. Outside a transaction
//   that happens right here; inside one the error has aborted the transaction, so the connection
//   notes it and `Connection.transaction` runs the whole transaction again (once);
// - a reconnect (`reset`) or a `DISCARD ALL`/`DEALLOCATE ALL` forgets every statement.

extension Connection {
    /// The names of the statements this session holds prepared (diagnostics, tests).
    package var preparedStatementNames: Set<String> { statements.names }

    /// Runs `query` through its prepared statement, preparing it first when this session has not.
    func queryPrepared(_ query: PostgresQuery, on handle: OpaquePointer) throws(PostgresError) -> PostgresRows {
        let key = PreparedStatementCache.Key(sql: query.sql, types: query.types)
        let outsideTransaction = PQtransactionStatus(handle) == PQTRANS_IDLE
        guard let name = statements.use(key) else {
            return try execute(prepare(key, on: handle), query, on: handle)
        }
        do {
            return try execute(name, query, on: handle)
        } catch {
            guard error.sqlState == .featureNotSupported || error.sqlState == .invalidSQLStatementName else {
                throw error
            }
            // Stale: forget it (all of them when the server lost ours), then prepare it afresh.
            if error.sqlState == .invalidSQLStatementName {
                statements.removeAll()
            } else {
                statements.discard(key)
            }
            guard outsideTransaction else {
                droppedStaleStatement = true
                throw error
            }
            return try execute(prepare(key, on: handle), query, on: handle)
        }
    }

    /// Prepares `key` under a new name, then deallocates what the cache evicted or found stale.
    private func prepare(_ key: PreparedStatementCache.Key, on handle: OpaquePointer) throws(PostgresError) -> String {
        let name = statements.nextName()
        let types = key.types.map { Oid($0.rawValue) }
        try consume(PQprepare(handle, name, key.sql, Int32(types.count), types))
        statements.insert(key, as: name)
        try deallocateOrphans(on: handle)
        return name
    }

    /// Deallocates the orphaned names in one round trip. Done right after a successful prepare,
    /// so the session is in a state that accepts statements; the names exist on the server
    /// (a `DISCARD ALL` or a missing statement empties the list), so it cannot fail but for a
    /// broken link.
    private func deallocateOrphans(on handle: OpaquePointer) throws(PostgresError) {
        guard !statements.orphans.isEmpty else { return }
        let script = statements.orphans.map { "DEALLOCATE \($0);" }.joined(separator: " ")
        do {
            try consume(PQexec(handle, script))
        } catch {
            if error.sqlState == .invalidSQLStatementName { statements.removeAll() }
            throw error
        }
        statements.orphansDeallocated()
    }

    private func execute(_ name: String, _ query: PostgresQuery, on handle: OpaquePointer) throws(PostgresError) -> PostgresRows {
        let result = query.withBinds { count, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// A statement outside the cache's view (a script, an unprepared `DISCARD ALL` or
    /// `DEALLOCATE ALL`) removed every prepared statement of the session: forget them too.
    func forgetStatementsIfDiscarded(by result: OpaquePointer) {
        guard statements.count > 0 || !statements.orphans.isEmpty, let tag = PQcmdStatus(result) else { return }
        let command = String(cString: tag)
        if command == "DISCARD ALL" || command == "DEALLOCATE ALL" {
            statements.removeAll()
        }
    }
}

extension PostgresQuery {
    /// Calls `body` with the number of binds and each as a C string (nil for NULL), valid only
    /// during the call.
    func withBinds<Result>(_ body: (Int32, [UnsafePointer<CChar>?]) -> Result) -> Result {
        let values = binds.map { $0.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        return body(Int32(values.count), values.map { UnsafePointer($0) })
    }
}
