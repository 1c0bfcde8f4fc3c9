// The deliverer's HTTP/1.1 client: one POST per connection (`Connection: close`), over a blocking
// socket with send and receive timeouts, to the resolved address the SSRF rule allows. It needs only
// the status line of the answer (RFC 9112 §4): 2xx is delivered, anything else is retried.

import ERPCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one POST came to.
package struct PostOutcome: Sendable, Equatable {
    /// The receiver's status code, nil when none came.
    package var statusCode: Int?
    /// Why there is no 2xx, for the delivery log.
    package var error: String?

    package var ok: Bool { statusCode.map { (200...299).contains($0) } ?? false }
}

/// Posts JSON bodies to webhook targets.
package struct WebhookPoster: Sendable {
    /// Hosts besides loopback that may be posted to (`ERP_WEBHOOK_HOSTS`).
    package var allowedHosts: [String]
    /// Connect, send and receive timeout in seconds.
    package var timeout: Int

    package init(allowedHosts: [String], timeout: Int = 10) {
        (self.allowedHosts, self.timeout) = (allowedHosts, timeout)
    }

    /// POSTs `body` to `url` with `headers`.
    package func post(_ body: [UInt8], to url: String, headers: [(String, String)]) -> PostOutcome {
        let target: WebhookTarget
        do { target = try WebhookTarget(url, allowedHosts: allowedHosts) } catch {
            return PostOutcome(statusCode: nil, error: "not allowed: \(error)")
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &list) == 0, let first = list else {
            return PostOutcome(statusCode: nil, error: "cannot resolve \(target.host)")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let address = Self.numeric(info.pointee.ai_addr, info.pointee.ai_addrlen)
            // Checked again on the address itself: a name may resolve elsewhere than when it was subscribed.
            guard target.mayConnect(to: address, allowedHosts: allowedHosts) else {
                lastError = "\(target.host) resolves to \(address), which is neither loopback nor listed"
                continue
            }
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { lastError = "socket: errno \(errno)"; continue }
            defer { close(fd) }
            var limit = timeval(tv_sec: timeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                lastError = "cannot connect to \(address):\(target.port) (errno \(errno))"
                continue
            }
            return exchange(fd, request(body, target: target, headers: headers))
        }
        return PostOutcome(statusCode: nil, error: lastError)
    }

    /// The request's bytes.
    func request(_ body: [UInt8], target: WebhookTarget, headers: [(String, String)]) -> [UInt8] {
        let host = target.host.contains(":") ? "[\(target.host)]" : target.host
        var head = "POST \(target.path) HTTP/1.1\r\nHost: \(host):\(target.port)\r\nUser-Agent: erp-webhooks\r\n"
            + "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Sends `request` and reads the status line of the answer.
    private func exchange(_ fd: Int32, _ request: [UInt8]) -> PostOutcome {
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return PostOutcome(statusCode: nil, error: "send failed (errno \(errno))") }
            sent += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !answer.contains(10), answer.count < 8192 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
        let line = String(decoding: answer.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]) else {
            return PostOutcome(statusCode: nil, error: answer.isEmpty ? "no answer" : "not an HTTP answer")
        }
        return PostOutcome(statusCode: code, error: (200...299).contains(code) ? nil : "answered \(code)")
    }

    /// The numeric form of a socket address.
    private static func numeric(_ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { return "?" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
