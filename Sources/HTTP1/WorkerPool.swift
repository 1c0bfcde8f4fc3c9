/// Work on its way to a handler thread, and where its answer goes.
struct Job: Sendable {
    /// What the handler thread is asked to do.
    enum Work: Sendable {
        /// Answer a complete request.
        case request(HTTPRequest)
        /// Admit or refuse a body before it is read (`Configuration.headCheck`; empty body).
        case headCheck(HTTPRequest)
    }

    let fd: Int32
    let connectionID: UInt64
    let work: Work
    /// The connection's socket; set when nothing else is queued for it, so the worker may
    /// write the response itself (see `SocketGuard`).
    let directSocket: SocketGuard?
    /// Monotonic ns when the loop queued it: a job that waited past the budget is shed.
    let queuedAt: UInt64
}

/// A handler's answer on its way back to the event loop.
struct Completion: Sendable {
    let fd: Int32
    let connectionID: UInt64
    let bytes: [UInt8]
    /// How many of `bytes` the worker already wrote; nil when its write failed.
    let sent: Int?
    let keepAlive: Bool
    /// For a head check: whether the body may be read (`bytes` then empty); nil for a request.
    var admitted: Bool? = nil
}

/// A fixed set of handler threads fed by a bounded FIFO. `submit` never blocks: when the queue
/// is full it refuses, and the loop answers 503 instead of letting work pile up without bound.
final class WorkerPool: @unchecked Sendable {
    private let lock = ConditionLock()
    private var ring: [Job?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var running = 0
    private var waiting = 0
    private var threads: [JoinableThread] = []
    private let stats: StatsCounters

    init(capacity: Int, stats: StatsCounters) {
        ring = Array(repeating: nil, count: max(1, capacity))
        self.stats = stats
    }

    /// Starts `count` threads, each running `work` for every job it takes.
    func start(count: Int, work: @escaping @Sendable (Job, inout DateCache) -> Void) -> Bool {
        for i in 0..<max(1, count) {
            lock.withLock { running += 1 }
            let thread = JoinableThread.start(name: "http-worker-\(i)") { [self] in
                var dates = DateCache()
                while let job = take() {
                    stats.busyHandlers.add(1, ordering: .relaxed)
                    work(job, &dates)
                    stats.busyHandlers.subtract(1, ordering: .relaxed)
                }
                lock.withLock {
                    running -= 1
                    lock.broadcast()
                }
            }
            guard let thread else {
                lock.withLock { running -= 1 }
                return false
            }
            threads.append(thread)
        }
        return true
    }

    /// Enqueues as many of `jobs` as fit, in order; returns how many (0 when closed).
    func submit(contentsOf jobs: [Job]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return 0 }
        let accepted = min(jobs.count, ring.count - count)
        for job in jobs.prefix(accepted) {
            ring[(head + count) % ring.count] = job
            count += 1
        }
        stats.queueDepth.store(count, ordering: .relaxed)
        // Wake only as many sleeping workers as there is new work.
        for _ in 0..<min(accepted, waiting) { lock.signal() }
        return accepted
    }

    /// Removes the jobs queued before `cutoff` (monotonic ns), oldest first: the loop answers
    /// them 503 at once instead of leaving their clients waiting for a handler.
    func takeExpired(queuedBefore cutoff: UInt64) -> [Job] {
        lock.lock()
        defer { lock.unlock() }
        var expired: [Job] = []
        while count > 0, let job = ring[head], job.queuedAt < cutoff {
            expired.append(job)
            ring[head] = nil
            head = (head + 1) % ring.count
            count -= 1
        }
        if !expired.isEmpty { stats.queueDepth.store(count, ordering: .relaxed) }
        return expired
    }

    /// Blocks until a job is available; nil once closed.
    private func take() -> Job? {
        lock.lock()
        defer { lock.unlock() }
        while count == 0 && !closed {
            waiting += 1
            lock.wait()
            waiting -= 1
        }
        guard count > 0, !closed else { return nil }
        let job = ring[head]
        ring[head] = nil
        head = (head + 1) % ring.count
        count -= 1
        stats.queueDepth.store(count, ordering: .relaxed)
        return job
    }

    /// Closes the queue (queued jobs are dropped: their connections are gone), waits until
    /// every worker finished its current handler or `deadline` (monotonic ns) passes, joins the
    /// finished threads and detaches any still stuck in a handler.
    func stop(deadlineNanos: UInt64) {
        let allExited: Bool = lock.withLock {
            closed = true
            for i in 0..<ring.count { ring[i] = nil }
            count = 0
            stats.queueDepth.store(0, ordering: .relaxed)
            lock.broadcast()
            while running > 0 {
                if !lock.wait(untilNanos: deadlineNanos) { break }
            }
            return running == 0
        }
        for thread in threads {
            if allExited { thread.join() } else { thread.detach() }
        }
        threads.removeAll()
    }
}
