/// One statement of a pipeline (Connection+Pipeline.swift) and how it goes out: unnamed, through
/// a statement this session prepared before, or prepared in the same pipeline just ahead of it.
struct PipelineStep {
    /// The statement and its binds.
    let query: PostgresQuery
    /// Its cache key, when it runs prepared.
    let key: PreparedStatementCache.Key?
    /// The prepared statement it runs; nil runs it unnamed.
    let name: String?
    /// Whether a prepare of `name` goes out just ahead of it.
    let parses: Bool
    /// Whether `name` was prepared before this pipeline (so it may have gone stale).
    let cached: Bool

    /// The steps of BEGIN (when one waits), the queued writes, and the statement or COMMIT at
    /// the end, in that order; a statement met twice is prepared once.
    static func plan(begin: StaticString?, writes: [PostgresQuery], end: Connection.PipelineEnd,
                     statements: inout PreparedStatementCache) -> [PipelineStep] {
        var parsedHere: [PreparedStatementCache.Key: String] = [:]
        func step(_ query: PostgresQuery, prepared: Bool) -> PipelineStep {
            guard prepared else { return PipelineStep(query: query, key: nil, name: nil, parses: false, cached: false) }
            let key = PreparedStatementCache.Key(sql: query.sql, types: query.types)
            if let name = parsedHere[key] {
                return PipelineStep(query: query, key: key, name: name, parses: false, cached: false)
            }
            if let name = statements.use(key) {
                return PipelineStep(query: query, key: key, name: name, parses: false, cached: true)
            }
            let name = statements.nextName()
            parsedHere[key] = name
            return PipelineStep(query: query, key: key, name: name, parses: true, cached: false)
        }
        var steps: [PipelineStep] = []
        steps.reserveCapacity(writes.count + 2)
        if let begin { steps.append(step(PostgresQuery(unsafeSQL: begin.description), prepared: false)) }
        for write in writes { steps.append(step(write, prepared: statements.admits(write.sql))) }
        switch end {
        case .statement(let query, let prepared): steps.append(step(query, prepared: prepared))
        case .commit: steps.append(step("COMMIT", prepared: false))
        case .nothing: break
        }
        return steps
    }
}
