import CEpoll
import Glibc
import Synchronization

/// The single I/O thread: accepts, reads, parses, writes and enforces deadlines for every
/// connection. Only complete requests leave it (to the worker pool), so idle and slow clients
/// cost a descriptor and a few hundred bytes, never a thread.
final class EventLoop: @unchecked Sendable {
    let configuration: HTTPServer.Configuration
    let limits: HTTPParserLimits
    let stats: StatsCounters
    let pool: WorkerPool
    let epollFD: Int32
    let wakeFD: Int32
    var listenFD: Int32

    /// Connections indexed by descriptor.
    var connections: [Connection?] = []
    var nextConnectionID: UInt64 = 1
    /// Connections to revisit next iteration because a read stopped before EAGAIN.
    var revisit: [Connection] = []
    /// Complete requests parsed in this iteration, submitted together.
    var pendingJobs: [Job] = []
    let scratch: UnsafeMutableRawBufferPointer
    var dates = DateCache()
    var now: UInt64 = 0

    var acceptPausedUntil: UInt64 = 0
    var listenerRegistered = false
    let tickNanos: UInt64
    var nextSweep: UInt64 = 0

    // Cross-thread state, guarded by `shared`.
    let shared = ConditionLock()
    var completions: [Completion] = []
    var acceptingCompletions = true
    var stopRequestedGrace: Duration?
    var signalGrace: Duration?
    /// Read by workers: a response serialized while draining says `Connection: close`.
    let drainingFlag = Atomic<Bool>(false)

    // Loop-only shutdown state.
    var draining = false
    var drainDeadline: UInt64 = 0

    init(configuration: HTTPServer.Configuration, listenFD: Int32, stats: StatsCounters, pool: WorkerPool)
        throws(HTTPServerError)
    {
        self.configuration = configuration
        self.limits = configuration.parserLimits
        self.stats = stats
        self.pool = pool
        self.listenFD = listenFD
        epollFD = cepoll_create()
        guard epollFD >= 0 else { throw .socket(call: "epoll_create1", errno: errno) }
        wakeFD = cepoll_eventfd()
        guard wakeFD >= 0 else {
            let e = errno
            Socket.close(epollFD)
            throw .socket(call: "eventfd", errno: e)
        }
        scratch = .allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = [configuration.headTimeout, configuration.bodyTimeout,
                        configuration.idleTimeout, configuration.writeTimeout,
                        configuration.lingerTimeout, configuration.queueWaitBudget].map(\.nanoseconds).min() ?? 1_000_000_000
        // Deadlines are checked by a sweep every fifth of the shortest timeout (10–250 ms).
        tickNanos = min(250_000_000, max(10_000_000, shortest / 5))
        // Edge-triggered: every write to the eventfd raises a new edge, so the loop never has
        // to read the counter (one syscall less per wake-up; it cannot overflow in practice).
        guard cepoll_ctl(epollFD, CEPOLL_CTL_ADD, wakeFD, CEPOLL_IN | CEPOLL_ET, UInt64(wakeFD)) == 0 else {
            let e = errno
            Socket.close(epollFD)
            Socket.close(wakeFD)
            scratch.deallocate()
            throw .socket(call: "epoll_ctl", errno: e)
        }
        registerListener()
    }

    deinit {
        scratch.deallocate()
    }

    /// Runs until shutdown completes; then releases every descriptor it owns except `wakeFD`.
    func run() {
        // Process-directed SIGTERM/SIGINT must find a thread that takes them (see stopOnSignals).
        _ = cepoll_unblock_stop_signals()
        let events = UnsafeMutablePointer<cepoll_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        now = MonotonicClock.nowNanos()
        nextSweep = now + tickNanos
        while true {
            let timeout = revisit.isEmpty && pendingJobs.isEmpty ? waitMilliseconds() : 0
            let n = cepoll_wait(epollFD, events, 256, timeout)
            now = MonotonicClock.nowNanos()
            if n < 0 && errno != EINTR { break }
            for i in 0..<max(0, Int(n)) {
                handle(events[i])
            }
            if !revisit.isEmpty {
                let again = revisit
                revisit.removeAll(keepingCapacity: true)
                for connection in again where !connection.isClosed { onReadable(connection) }
            }
            submitPendingJobs()
            drainCompletions()
            // Completions resume parsing of pipelined bytes, which may yield new requests.
            submitPendingJobs()
            if now >= nextSweep {
                sweep()
                submitPendingJobs()
                nextSweep = now + tickNanos
            }
            if checkStop() { break }
        }
        closeEverything()
    }

