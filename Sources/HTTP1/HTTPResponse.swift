/// A response produced by a handler. The server owns the framing: it sets `Content-Length`,
/// `Date` and `Connection` itself and drops any such fields the handler set (except that a
/// `HEAD` response may carry the `Content-Length` a `GET` would have sent).
package struct HTTPResponse: Sendable, Equatable {
    /// The status code, 200…599 (1xx responses are the server's business).
    package var status: Int
    /// Header fields in order.
    package var headers: HTTPHeaders
    /// The body bytes. Not sent for HEAD requests and 204/304 responses.
    package var body: [UInt8]

    /// A response with explicit status, headers and body.
    package init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a body of the given media type.
    package init(status: Int, contentType: String, body: [UInt8]) {
        self.init(status: status, headers: ["Content-Type": contentType], body: body)
    }

    /// A `text/plain; charset=utf-8` response.
    package static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    /// An `application/json` response from already-encoded JSON bytes.
    package static func json(_ bytes: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: bytes)
    }

    /// An `application/json` response from a JSON string.
    package static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        json(Array(text.utf8), status: status)
    }

    /// The server's default rendering of a framing error: plain text `"<code> <reason>\n"`.
    package static func plainError(status: Int, reason: String) -> HTTPResponse {
        text("\(status) \(reason)\n", status: status)
    }
}
