import Glibc
import Synchronization

/// Shares a connection's descriptor between the loop and the worker holding its request.
///
/// A worker writes its response straight to the socket when nothing else is queued for it
/// (saving the loop a `send` per request). The loop alone closes descriptors; it marks the
/// guard closed first, waiting out a send in progress, so a late worker can never write into
/// a descriptor number the kernel has since handed to another connection or file.
final class SocketGuard: Sendable {
    let fd: Int32
    /// 0: open, 1: a worker is sending, 2: closed.
    private let state = Atomic<Int>(0)

    init(fd: Int32) { self.fd = fd }

    /// Worker side: runs `body` with the descriptor unless the loop closed it.
    func withOpenSocket<T>(_ body: (Int32) -> T) -> T? {
        guard state.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged else { return nil }
        defer { state.store(0, ordering: .releasing) }
        return body(fd)
    }

    /// Loop side: marks the socket closed and closes it (after any send in progress).
    func close() {
        while true {
            let (exchanged, current) = state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing)
            if exchanged { break }
            if current == 2 { return }
            sched_yield()  // a non-blocking send is in progress; it ends in microseconds
        }
        Socket.close(fd)
    }
}

extension HTTPServer {
    /// Sends `bytes` on the job's socket without blocking; returns how many went out, or nil
    /// when the socket is closed or failed (the loop then closes the connection).
    static func sendDirectly(_ bytes: [UInt8], on socket: SocketGuard) -> Int? {
        let sent: Int?? = socket.withOpenSocket { fd in
            bytes.withUnsafeBytes { raw -> Int? in
                var offset = 0
                while offset < raw.count {
                    switch Socket.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...])) {
                    case .bytes(let n): offset += n
                    case .wouldBlock: return offset  // the loop writes the rest on EPOLLOUT
                    case .eof, .failed: return nil
                    }
                }
                return offset
            }
        }
        return sent ?? nil
    }
}
