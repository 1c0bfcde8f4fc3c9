import CEpoll

extension EventLoop {
    /// Asks the loop (from any thread) to drain and stop within `grace`.
    func requestStop(grace: Duration) {
        shared.withLock {
            if stopRequestedGrace == nil { stopRequestedGrace = grace }
        }
        _ = cepoll_eventfd_signal(wakeFD)
    }

    /// Makes SIGTERM/SIGINT request a stop with `grace`.
    func watchStopSignals(grace: Duration) -> Bool {
        shared.withLock { signalGrace = grace }
        return cepoll_install_stop_signals(wakeFD) == 0
    }

    /// Starts draining when asked; true once the loop should exit.
    func checkStop() -> Bool {
        if !draining {
            var grace: Duration? = shared.withLock { stopRequestedGrace }
            if grace == nil, cepoll_stop_signal_received() != 0 {
                grace = shared.withLock { signalGrace }
            }
            if let grace { beginDrain(grace: grace) }
        }
        guard draining else { return false }
        return stats.openConnections.load(ordering: .relaxed) == 0 || now >= drainDeadline
    }

    /// Stops accepting, closes connections that have no request in progress, and lets the
    /// rest finish: their responses carry `Connection: close`.
    private func beginDrain(grace: Duration) {
        draining = true
        drainingFlag.store(true, ordering: .relaxed)
        drainDeadline = now + grace.nanoseconds
        unregisterListener()
        if listenFD >= 0 {
            Socket.close(listenFD)
            listenFD = -1
        }
        for case let connection? in connections {
            switch connection.phase {
            case .idle:
                if connection.pendingOutput == 0 && connection.inbound.isEmpty { close(connection) }
            case .readingHead:
                close(connection)
            case .awaitingHeadCheck, .readingBody, .awaitingHandler, .closing, .lingering:
                break
            }
        }
    }

    /// Releases every descriptor the loop owns except `wakeFD` (workers may still signal it).
    func closeEverything() {
        shared.withLock { acceptingCompletions = false }
        for case let connection? in connections { close(connection) }
        if listenFD >= 0 {
            Socket.close(listenFD)
            listenFD = -1
        }
        if shared.withLock({ signalGrace }) != nil { cepoll_remove_stop_signals() }
        Socket.close(epollFD)
    }
}
