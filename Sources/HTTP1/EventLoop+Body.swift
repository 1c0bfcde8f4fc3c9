// Admitting a request body: the application's head check (on a worker, before any body byte is
// parsed), the process-wide body buffer, and the deadlines a body must meet while it arrives.

extension EventLoop {
    /// The head of a request with a body is complete. Either hands the head to the application's
    /// check (parsing pauses until its verdict) or starts the body at once.
    /// - Returns: false when the request was refused and the connection is closing.
    func beginBody(_ connection: Connection, head: HTTPRequestHead, clientWaits: Bool) -> Bool {
        connection.bodyHead = head
        guard configuration.headCheck != nil,
            connection.parser.bodyReservation > configuration.headCheckThreshold
        else { return startBody(connection, clientWaits: clientWaits) }
        connection.phase = .awaitingHeadCheck
        connection.phaseDeadline = 0  // the queue budget bounds the wait for a verdict
        connection.inFlightIsHead = false
        let request = HTTPRequest(head: head, remoteAddress: connection.remoteAddress)
        pendingJobs.append(Job(fd: connection.fd, connectionID: connection.id, work: .headCheck(request),
                               directSocket: nil, queuedAt: now))
        return true
    }

    /// The application's verdict on a head: read the body, or send the refusal and close
    /// without reading it.
    func onHeadVerdict(_ connection: Connection, admitted: Bool, refusal: [UInt8]) {
        guard admitted else {
            respondAndClose(connection, bytes: refusal)
            return
        }
        // A client that sent body bytes already is not waiting for `100 Continue`.
        guard startBody(connection, clientWaits: connection.inbound.isEmpty) else { return }
        resumeParsing(connection)
        if !connection.isClosed && connection.canParse && connection.readPending { onReadable(connection) }
    }

    /// Reserves the body's share of the process-wide buffer and switches to reading it.
    /// - Returns: false when the buffer is full: answered 503 with `Retry-After`, unread.
    func startBody(_ connection: Connection, clientWaits: Bool) -> Bool {
        let reservation = connection.parser.bodyReservation
        let buffered = stats.bufferedBodyBytes.load(ordering: .relaxed)
        // One body is always admitted, so a limit below the largest route limit cannot lock it out.
        if buffered > 0 && buffered + reservation > configuration.maxBufferedBodyBytes {
            stats.refusedBodies.add(1, ordering: .relaxed)
            var response = configuration.errorResponder(503, "too many request bodies in progress, retry shortly")
            response.headers.replaceOrAdd(name: "Retry-After", value: "1")
            respondAndClose(connection, bytes: serializeOrFallback(response, isHead: false, keepAlive: false).bytes)
            return false
        }
        stats.bufferedBodyBytes.add(reservation, ordering: .relaxed)
        connection.reservedBodyBytes = reservation
        connection.phase = .readingBody
        connection.bodyStartedAt = now
        connection.bodyReceived = 0
        connection.phaseDeadline = bodyDeadline(connection)
        // RFC 9110 §10.1.1: tell a waiting client to send the body (a body over the limit
        // never gets here: the parser already failed with 413).
        if clientWaits && connection.bodyHead?.expectsContinue == true {
            appendOutput(connection, ResponseSerializer.continueBytes)
            flush(connection)
        }
        return !connection.isClosed
    }

    /// The earlier of the progress deadline (`bodyTimeout` after the last bytes) and the
    /// minimum-rate deadline (`bodyTimeout` after the body began, plus the time its received
    /// bytes earn at `minimumBodyRate`): a trickle that makes progress still runs out.
    func bodyDeadline(_ connection: Connection) -> UInt64 {
        let progress = now + configuration.bodyTimeout.nanoseconds
        let rate = configuration.minimumBodyRate
        guard rate > 0 else { return progress }
        let (scaled, overflow) = UInt64(connection.bodyReceived).multipliedReportingOverflow(by: 1_000_000_000)
        let earned = overflow ? UInt64.max / 2 : scaled / UInt64(rate)
        return min(progress, connection.bodyStartedAt + configuration.bodyTimeout.nanoseconds + earned)
    }

    /// The request's body is done with (answered, refused or abandoned): frees its share.
    func releaseBody(_ connection: Connection) {
        connection.bodyHead = nil
        guard connection.reservedBodyBytes > 0 else { return }
        stats.bufferedBodyBytes.subtract(connection.reservedBodyBytes, ordering: .relaxed)
        connection.reservedBodyBytes = 0
    }
}

extension HTTPParser {
    /// Bytes the body now starting may still need: the rest of a Content-Length body, the
    /// limit of a chunked one; 0 outside a body.
    var bodyReservation: Int {
        switch state {
        case .head, .failed: 0
        case .fixedBody(let remaining): remaining
        case .chunkSizeLine, .chunkData, .chunkDataCR, .chunkDataLF, .trailers: bodyLimit
        }
    }
}
