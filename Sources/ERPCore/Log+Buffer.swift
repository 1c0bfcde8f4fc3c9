// The server's log lines gathered in memory and written in large writes: one write(2) per request
// under a process-wide lock cost `erp serve` a measurable share of its /health rate (issue #20).
// A background thread writes what is waiting at least every `interval`, a thread that fills the
// buffer writes it itself, a `warn` or `error` line is written at once (`Logger.log` flushes), and
// a clean stop flushes (`APIServer.shutdown`, and process exit): nothing logged is lost then.

import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Complete lines for one file descriptor, buffered and written in order, whole.
package final class BufferedLogWriter: Sendable {
    /// Standard error, flushed every 50 ms (and at exit).
    package static let standardError = BufferedLogWriter(fd: 2, interval: .milliseconds(50))

    /// Bytes waiting before the thread that appends them writes them itself.
    package static let flushThreshold = 64 * 1024

    private struct State {
        var pending: [UInt8] = []
        var flusherStarted = false
    }

    private let fd: Int32
    private let interval: Duration
    private let state = Mutex(State())
    /// Held while a batch is written, around the spare buffer it goes out in: batches leave in
    /// the order their lines arrived.
    private let writing: Mutex<[UInt8]>

    /// A writer for `fd` (not owned: never closed here) whose flusher wakes every `interval`.
    package init(fd: Int32, interval: Duration) {
        self.fd = fd
        self.interval = interval
        writing = Mutex([])
    }

    /// Queues one complete line; writes the buffer when it holds `flushThreshold` bytes.
    package func append(_ line: [UInt8]) {
        let (full, startFlusher) = state.withLock { (state: inout State) -> (Bool, Bool) in
            state.pending.append(contentsOf: line)
            let starting = !state.flusherStarted
            state.flusherStarted = true
            return (state.pending.count >= Self.flushThreshold, starting)
        }
        if startFlusher { startFlushing() }
        if full { flush() }
    }

    /// Writes everything queued so far; returns once it is written (or the descriptor failed).
    package func flush() {
        writing.withLock { batch in
            state.withLock { swap(&$0.pending, &batch) }
            guard !batch.isEmpty else { return }
            LogSink.writeAll(batch, to: fd)
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// The flusher: a detached thread for the life of the writer (the process's, for stderr), and
    /// a flush at exit for the standard error writer (the one a process's loggers share).
    private func startFlushing() {
        let interval = interval.components
        let seconds = Double(interval.seconds) + Double(interval.attoseconds) / 1e18
        Thread.detachNewThread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: seconds)
                guard let writer = self else { return }  // a test's writer, gone
                writer.flush()
            }
        }
        if self === Self.standardError { atexit { BufferedLogWriter.standardError.flush() } }
    }
}
