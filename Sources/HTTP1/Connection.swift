/// One client connection, owned by the event loop thread (never touched by workers).
final class Connection {
    /// Where the connection is in its request/response cycle.
    enum Phase: Equatable {
        /// Between requests: no byte of the next request yet (idle deadline).
        case idle
        /// Some head bytes received (head deadline from the first byte).
        case readingHead
        /// Head done, the application decides on a worker whether its body may be read
        /// (`Configuration.headCheck`); nothing more is parsed meanwhile.
        case awaitingHeadCheck
        /// Head done, body arriving (body progress and minimum-rate deadlines).
        case readingBody
        /// A complete request is with a handler (or queued); no read deadline.
        case awaitingHandler
        /// The last response is being written; then half-close and linger.
        case closing
        /// Write side shut down; discarding input until the client closes or the linger ends.
        case lingering
    }

    let fd: Int32
    /// Closes `fd` safely with respect to a worker writing to it.
    let socket: SocketGuard
    let id: UInt64
    let remoteAddress: String
    var parser: HTTPParser

    var phase: Phase = .idle
    /// Monotonic ns at which the current phase times out; 0 = none.
    var phaseDeadline: UInt64 = 0
    /// Monotonic ns by which the pending output must be written; 0 = nothing pending.
    var writeDeadline: UInt64 = 0

    /// The head whose body is being checked or read (for `100 Continue` after the check).
    var bodyHead: HTTPRequestHead?
    /// Monotonic ns when the body began; with `bodyReceived`, sets the minimum-rate deadline.
    var bodyStartedAt: UInt64 = 0
    /// Body bytes received so far (chunk framing included).
    var bodyReceived = 0
    /// This request's share of the process-wide body buffer (`maxBufferedBodyBytes`).
    var reservedBodyBytes = 0

    /// Received bytes not yet parsed (pipelined requests, or bytes read while busy).
    var inbound: [UInt8] = []
    /// Serialized responses not yet sent, from `outboundOffset` on.
    var outbound: [UInt8] = []
    var outboundOffset = 0

    /// Edge-triggered epoll: we stopped reading before EAGAIN, so data may still be waiting.
    var readPending = false
    /// The client sent FIN (recv returned 0); nothing more will arrive.
    var peerClosed = false
    /// The request now with a handler was HEAD (for a loop-generated 503).
    var inFlightIsHead = false
    /// The socket is closed; late events and completions for it are ignored.
    var isClosed = false

    init(fd: Int32, id: UInt64, remoteAddress: String, limits: HTTPParserLimits) {
        self.fd = fd
        self.socket = SocketGuard(fd: fd)
        self.id = id
        self.remoteAddress = remoteAddress
        self.parser = HTTPParser(limits: limits)
    }

    /// Unsent output bytes.
    var pendingOutput: Int { outbound.count - outboundOffset }

    /// Whether the loop may parse (and so dispatch) the next request now. Parsing waits while
    /// a request is with a handler — that keeps pipelined responses in order — and while much
    /// output is unsent, so a client that does not read cannot make us buffer without bound.
    var canParse: Bool {
        switch phase {
        case .idle, .readingHead, .readingBody: pendingOutput < Connection.outputHighWater
        case .awaitingHeadCheck, .awaitingHandler, .closing, .lingering: false
        }
    }

    /// Parsing pauses above this much unsent output.
    static let outputHighWater = 256 * 1024
    /// Reading pauses above this many buffered, unparsed bytes.
    static let inputHighWater = 64 * 1024
}
