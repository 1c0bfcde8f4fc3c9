import CLibPQ

// A transaction's BEGIN is not sent on its own: it waits for the transaction's first statement
// and goes out with it in one libpq pipeline (BEGIN, [Parse,] Bind/Execute, Sync), so every
// transaction costs one round trip less. Why that is safe:
// - the server runs the pipeline in order, BEGIN first: the statement runs inside the transaction;
// - BEGIN failing (a broken link) fails the pipeline before the statement ran, and the
//   transaction is repaired and run again as a failed BEGIN always was (`beginFailed`);
// - a transaction whose body sends no statement sends nothing at all (no BEGIN, no COMMIT);
// - every other way to the server (a script, a command) sends a deferred BEGIN first, on its own.

extension Connection {
    /// Sends a deferred `BEGIN` on its own (before a script or a command inside the transaction).
    /// - Throws: `PostgresError` (a broken link sets `beginFailed`).
    func sendDeferredBegin() throws(PostgresError) {
        guard let begin = deferredBegin else { return }
        deferredBegin = nil
        do {
            _ = try executeCommand(begin)
        } catch {
            beginFailed = error.isConnectionFailure
            throw error
        }
    }

    /// Runs `query` (through its prepared statement when `prepared`, preparing it in the same
    /// pipeline when this session has not) right after `begin`: one round trip for both.
    /// - Throws: `PostgresError` — BEGIN's own failure (with `beginFailed` set for a broken
    ///   link), else the statement's, with the stale-statement handling of `queryPrepared`.
    func runAfterBegin(_ begin: StaticString, _ query: PostgresQuery, prepared: Bool,
                       on handle: OpaquePointer) throws(PostgresError) -> PostgresRows {
        let key = PreparedStatementCache.Key(sql: query.sql, types: query.types)
        let cached = prepared ? statements.use(key) : nil
        let newName = prepared && cached == nil ? statements.nextName() : nil
        roundTrips += 1
        guard send(begin, query, preparing: newName, as: cached ?? newName, on: handle) else {
            beginFailed = true
            throw linkFailure(handle)
        }
        var results = pipelineResults(handle)
        defer { results.forEach { PQclear($0) } }
        guard results.count == (newName == nil ? 2 : 3), PQexitPipelineMode(handle) == 1 else {
            beginFailed = PQstatus(handle) != CONNECTION_OK
            if let failed = results.first(where: { PQresultStatus($0) == PGRES_FATAL_ERROR }) { try check(failed) }
            throw linkFailure(handle)
        }
        let began = results.removeFirst()
        defer { PQclear(began) }
        try check(began)
        if let newName {
            let parsed = results.removeFirst()
            defer { PQclear(parsed) }
            try check(parsed)
            statements.insert(key, as: newName)
        }
        let executed = results.removeFirst()
        do {
            return try consume(executed, countingTrip: false)
        } catch {
            guard cached != nil, error.sqlState == .featureNotSupported || error.sqlState == .invalidSQLStatementName else {
                throw error
            }
            // Stale (see Connection+PreparedStatements): the transaction runs again, re-prepared.
            if error.sqlState == .invalidSQLStatementName { statements.removeAll() } else { statements.discard(key) }
            droppedStaleStatement = true
            throw error
        }
    }

    /// Queues BEGIN, the prepare (when `preparing` names one) and the statement, and the sync.
    private func send(_ begin: StaticString, _ query: PostgresQuery, preparing: String?, as name: String?,
                      on handle: OpaquePointer) -> Bool {
        let types = query.types.map { Oid($0.rawValue) }
        guard PQenterPipelineMode(handle) == 1,
              PQsendQueryParams(handle, begin.description, 0, nil, nil, nil, nil, 0) == 1
        else { return false }
        if let preparing, PQsendPrepare(handle, preparing, query.sql, Int32(types.count), types) != 1 { return false }
        let sent = query.withBinds { count, values in
            if let name { return PQsendQueryPrepared(handle, name, count, values, nil, nil, 0) }
            return PQsendQueryParams(handle, query.sql, count, types, values, nil, nil, 0)
        }
        return sent == 1 && PQpipelineSync(handle) == 1
    }

    /// Every result of the pipeline up to its sync, one per statement sent (fewer when the link
    /// broke). libpq ends each statement's results with one NULL; two in a row mean no more come.
    private func pipelineResults(_ handle: OpaquePointer) -> [OpaquePointer] {
        var results: [OpaquePointer] = []
        var nulls = 0
        while nulls < 2 {
            guard let result = PQgetResult(handle) else {
                nulls += 1
                continue
            }
            nulls = 0
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            results.append(result)
        }
        return results
    }

    private func linkFailure(_ handle: OpaquePointer) -> PostgresError {
        let reason = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
        return PostgresError(.connection, message: reason.isEmpty ? "connection lost" : reason)
    }
}
