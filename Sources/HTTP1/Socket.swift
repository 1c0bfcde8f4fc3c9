import CEpoll
import Glibc

/// Why the server could not start.
package enum HTTPServerError: Error, Sendable, Equatable {
    /// `host` did not resolve to an address (getaddrinfo's message).
    case resolve(host: String, message: String)
    /// A socket call failed with `errno`.
    case socket(call: String, errno: Int32)
    /// `start()` was called twice.
    case alreadyStarted
}

/// The result of a non-blocking read or write.
enum IOResult {
    case bytes(Int)
    case wouldBlock
    case eof
    case failed(Int32)
}

/// The result of a non-blocking accept.
enum AcceptResult {
    case accepted(fd: Int32, address: String)
    case wouldBlock
    /// Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): back off.
    case exhausted
    /// A connection died in the backlog (ECONNABORTED, EPROTO, …): try the next one.
    case skip
}

/// Thin syscall wrappers: every call is retried on EINTR (except close, see below).
enum Socket {
    /// Creates a non-blocking listening socket (SO_REUSEADDR) and returns it with its port.
    static func listen(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> (Int32, Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let info = list else {
            throw .resolve(host: host, message: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | CEPOLL_SOCK_NONBLOCK | CEPOLL_SOCK_CLOEXEC, 0)
        guard fd >= 0 else { throw .socket(call: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw .socket(call: "bind", errno: e)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw .socket(call: "listen", errno: e)
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let actualPort = withUnsafeMutablePointer(to: &storage) { ptr in
            ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        } == 0 ? Self.port(of: storage) : port
        return (fd, actualPort)
    }

    /// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC; sets TCP_NODELAY on the new socket.
    static func accept(_ listener: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) { ptr in
                ptr.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    cepoll_accept4(listener, $0, &len, CEPOLL_SOCK_NONBLOCK | CEPOLL_SOCK_CLOEXEC)
                }
            }
            if fd >= 0 {
                var one: Int32 = 1
                // Head and body go out in one send; never wait for Nagle.
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return .accepted(fd: fd, address: format(storage))
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted
            default: return .skip
            }
        }
    }

    /// recv into `buffer`.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .eof }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// send with MSG_NOSIGNAL (a closed peer yields EPIPE, never SIGPIPE).
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// shutdown(SHUT_WR): sends FIN after queued data, so the client sees the whole response.
    static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is released even then, and a
    /// retry could close a descriptor another thread just received.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return 0
        }
    }

    /// `ip:port`, or `[ip]:port` for IPv6.
    static func format(_ storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let port = Self.port(of: storage)
        switch Int32(storage.ss_family) {
        case AF_INET:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                }
            }
            return "\(decodeCString(text)):\(port)"
        case AF_INET6:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                }
            }
            return "[\(decodeCString(text))]:\(port)"
        default:
            return ""
        }
    }

    static func decodeCString(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
