extension EventLoop {
    /// Appends bytes to the connection's output and starts its write deadline.
    func appendOutput(_ connection: Connection, _ bytes: [UInt8]) {
        if connection.pendingOutput == 0 {
            connection.writeDeadline = now + configuration.writeTimeout.nanoseconds
            if connection.outbound.isEmpty {
                connection.outbound = bytes  // common case: adopt the worker's buffer, no copy
                connection.outboundOffset = 0
                return
            }
        }
        connection.outbound.append(contentsOf: bytes)
    }

    /// Queues a response for the request that was in flight, then carries on with the next
    /// pipelined request or towards close.
    func queueResponse(_ connection: Connection, bytes: [UInt8], alreadySent: Int = 0, keepAlive: Bool) {
        releaseBody(connection)
        if alreadySent < bytes.count {
            appendOutput(connection, alreadySent == 0 ? bytes : Array(bytes[alreadySent...]))
        }
        // A client that half-closed may still have pipelined requests waiting in `inbound`.
        if keepAlive && !draining && !(connection.peerClosed && connection.inbound.isEmpty) {
            connection.phase = .idle
            connection.phaseDeadline = now + configuration.idleTimeout.nanoseconds
        } else {
            connection.phase = .closing
            connection.phaseDeadline = 0
        }
        flush(connection)
        guard !connection.isClosed else { return }
        if connection.canParse {
            resumeParsing(connection)
            if !connection.isClosed && connection.canParse && connection.readPending {
                onReadable(connection)
            }
        }
    }

    /// Answers a request the loop itself rejects (framing error, timeout), then half-closes.
    func respondWithError(_ connection: Connection, status: Int, reason: String) {
        let response = configuration.errorResponder(status, reason)
        respondAndClose(connection, bytes: serializeOrFallback(response, isHead: false, keepAlive: false).bytes)
    }

    /// Sends a serialized refusal, drops whatever of the request arrived, then half-closes.
    func respondAndClose(_ connection: Connection, bytes: [UInt8]) {
        releaseBody(connection)
        connection.inbound = []
        appendOutput(connection, bytes)
        connection.phase = .closing
        connection.phaseDeadline = 0
        flush(connection)
    }

    /// Serializes a loop-made response; if the application's error responder produced
    /// something unsendable, falls back to the built-in plain text.
    func serializeOrFallback(_ response: HTTPResponse, isHead: Bool, keepAlive: Bool) -> ResponseSerializer.Output {
        let date = dates.current()
        if let output = try? ResponseSerializer.serialize(
            response, isHead: isHead, keepAlive: keepAlive, version: .http1_1, date: date)
        {
            return output
        }
        let plain = HTTPResponse.plainError(status: 500, reason: "invalid error response")
        return (try? ResponseSerializer.serialize(
            plain, isHead: isHead, keepAlive: false, version: .http1_1, date: date))
            ?? ResponseSerializer.Output(bytes: [], keepAlive: false)
    }

    /// Writes as much pending output as the socket takes (send with MSG_NOSIGNAL in a loop).
    func flush(_ connection: Connection) {
        guard !connection.isClosed else { return }
        while connection.pendingOutput > 0 {
            let result = connection.outbound.withUnsafeBytes { raw in
                Socket.send(connection.fd, UnsafeRawBufferPointer(rebasing: raw[connection.outboundOffset...]))
            }
            switch result {
            case .bytes(let n):
                connection.outboundOffset += n
            case .wouldBlock:
                return  // EPOLLOUT (edge-triggered) calls us again
            case .eof, .failed:
                close(connection)
                return
            }
        }
        connection.writeDeadline = 0
        connection.outboundOffset = 0
        if connection.outbound.capacity > 64 * 1024 {
            connection.outbound = []
        } else {
            connection.outbound.removeAll(keepingCapacity: true)
        }
        switch connection.phase {
        case .closing:
            startLinger(connection)
        case .idle, .readingHead, .readingBody:
            // Keep-alive idleness counts from when the last response is out, not queued.
            if connection.phase == .idle {
                connection.phaseDeadline = now + configuration.idleTimeout.nanoseconds
            }
            // Output drained below the high-water mark: parsing may have been paused.
            if !connection.inbound.isEmpty { resumeParsing(connection) }
        case .awaitingHeadCheck, .awaitingHandler, .lingering:
            break
        }
    }

    /// RFC 9112 §9.6: close in stages — FIN after the response, then keep reading for a
    /// moment, so unread request bytes do not make our kernel send RST over the response.
    func startLinger(_ connection: Connection) {
        if connection.peerClosed {
            close(connection)
            return
        }
        Socket.shutdownWrite(connection.fd)
        connection.phase = .lingering
        connection.phaseDeadline = now + configuration.lingerTimeout.nanoseconds
        discardInput(connection)
    }
}
