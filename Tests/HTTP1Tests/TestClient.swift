import Glibc
import HTTP1

/// A response as read off the wire by `TestClient`.
struct WireResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

struct TestClientError: Error, CustomStringConvertible {
    var description: String
}

/// A blocking raw-socket HTTP client for integration tests: sends exact bytes, reads exact
/// responses, with a receive timeout so a hung server fails the test instead of hanging it.
final class TestClient {
    private(set) var fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw TestClientError(description: "connect: \(errno)")
        }
        setReceiveTimeout(timeout)
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func setReceiveTimeout(_ timeout: Duration) {
        let (seconds, attos) = timeout.components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(attos / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TestClientError(description: "send: \(errno)")
            }
            offset += n
        }
    }

    /// Reads more bytes into the buffer; false on EOF, throws on timeout or error.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw TestClientError(description: "receive timed out") }
            if errno == ECONNRESET { return false }
            throw TestClientError(description: "recv: \(errno)")
        }
    }

    /// Reads one response (skipping nothing: a `100 Continue` is returned like any other).
    /// `bodyless` says the request was HEAD, so Content-Length describes no bytes here.
    func readResponse(bodyless: Bool = false) throws -> WireResponse {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = findHeadEnd()
            if headEnd == nil {
                guard try fill() else { throw TestClientError(description: "closed before a response") }
            }
        }
        let headBytes = Array(buffer[0..<headEnd!])
        buffer.removeFirst(headEnd! + 4)
        let lines = String(decoding: headBytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let status = Int(statusParts[1]) else {
            throw TestClientError(description: "bad status line: \(lines[0])")
        }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(name: String(line[..<colon]),
                        value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var length = 0
        if !bodyless && !(100...199).contains(status) && status != 204 && status != 304 {
            length = Int(headers["Content-Length"] ?? "0") ?? 0
        }
        while buffer.count < length {
            guard try fill() else { throw TestClientError(description: "closed inside a body") }
        }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return WireResponse(status: status, headers: headers, body: body)
    }

    /// Reads until the server closes; returns everything received (throws on timeout).
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// Whether the server closes the connection within the receive timeout, sending nothing.
    func closesWithoutData() throws -> Bool {
        let more = try fill()
        return !more && buffer.isEmpty
    }

    /// Sends FIN: the client will send nothing more but still reads.
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Closes with SO_LINGER 0, so the kernel sends RST instead of FIN.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        Glibc.close(fd)
        fd = -1
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// Starts a server on an ephemeral loopback port, runs `body`, and shuts it down.
func withServer(
    _ configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { request in
        .text("\(request.method.rawValue) \(request.head.target) \(request.body.count)")
    },
    _ body: (HTTPServer, Int) throws -> Void
) throws {
    var configuration = HTTPServer.Configuration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.workers = 2
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, handler: handler)
    let port = try server.start()
    defer { server.shutdown(grace: .milliseconds(500)) }
    try body(server, port)
}

/// Sleeps the calling thread.
func pause(_ duration: Duration) {
    let (seconds, attos) = duration.components
    var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int(attos / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&ts, &remaining) != 0 && errno == EINTR { ts = remaining }
}

/// Monotonic milliseconds, for generous elapsed-time assertions.
func nowMillis() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
}

/// Polls `condition` every 10 ms until it holds or `limit` passes; returns its last value.
@discardableResult
func waitUntil(_ limit: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = nowMillis() + Int(limit.components.seconds) * 1000 + Int(limit.components.attoseconds / 1_000_000_000_000_000)
    while !condition() {
        if nowMillis() >= deadline { return false }
        pause(.milliseconds(10))
    }
    return true
}
