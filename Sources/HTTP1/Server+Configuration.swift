extension HTTPServer {
    /// Everything tunable about the server; the defaults suit production.
    package struct Configuration: Sendable {
        /// Address to bind: a numeric IPv4/IPv6 address or a host name (`0.0.0.0`, `::`, …).
        package var host = "127.0.0.1"
        /// Port to bind; 0 picks an ephemeral port (returned by `start()`).
        package var port = 0
        /// Handler threads; each may block (e.g. on its own database connection).
        package var workers = 4
        /// Complete requests waiting for a free handler; beyond this the loop answers 503.
        package var queueCapacity = 256
        /// A request that waited longer than this for a handler is answered 503 with
        /// `Retry-After` instead of being handled: overload is shed by waiting time, so the
        /// requests that are handled still answer within the client's patience.
        package var queueWaitBudget: Duration = .seconds(1)
        /// listen(2) backlog.
        package var backlog: Int32 = 1024

        /// Longest request line → 414.
        package var maxRequestLineBytes = 8 * 1024
        /// Longest header line → 431.
        package var maxHeaderLineBytes = 8 * 1024
        /// All header lines together → 431.
        package var maxHeaderBytes = 16 * 1024
        /// Most header fields → 431.
        package var maxHeaderCount = 100
        /// Longest chunk-size line → 400.
        package var maxChunkSizeLineBytes = 1024
        /// Largest trailer section (discarded) → 431.
        package var maxTrailerBytes = 8 * 1024
        /// Request bodies buffered at once, process-wide (declared Content-Length, or the body
        /// limit of a chunked body, reserved before the body is read). Beyond it a new body is
        /// refused 503 with `Retry-After` without being read.
        package var maxBufferedBodyBytes = 64 << 20
        /// Body limit for a request head (default 1 MiB) → 413. Lets the application raise it
        /// for particular routes, e.g. a CSV import. Runs on the event loop thread for every
        /// request: it must be quick and must not block.
        package var bodyLimit: @Sendable (HTTPRequestHead) -> Int = { _ in 1 << 20 }

        /// The head must be complete this long after its first byte → 408, close.
        package var headTimeout: Duration = .seconds(10)
        /// The body must make progress at least this often → 408, close.
        package var bodyTimeout: Duration = .seconds(10)
        /// Slowest average body transfer accepted, in bytes per second (0: no floor): the body
        /// must be complete within `bodyTimeout` plus its bytes at this rate → 408, close. A
        /// client trickling a byte now and then cannot hold its connection and buffer forever.
        package var minimumBodyRate = 16 * 1024
        /// A keep-alive connection with no request for this long is closed silently.
        package var idleTimeout: Duration = .seconds(30)
        /// A response must be fully written within this long → close.
        package var writeTimeout: Duration = .seconds(30)
        /// After an error response: how long to wait for the client to close (after our FIN).
        package var lingerTimeout: Duration = .seconds(1)
        /// Pause before accepting again after EMFILE/ENFILE.
        package var acceptBackoff: Duration = .milliseconds(100)

        /// Runs on a handler thread for the head of a request whose body may exceed
        /// `headCheckThreshold`, before any of that body is read; a response refuses the request
        /// (it is sent with `Connection: close` and the body is never buffered), nil lets the body
        /// in. The application authenticates here, so an anonymous upload costs no memory.
        /// The request passed has an empty body.
        package var headCheck: (@Sendable (HTTPRequest) -> HTTPResponse?)?
        /// Bodies larger than this (by Content-Length; chunked bodies always) have their head
        /// checked first; smaller ones are read at once (a handler round trip costs more).
        package var headCheckThreshold = 64 * 1024

        /// Renders the server's own error responses (400, 408, 413, 414, 431, 500, 501, 503,
        /// 505) so the application can use its JSON envelope. Default: plain text.
        package var errorResponder: @Sendable (_ status: Int, _ reason: String) -> HTTPResponse = {
            HTTPResponse.plainError(status: $0, reason: $1)
        }

        /// The defaults.
        package init() {}

        /// The parser's share of the limits.
        var parserLimits: HTTPParserLimits {
            var limits = HTTPParserLimits()
            limits.maxRequestLineBytes = maxRequestLineBytes
            limits.maxHeaderLineBytes = maxHeaderLineBytes
            limits.maxHeaderBytes = maxHeaderBytes
            limits.maxHeaderCount = maxHeaderCount
            limits.maxChunkSizeLineBytes = maxChunkSizeLineBytes
            limits.maxTrailerBytes = maxTrailerBytes
            limits.bodyLimit = bodyLimit
            return limits
        }
    }
}
