// What a handler thread does with a job: shed it when it waited past the budget, else run the
// application's head check or handler, serialize the answer and hand it back to the loop.

extension HTTPServer {
    /// Performs one job on a handler thread and completes it on the loop.
    static func perform(
        _ job: Job, configuration: Configuration, handler: @Sendable (HTTPRequest) -> HTTPResponse,
        loop: EventLoop, stats: StatsCounters, dates: inout DateCache
    ) {
        let now = MonotonicClock.nowNanos()
        // Waiting time, not queue length, decides: a request answered after the client gave up
        // is work thrown away, and it delays every request behind it.
        let late = now > job.queuedAt && now - job.queuedAt > configuration.queueWaitBudget.nanoseconds
        if late { stats.shedRequests.add(1, ordering: .relaxed) }
        let draining = { loop.drainingFlag.load(ordering: .relaxed) }
        switch job.work {
        case .request(let request):
            let output: ResponseSerializer.Output
            if late {
                output = respond(to: request, handler: { _ in configuration.busyResponse() },
                                 errorResponder: configuration.errorResponder, draining: draining, date: &dates)
            } else {
                output = respond(to: request, handler: handler, errorResponder: configuration.errorResponder,
                                 draining: draining, date: &dates)
            }
            let sent = job.directSocket.map { sendDirectly(output.bytes, on: $0) } ?? 0
            loop.complete(Completion(fd: job.fd, connectionID: job.connectionID,
                                     bytes: output.bytes, sent: sent, keepAlive: output.keepAlive))
        case .headCheck(let request):
            let refusal = late ? configuration.busyResponse() : configuration.headCheck?(request)
            // A refused body is never read, so the connection cannot carry another request:
            // the answer always says `Connection: close` (as while draining).
            let bytes = refusal.map { response in
                respond(to: request, handler: { _ in response }, errorResponder: configuration.errorResponder,
                        draining: { true }, date: &dates).bytes
            } ?? []
            loop.complete(Completion(fd: job.fd, connectionID: job.connectionID, bytes: bytes, sent: 0,
                                     keepAlive: false, admitted: refusal == nil))
        }
    }

    /// Runs the handler and serializes its response; an unsendable response becomes a 500.
    static func respond(
        to request: HTTPRequest, handler: (HTTPRequest) -> HTTPResponse,
        errorResponder: @Sendable (Int, String) -> HTTPResponse, draining: () -> Bool,
        date dates: inout DateCache
    ) -> ResponseSerializer.Output {
        let head = request.head
        let response = handler(request)
        let isHead = head.method == .head
        // Checked after the handler: a shutdown that began meanwhile closes this connection.
        let keepAlive = head.keepAlive && !draining()
        let date = dates.current()
        do {
            return try ResponseSerializer.serialize(
                response, isHead: isHead, keepAlive: keepAlive, version: head.version, date: date)
        } catch {
            // A handler bug (CR/LF in a header, bad status): never send it; answer 500.
            let fallback = errorResponder(500, "handler produced an invalid response")
            let plain = HTTPResponse.plainError(status: 500, reason: "Internal Server Error")
            let output = (try? ResponseSerializer.serialize(
                fallback, isHead: isHead, keepAlive: keepAlive, version: head.version, date: date))
                ?? (try? ResponseSerializer.serialize(
                    plain, isHead: isHead, keepAlive: keepAlive, version: head.version, date: date))
            return output ?? ResponseSerializer.Output(bytes: [], keepAlive: false)
        }
    }

}

extension HTTPServer.Configuration {
    /// The 503 for a full queue or a request that waited too long: RFC 9110 §10.2.3, tell the
    /// client when to come back.
    func busyResponse() -> HTTPResponse {
        var response = errorResponder(503, "server busy, retry shortly")
        response.headers.replaceOrAdd(name: "Retry-After", value: "1")
        return response
    }
}
