/// The request methods this server implements; anything else is answered `501`
/// (RFC 9110 §9.1: an unrecognized method SHOULD get 501).
package enum HTTPMethod: String, Sendable, Equatable, Hashable, CaseIterable {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
    case options = "OPTIONS"

    /// Matches the exact (case-sensitive, RFC 9110 §9.1) method bytes.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        switch bytes.count {
        case 3:
            if Self.equal(bytes, "GET") { self = .get; return }
            if Self.equal(bytes, "PUT") { self = .put; return }
        case 4:
            if Self.equal(bytes, "POST") { self = .post; return }
            if Self.equal(bytes, "HEAD") { self = .head; return }
        case 5:
            if Self.equal(bytes, "PATCH") { self = .patch; return }
        case 6:
            if Self.equal(bytes, "DELETE") { self = .delete; return }
        case 7:
            if Self.equal(bytes, "OPTIONS") { self = .options; return }
        default:
            break
        }
        return nil
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let lit = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for i in 0..<bytes.count where bytes[i] != lit[i] { return false }
        return true
    }
}

/// An HTTP version this server speaks (RFC 9112 §2.3); others are answered `505`.
package enum HTTPVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    case http1_0
    case http1_1

    /// `HTTP/1.0` or `HTTP/1.1`.
    package var description: String {
        switch self {
        case .http1_0: "HTTP/1.0"
        case .http1_1: "HTTP/1.1"
        }
    }
}

/// The request line and header section of a request, validated.
package struct HTTPRequestHead: Sendable, Equatable {
    /// The method.
    package var method: HTTPMethod
    /// The request-target exactly as sent (RFC 9112 §3.2).
    package var target: String
    /// The path of the target (absolute-form targets reduced to their path), still percent-encoded.
    package var path: String
    /// The raw query string after `?`, undecoded; nil when the target has no `?`.
    package var query: String?
    /// The protocol version.
    package var version: HTTPVersion
    /// The header fields in wire order.
    package var headers: HTTPHeaders

    /// Builds a head; used by tests and by applications that route in-process.
    package init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:]
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        let (path, query) = Self.split(target: target)
        self.path = path
        self.query = query
    }

    /// Whether the connection persists after this request (RFC 9112 §9.3): HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    package var keepAlive: Bool {
        if headers.listContains("Connection", token: "close") { return false }
        switch version {
        case .http1_1: return true
        case .http1_0: return headers.listContains("Connection", token: "keep-alive")
        }
    }

    /// Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1).
    package var expectsContinue: Bool {
        version == .http1_1 && headers.listContains("Expect", token: "100-continue")
    }

    /// Splits a request-target into path and raw query. An absolute-form target
    /// (RFC 9112 §3.2.2) contributes only its path; `*` stays `*`.
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/") && rest != "*", let colon = rest.firstIndex(of: ":"),
            rest[colon...].hasPrefix("://")
        {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = rest[slash...]
            } else {
                rest = ""
            }
        }
        let path: Substring
        let query: String?
        if let q = rest.firstIndex(of: "?") {
            path = rest[..<q]
            query = String(rest[rest.index(after: q)...])
        } else {
            path = rest
            query = nil
        }
        return (path.isEmpty ? "/" : String(path), query)
    }
}

/// A complete request as handed to a handler: head, the whole body, and the peer.
package struct HTTPRequest: Sendable {
    /// The validated request line and headers.
    package var head: HTTPRequestHead
    /// The body bytes (de-chunked); empty when there is none.
    package var body: [UInt8]
    /// The peer address as `ip:port` (IPv6 as `[ip]:port`).
    package var remoteAddress: String

    /// Builds a request; used by the server and by in-process tests.
    package init(head: HTTPRequestHead, body: [UInt8] = [], remoteAddress: String = "") {
        self.head = head
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The method (shortcut for `head.method`).
    package var method: HTTPMethod { head.method }
    /// The path (shortcut for `head.path`).
    package var path: String { head.path }
    /// The raw query (shortcut for `head.query`).
    package var query: String? { head.query }
    /// The headers (shortcut for `head.headers`).
    package var headers: HTTPHeaders { head.headers }
}
