import Glibc

/// Our HTTP/1.1 server: one epoll event-loop thread for all I/O and a bounded pool of handler
/// threads. It knows nothing about the application; `handler` turns a complete request into
/// a response on a worker thread and may block (e.g. on a database connection of its own).
package final class HTTPServer: @unchecked Sendable {
    /// The configuration the server was created with.
    package let configuration: Configuration
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let counters = StatsCounters()

    private enum State { case created, running, stopped }
    private let lock = ConditionLock()
    private var state = State.created
    private var loop: EventLoop?
    private var boundPort: Int?

    /// A server that will call `handler` for every complete, well-framed request.
    package init(
        configuration: Configuration = Configuration(),
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds, listens, and starts the loop and the workers.
    /// - Returns: the port actually bound (useful with `port: 0`).
    /// - Throws: `HTTPServerError.alreadyStarted`, `.resolve` or `.socket` (bind, listen, …).
    @discardableResult
    package func start() throws(HTTPServerError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard state == .created else { throw .alreadyStarted }
        // Writes use MSG_NOSIGNAL; ignoring SIGPIPE also covers anything else in the process.
        signal(SIGPIPE, SIG_IGN)
        let (listenFD, port) = try Socket.listen(
            host: configuration.host, port: configuration.port, backlog: max(1024, configuration.backlog))
        let pool = WorkerPool(capacity: configuration.queueCapacity, stats: counters)
        let loop: EventLoop
        do {
            loop = try EventLoop(configuration: configuration, listenFD: listenFD, stats: counters, pool: pool)
        } catch {
            Socket.close(listenFD)
            throw error
        }
        let handler = self.handler
        let configuration = self.configuration
        let counters = self.counters
        let started = pool.start(count: configuration.workers) { job, dates in
            Self.perform(job, configuration: configuration, handler: handler, loop: loop, stats: counters, dates: &dates)
        }
        let thread = started ? JoinableThread.start(name: "http-loop") { [self] in
            loop.run()
            pool.stop(deadlineNanos: max(loop.drainDeadline, MonotonicClock.nowNanos()))
            Socket.close(loop.wakeFD)
            lock.withLock {
                state = .stopped
                self.loop = nil
                lock.broadcast()
            }
        } : nil
        guard let thread else {
            pool.stop(deadlineNanos: MonotonicClock.nowNanos())
            loop.closeEverything()
            Socket.close(loop.wakeFD)
            throw .socket(call: "pthread_create", errno: errno)
        }
        thread.detach()  // `wait()` observes the end through `state`
        self.loop = loop
        boundPort = port
        state = .running
        return port
    }

    /// The bound port once started, else nil.
    package var port: Int? { lock.withLock { boundPort } }

    /// Current gauges and counters; safe from any thread.
    package var stats: HTTPServerStats { counters.snapshot }

    /// Starts a graceful shutdown without waiting: stop accepting, close idle connections,
    /// let in-flight requests finish within `grace`, then stop the threads.
    package func beginShutdown(grace: Duration = .seconds(10)) {
        let current: EventLoop? = lock.withLock {
            if state == .created { state = .stopped }
            return loop
        }
        current?.requestStop(grace: grace)
    }

    /// Graceful shutdown (see `beginShutdown`), returning once everything has stopped.
    package func shutdown(grace: Duration = .seconds(10)) {
        beginShutdown(grace: grace)
        wait()
    }

    /// Blocks until the server has stopped (returns at once if it never started).
    package func wait() {
        lock.withLock {
            while state == .running { lock.wait() }
        }
    }

    /// Makes SIGTERM and SIGINT start a graceful shutdown with `grace` (the handlers are
    /// process-wide; default dispositions return once the server stops). Call after `start()`.
    /// - Returns: false if the server is not running or the handlers could not be installed.
    @discardableResult
    package func stopOnSignals(grace: Duration = .seconds(10)) -> Bool {
        guard let current = lock.withLock({ loop }) else { return false }
        return current.watchStopSignals(grace: grace)
    }
}
