import Synchronization

/// A snapshot of the server's gauges and counters, for `/metrics`.
package struct HTTPServerStats: Sendable, Equatable {
    /// Accepted connections not yet closed.
    package var openConnections: Int
    /// Complete requests waiting for a handler thread.
    package var queueDepth: Int
    /// Handler threads currently running a handler.
    package var busyHandlers: Int
    /// Requests parsed completely since start (including those answered 503).
    package var totalRequests: Int
    /// Requests answered 503 because the handler queue was full.
    package var rejectedRequests: Int
    /// Requests (and body head checks) answered 503 because they waited past the queue budget.
    package var shedRequests: Int
    /// Requests answered 503 unread because the process-wide body buffer was full.
    package var refusedBodies: Int
    /// Bytes reserved for request bodies being read or handled, process-wide.
    package var bufferedBodyBytes: Int
}

/// The live counters behind `HTTPServerStats`, updated from the loop and the workers.
final class StatsCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    let queueDepth = Atomic<Int>(0)
    let busyHandlers = Atomic<Int>(0)
    let totalRequests = Atomic<Int>(0)
    let rejectedRequests = Atomic<Int>(0)
    let shedRequests = Atomic<Int>(0)
    let refusedBodies = Atomic<Int>(0)
    let bufferedBodyBytes = Atomic<Int>(0)

    var snapshot: HTTPServerStats {
        HTTPServerStats(
            openConnections: openConnections.load(ordering: .relaxed),
            queueDepth: queueDepth.load(ordering: .relaxed),
            busyHandlers: busyHandlers.load(ordering: .relaxed),
            totalRequests: totalRequests.load(ordering: .relaxed),
            rejectedRequests: rejectedRequests.load(ordering: .relaxed),
            shedRequests: shedRequests.load(ordering: .relaxed),
            refusedBodies: refusedBodies.load(ordering: .relaxed),
            bufferedBodyBytes: bufferedBodyBytes.load(ordering: .relaxed)
        )
    }
}
