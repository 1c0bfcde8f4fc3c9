/// Turns a handler's `HTTPResponse` into wire bytes: head and body in one buffer, so one
/// `send` usually writes the whole response.
package enum ResponseSerializer {
    /// A response the server refuses to send: the handler broke a framing rule.
    package enum Violation: Error, Equatable {
        /// Status outside 200…599.
        case invalidStatus(Int)
        /// A header name that is not a token, or a value with CR, LF, NUL or another CTL.
        case invalidHeader(name: String)
        /// The handler tried to frame the body itself.
        case transferEncodingSet
    }

    /// The bytes to send and whether the connection stays open afterwards.
    package struct Output: Equatable {
        /// The serialized response.
        package var bytes: [UInt8]
        /// False when the response carries `Connection: close`.
        package var keepAlive: Bool
    }

    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1), sent before reading an expected body.
    package static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let statusLines: [[UInt8]] = (0..<600).map { code in
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
        Array("HTTP/1.1 \(code) \(HTTPStatus.reasonPhrase(code))\r\n".utf8)
    }

    /// Serializes `response` for a request that was `HEAD` or not, with the connection
    /// persisting if `keepAlive` and the handler did not say `Connection: close`.
    /// - Throws: `Violation` when the handler's response cannot be sent as is (answer 500).
    package static func serialize(
        _ response: HTTPResponse, isHead: Bool, keepAlive requestedKeepAlive: Bool,
        version: HTTPVersion, date: [UInt8]
    ) throws(Violation) -> Output {
        guard (200...599).contains(response.status) else { throw .invalidStatus(response.status) }
        var keepAlive = requestedKeepAlive
        var headLength: Int?
        var hasContentType = false
        var extra = 0
        for field in response.headers {
            guard isValidName(field.name) else { throw .invalidHeader(name: field.name) }
            guard isValidValue(field.value) else { throw .invalidHeader(name: field.name) }
            extra += field.name.utf8.count + field.value.utf8.count + 4
            if HTTPHeaders.namesEqual(field.name, "Transfer-Encoding") { throw .transferEncodingSet }
            if HTTPHeaders.namesEqual(field.name, "Connection") {
                if HTTPHeaders.valueList(field.value, contains: "close") {
                    keepAlive = false
                }
            } else if HTTPHeaders.namesEqual(field.name, "Content-Length") {
                if isHead, case .success(.length(let n)) = BodyFraming.parseContentLength(field.value) {
                    headLength = n
                }
            } else if HTTPHeaders.namesEqual(field.name, "Content-Type") {
                hasContentType = true
            }
        }
        let noBody = HTTPStatus.forbidsBody(response.status)
        let sendsBody = !isHead && !noBody
        // RFC 9110 §9.3.2: HEAD gets the Content-Length GET would have (the handler's, or its body).
        let length = isHead ? (headLength ?? response.body.count) : response.body.count

        var out: [UInt8] = []
        out.reserveCapacity(160 + extra + (sendsBody ? response.body.count : 0))
        out.append(contentsOf: statusLines[response.status])
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date)
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers {
            if HTTPHeaders.namesEqual(field.name, "Content-Length")
                || HTTPHeaders.namesEqual(field.name, "Date")
                || HTTPHeaders.namesEqual(field.name, "Connection")
            { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !noBody && length > 0 && !hasContentType {
            out.append(contentsOf: "Content-Type: application/octet-stream\r\n".utf8)
        }
        // RFC 9110 §8.6: no Content-Length in 1xx/204; we also omit it for 304.
        if !noBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        // RFC 9112 §9.3/§9.6: announce the close; HTTP/1.0 needs keep-alive spelled out.
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if sendsBody { out.append(contentsOf: response.body) }
        return Output(bytes: out, keepAlive: keepAlive)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(ByteClass.isTokenChar)
    }

    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy(ByteClass.isFieldValueChar)
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 {
                buf[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }
}
