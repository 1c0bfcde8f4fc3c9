import Synchronization

extension EventLoop {
    /// Reads what the socket has (edge-triggered: until EAGAIN, or a fairness bound) and
    /// parses it if the connection may parse now; otherwise buffers it, up to a bound.
    /// `trustShortRead`: the epoll event reported input only (no RDHUP/HUP/ERR), so a read
    /// shorter than the buffer proves the socket empty. Otherwise read on to EAGAIN, or a FIN
    /// or RST that arrived together with the data would go unnoticed under edge triggering.
    func onReadable(_ connection: Connection, trustShortRead: Bool = false) {
        var reads = 0
        while !connection.isClosed && !connection.peerClosed {
            if connection.canParse && !connection.inbound.isEmpty {
                resumeParsing(connection)
                continue
            }
            if connection.phase == .lingering {
                discardInput(connection)
                return
            }
            let parsing = connection.canParse
            if !parsing && connection.inbound.count >= Connection.inputHighWater {
                // Stop reading; the kernel buffer (and then TCP) pushes back on the client.
                connection.readPending = true
                return
            }
            if reads == 16 {
                // Fairness: come back next iteration rather than starve other connections.
                connection.readPending = true
                revisit.append(connection)
                return
            }
            reads += 1
            switch Socket.receive(connection.fd, into: scratch) {
            case .bytes(let n):
                let bytes = UnsafeBufferPointer(start: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
                if parsing {
                    feed(connection, bytes)
                } else {
                    connection.inbound.append(contentsOf: bytes)
                }
                if trustShortRead && n < scratch.count {
                    // A short read emptied the socket buffer; new data raises a new edge, so
                    // the EAGAIN read that would follow can be skipped (as nginx does).
                    connection.readPending = false
                    return
                }
            case .wouldBlock:
                connection.readPending = false
                return
            case .eof:
                connection.readPending = false
                connection.peerClosed = true
                onPeerClosed(connection)
                return
            case .failed:
                close(connection)
                return
            }
        }
    }

    /// Parses `bytes`, acting on each event; bytes after a complete request are kept in
    /// `inbound` until its response has been queued (RFC 9112 §9.3.2: responses in order).
    func feed(_ connection: Connection, _ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            guard connection.canParse else {
                connection.inbound.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset...]))
                return
            }
            if connection.phase == .idle {
                // The head deadline runs from the first byte of the request.
                connection.phase = .readingHead
                connection.phaseDeadline = now + configuration.headTimeout.nanoseconds
            } else if connection.phase == .readingBody {
                // Bytes extend the progress deadline, and earn time against the minimum rate.
                connection.bodyReceived += bytes.count - offset
                connection.phaseDeadline = bodyDeadline(connection)
            }
            let (consumed, event) = connection.parser.parse(UnsafeBufferPointer(rebasing: bytes[offset...]))
            offset += consumed
            switch event {
            case .needMoreData:
                break
            case .headComplete(let head):
                // Awaiting the head check, the rest of `bytes` goes to `inbound` (see the guard).
                guard beginBody(connection, head: head, clientWaits: offset == bytes.count) else { return }
            case .messageComplete(let head, let body):
                dispatch(connection, head: head, body: body)
            case .failed(let error):
                respondWithError(connection, status: error.status, reason: error.reason)
                return
            }
        }
    }

    /// Parses bytes buffered while the previous request was being handled.
    func resumeParsing(_ connection: Connection) {
        while connection.canParse && !connection.inbound.isEmpty && !connection.isClosed {
            let pending = connection.inbound
            connection.inbound = []
            pending.withUnsafeBufferPointer { feed(connection, $0) }
        }
        if !connection.isClosed && connection.canParse && connection.peerClosed {
            onPeerClosed(connection)
        }
    }

    /// Queues a complete request for the worker pool; `submitPendingJobs` hands the whole
    /// batch over at the end of the loop iteration (one lock round-trip per batch).
    func dispatch(_ connection: Connection, head: HTTPRequestHead, body: [UInt8]) {
        stats.totalRequests.add(1, ordering: .relaxed)
        connection.phase = .awaitingHandler
        connection.phaseDeadline = 0
        connection.inFlightIsHead = head.method == .head
        let request = HTTPRequest(head: head, body: body, remoteAddress: connection.remoteAddress)
        // With nothing else queued for this connection the worker may write the response
        // itself; otherwise it must go behind the pending output, through the loop.
        let direct = connection.pendingOutput == 0 ? connection.socket : nil
        pendingJobs.append(Job(fd: connection.fd, connectionID: connection.id, work: .request(request),
                               directSocket: direct, queuedAt: now))
    }

    /// Submits the batch; requests beyond the queue's capacity are answered 503 at once.
    func submitPendingJobs() {
        guard !pendingJobs.isEmpty else { return }
        let accepted = pool.submit(contentsOf: pendingJobs)
        let refused = pendingJobs[accepted...]
        pendingJobs.removeAll(keepingCapacity: true)
        for job in refused { answerBusy(job, counter: stats.rejectedRequests) }
    }

    /// Answers a job that will not run 503 with `Retry-After`: a request read whole keeps its
    /// connection (when it asked to); a head check's body was never read, so that one closes.
    func answerBusy(_ job: Job, counter: borrowing Atomic<Int>) {
        let fd = Int(job.fd)
        guard fd < connections.count, let connection = connections[fd], connection.id == job.connectionID,
            connection.phase == .awaitingHandler || connection.phase == .awaitingHeadCheck
        else { return }
        counter.add(1, ordering: .relaxed)
        let keepAlive: Bool
        switch job.work {
        case .request(let request): keepAlive = request.head.keepAlive && !draining
        case .headCheck: keepAlive = false
        }
        let output = serializeOrFallback(configuration.busyResponse(), isHead: connection.inFlightIsHead, keepAlive: keepAlive)
        if keepAlive {
            queueResponse(connection, bytes: output.bytes, keepAlive: true)
        } else {
            respondAndClose(connection, bytes: output.bytes)
        }
    }

    /// The client sent FIN. Finish what is owed, but a half-received request is abandoned.
    func onPeerClosed(_ connection: Connection) {
        switch connection.phase {
        case .idle:
            if !connection.inbound.isEmpty { return }
            if connection.pendingOutput == 0 { close(connection) } else { connection.phase = .closing }
        case .readingHead, .awaitingHeadCheck, .readingBody, .lingering:
            close(connection)
        case .awaitingHandler, .closing:
            break  // the response is written, then the connection closes
        }
    }

    /// Lingering after an error: read and drop input until the client closes or errors.
    func discardInput(_ connection: Connection) {
        while true {
            switch Socket.receive(connection.fd, into: scratch) {
            case .bytes: continue
            case .wouldBlock: return
            case .eof, .failed:
                close(connection)
                return
            }
        }
    }
}
