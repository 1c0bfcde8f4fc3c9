import CEpoll
import Glibc

extension EventLoop {
    /// Watches the listening socket (level-triggered: accept until EAGAIN each time).
    func registerListener() {
        guard listenFD >= 0, !listenerRegistered else { return }
        if cepoll_ctl(epollFD, CEPOLL_CTL_ADD, listenFD, CEPOLL_IN, UInt64(listenFD)) == 0 {
            listenerRegistered = true
        }
    }

    func unregisterListener() {
        guard listenFD >= 0, listenerRegistered else { return }
        _ = cepoll_ctl(epollFD, CEPOLL_CTL_DEL, listenFD, 0, 0)
        listenerRegistered = false
    }

    /// Accepts pending connections (bounded per call so reads are not starved).
    func acceptConnections() {
        for _ in 0..<256 {
            switch Socket.accept(listenFD) {
            case .accepted(let fd, let address):
                adopt(fd: fd, address: address)
            case .wouldBlock:
                return
            case .skip:
                continue
            case .exhausted:
                // EMFILE/ENFILE: the pending connection stays in the backlog and the level-
                // triggered listener would fire forever; stop watching it for a while.
                unregisterListener()
                acceptPausedUntil = now + configuration.acceptBackoff.nanoseconds
                return
            }
        }
    }

    /// Registers a new connection edge-triggered for input, output and peer shutdown.
    private func adopt(fd: Int32, address: String) {
        let events = CEPOLL_IN | CEPOLL_OUT | CEPOLL_RDHUP | CEPOLL_ET
        guard cepoll_ctl(epollFD, CEPOLL_CTL_ADD, fd, events, UInt64(fd)) == 0 else {
            Socket.close(fd)
            return
        }
        let connection = Connection(fd: fd, id: nextConnectionID, remoteAddress: address, limits: limits)
        nextConnectionID += 1
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: index + 1 - connections.count + 64))
        }
        connections[index] = connection
        stats.openConnections.add(1, ordering: .relaxed)
        connection.phaseDeadline = now + configuration.idleTimeout.nanoseconds
        // The client usually sends its request right away; read without waiting for epoll.
        onReadable(connection)
    }

    /// Closes a connection at once (no response). Late completions for it are dropped.
    func close(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        releaseBody(connection)
        connections[Int(connection.fd)] = nil
        stats.openConnections.subtract(1, ordering: .relaxed)
        // close(2) also removes the descriptor from the epoll set.
        connection.socket.close()
        connection.inbound = []
        connection.outbound = []
    }
}
