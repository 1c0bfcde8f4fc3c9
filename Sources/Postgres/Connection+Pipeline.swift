import CLibPQ

// Statements whose answer nobody waits for do not go to the server on their own: they wait on the
// connection and ride in one libpq pipeline with the next statement whose answer is awaited, or
// with COMMIT. Two kinds wait:
// - a transaction's BEGIN (so every transaction costs one round trip less);
// - its tail writes (`Transaction.queueWrite`): rows nothing in the transaction reads back — the
//   audit log, the change feed, the stored idempotent response — so they cost no trip of their own.
// Why that is safe:
// - the server runs the pipeline in order: every statement runs where it was issued among the
//   others (a later read sees a queued write), only its answer comes later;
// - after an error the server skips the rest of the pipeline up to its sync, COMMIT included: the
//   first failed statement's own error is thrown (its constraint mapped as if it had run alone),
//   and the aborted transaction rolls back (and is retried for 40001/40P01) as before;
// - the link breaking in a pipeline without COMMIT: nothing can have committed, so a transaction
//   whose BEGIN was in it is repaired and run again (`beginFailed`); with COMMIT in it, an answer
//   that never came is `.commitOutcomeUnknown` (Transaction.swift);
// - a rollback discards whatever waits, and every attempt of a transaction starts with nothing;
// - a transaction that sends nothing at all sends no BEGIN and no COMMIT either;
// - every other way to the server (a script, a command) first sends what waits, on its own.

extension Connection {
    /// What closes a pipeline of waiting statements.
    enum PipelineEnd {
        /// A statement whose rows the caller waits for.
        case statement(PostgresQuery, prepared: Bool)
        /// The transaction's COMMIT: its command tag is the answer.
        case commit
        /// Nothing: the waiting statements go out on their own.
        case nothing
    }

    /// The answer of a pipeline's last statement.
    struct PipelineAnswer {
        /// The rows of `.statement` (none otherwise).
        var rows = PostgresRows(columns: [], affectedRows: 0, cells: [])
        /// The last statement's command tag (`COMMIT`, or `ROLLBACK` for an aborted transaction).
        var tag = ""
    }

    /// Whether a BEGIN or tail writes wait to go out.
    var hasWaitingStatements: Bool { deferredBegin != nil || !queuedWrites.isEmpty }

    /// Forgets what waits (a rollback, a new attempt).
    func discardWaitingStatements() {
        deferredBegin = nil
        queuedWrites.removeAll()
    }

    /// Sends what waits on its own (before a script or a command inside the transaction).
    /// - Throws: `PostgresError`, as `runPipeline`.
    func sendWaitingStatements(on handle: OpaquePointer) throws(PostgresError) {
        guard hasWaitingStatements else { return }
        _ = try runPipeline(ending: .nothing, on: handle)
    }

    /// Sends the waiting statements and `end` in one pipeline — one round trip — preparing in it
    /// every plannable statement this session has not prepared yet.
    /// - Throws: `PostgresError` — the first failed statement's own (with the stale-statement
    ///   handling of `queryPrepared`), or a broken link (`beginFailed` set when BEGIN was in the
    ///   pipeline and COMMIT was not).
    func runPipeline(ending end: PipelineEnd, on handle: OpaquePointer) throws(PostgresError) -> PipelineAnswer {
        var commits = false
        if case .commit = end { commits = true }
        let retryable = deferredBegin != nil && !commits
        let steps = PipelineStep.plan(begin: deferredBegin, writes: queuedWrites, end: end, statements: &statements)
        discardWaitingStatements()
        roundTrips += 1
        guard send(steps, on: handle) else {
            beginFailed = retryable
            throw linkFailure(handle)
        }
        let results = pipelineResults(handle)
        defer { results.forEach { PQclear($0) } }
        guard results.count == steps.reduce(0, { $0 + ($1.parses ? 2 : 1) }), PQexitPipelineMode(handle) == 1 else {
            let broke = PQstatus(handle) != CONNECTION_OK
            beginFailed = retryable && broke
            // With COMMIT in it, a broken link is a commit whose answer never came (even when the
            // server said goodbye as an error on an earlier statement).
            if !(commits && broke), let failed = results.first(where: { PQresultStatus($0) == PGRES_FATAL_ERROR }) {
                try check(failed)
            }
            throw linkFailure(handle)
        }
        // A statement parsed here is prepared on the server whatever failed after it: cache it first.
        var index = 0
        for step in steps {
            if step.parses, let key = step.key, let name = step.name {
                if PQresultStatus(results[index]) == PGRES_COMMAND_OK { statements.insert(key, as: name) }
                index += 1
            }
            index += 1
        }
        var answer = PipelineAnswer()
        index = 0
        for step in steps {
            if step.parses {
                try check(results[index])
                index += 1
            }
            let result = results[index]
            index += 1
            do {
                try check(result)
            } catch {
                throw staleChecked(error, of: step)
            }
            answer.tag = String(cString: PQcmdStatus(result))
            if index == results.count, case .statement = end {
                answer.rows = try rows(of: result)
            } else {
                forgetStatementsIfDiscarded(by: result)
            }
        }
        return answer
    }

    /// `error` of `step`; when the step ran a statement prepared earlier that went stale (see
    /// Connection+PreparedStatements), the cache forgets it and the transaction runs again.
    private func staleChecked(_ error: PostgresError, of step: PipelineStep) -> PostgresError {
        guard step.cached, let key = step.key,
              error.sqlState == .featureNotSupported || error.sqlState == .invalidSQLStatementName else {
            return error
        }
        if error.sqlState == .invalidSQLStatementName { statements.removeAll() } else { statements.discard(key) }
        droppedStaleStatement = true
        return error
    }

    /// Queues every step (its prepare first when it has one) and the sync.
    private func send(_ steps: [PipelineStep], on handle: OpaquePointer) -> Bool {
        guard PQenterPipelineMode(handle) == 1 else { return false }
        for step in steps {
            let types = step.query.types.map { Oid($0.rawValue) }
            if step.parses, PQsendPrepare(handle, step.name, step.query.sql, Int32(types.count), types) != 1 {
                return false
            }
            let sent = step.query.withBinds { count, values in
                if let name = step.name { return PQsendQueryPrepared(handle, name, count, values, nil, nil, 0) }
                return PQsendQueryParams(handle, step.query.sql, count, types, values, nil, nil, 0)
            }
            guard sent == 1 else { return false }
        }
        return PQpipelineSync(handle) == 1
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