    private func waitMilliseconds() -> Int32 {
        let until = nextSweep > now ? nextSweep - now : 0
        return Int32(min(until / 1_000_000 + 1, 1000))
    }

    private func handle(_ event: cepoll_event) {
        let fd = Int32(truncatingIfNeeded: event.data)
        if fd == wakeFD { return }  // completions and stop requests are checked every iteration
        if fd == listenFD {
            acceptConnections()
            return
        }
        guard fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)] else { return }
        if event.events & CEPOLL_OUT != 0 { flush(connection) }
        if connection.isClosed { return }
        let hangup = CEPOLL_RDHUP | CEPOLL_HUP | CEPOLL_ERR
        if event.events & (CEPOLL_IN | hangup) != 0 {
            onReadable(connection, trustShortRead: event.events & hangup == 0)
        }
    }

    /// Called by workers: hands a serialized response back and wakes the loop if needed.
    func complete(_ completion: Completion) {
        shared.lock()
        guard acceptingCompletions else {
            shared.unlock()
            return
        }
        let wasEmpty = completions.isEmpty
        completions.append(completion)
        shared.unlock()
        // Only the first completion of a batch needs a wake-up; the loop takes them all.
        if wasEmpty { _ = cepoll_eventfd_signal(wakeFD) }
    }

    private func drainCompletions() {
        shared.lock()
        if completions.isEmpty {
            shared.unlock()
            return
        }
        let batch = completions
        completions.removeAll(keepingCapacity: true)
        shared.unlock()
        for completion in batch {
            let fd = Int(completion.fd)
            guard fd < connections.count, let connection = connections[fd], connection.id == completion.connectionID
            else { continue }
            if let admitted = completion.admitted {
                if connection.phase == .awaitingHeadCheck {
                    onHeadVerdict(connection, admitted: admitted, refusal: completion.bytes)
                }
                continue
            }
            guard connection.phase == .awaitingHandler else { continue }
            guard let sent = completion.sent else {
                close(connection)  // the worker's write failed: the peer is gone
                continue
            }
            queueResponse(connection, bytes: completion.bytes, alreadySent: sent, keepAlive: completion.keepAlive)
        }
    }

    /// Enforces deadlines: idle/linger/write expiry closes, head/body expiry answers 408, a job
    /// queued past the wait budget is answered 503 (a worker would shed it only once free).
    private func sweep() {
        if acceptPausedUntil != 0 && now >= acceptPausedUntil {
            acceptPausedUntil = 0
            registerListener()
        }
        let budget = configuration.queueWaitBudget.nanoseconds
        if now > budget {
            for job in pool.takeExpired(queuedBefore: now - budget) { answerBusy(job, counter: stats.shedRequests) }
        }
        for case let connection? in connections {
            if connection.writeDeadline != 0 && now >= connection.writeDeadline {
                close(connection)
                continue
            }
            guard connection.phaseDeadline != 0, now >= connection.phaseDeadline else { continue }
            switch connection.phase {
            case .idle:
                // A response still being written is governed by the write deadline.
                if connection.pendingOutput == 0 { close(connection) }
            case .lingering, .closing:
                close(connection)
            case .readingHead, .readingBody:
                // RFC 9110 §15.5.9: 408 for a request not completed in time, then close.
                respondWithError(connection, status: 408, reason: "request not received in time")
            case .awaitingHeadCheck, .awaitingHandler:
                break
            }
        }
    }
}
