// A tiny leveled logger: one JSON object per line on stderr (the access log writes one line per
// request, with its request id). Lines are built whole and handed to the sink in one call; the
// stderr sink writes each with a single write(2) under a lock, so concurrent threads never
// interleave inside a line; the server's sink buffers them and writes many at once (`Log+Buffer`).

import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How much to log, from `ERP_LOG`: `debug`, `info`, `warn`, `error`.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Diagnostics for developers.
    case debug
    /// Normal operation: one access-log line per request.
    case info
    /// Something odd that did not fail a request.
    case warn
    /// A failure: an internal error (logged with its request id), a lost database.
    case error

    /// Parses a level name, case-insensitively (`warning` is accepted for `warn`); nil otherwise.
    package init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warn
        case "error": self = .error
        default: return nil
        }
    }

    /// The name written in the `level` field.
    package var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    /// Orders by severity: `debug < info < warn < error`.
    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where complete log lines go; each call receives one line ending in `\n`.
package struct LogSink: Sendable {
    /// Consumes one complete line.
    package let write: @Sendable ([UInt8]) -> Void
    /// Writes out what the sink holds back (nothing for an unbuffered sink).
    package let flush: @Sendable () -> Void

    /// A sink calling `write` with each complete line, and `flush` when asked to write what it holds.
    package init(_ write: @escaping @Sendable ([UInt8]) -> Void, flush: @escaping @Sendable () -> Void = {}) {
        self.write = write
        self.flush = flush
    }

    /// Standard error: one write(2) per line (looping only if the kernel takes part of it).
    package static let standardError = LogSink { line in writeAll(line, to: 2) }

    /// Standard error through `BufferedLogWriter.standardError`: many lines a write(2) (the server).
    package static let bufferedStandardError = LogSink(
        { line in BufferedLogWriter.standardError.append(line) }, flush: { BufferedLogWriter.standardError.flush() })

    /// Discards everything.
    package static let discard = LogSink { _ in }

    /// Writes all of `bytes` to `fd` under one process-wide lock, so writers never interleave
    /// inside a line (looping only if the kernel takes part of it; a failing descriptor drops
    /// the rest: there is nowhere left to report it).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        WriteLock.mutex.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

private enum WriteLock {
    static let mutex = Mutex<Void>(())
}

/// Writes leveled JSON lines: `{"level":"info","msg":"request","time":"…",…fields}`.
package struct Logger: Sendable {
    /// Lines below this level are dropped before they are built.
    package var level: LogLevel
    /// Where lines go.
    package var sink: LogSink
    /// The clock for the `time` field (fixed in tests).
    package var now: @Sendable () -> Date

    /// A logger at `level` writing to `sink`.
    package init(level: LogLevel = .info, sink: LogSink = .standardError, now: @escaping @Sendable () -> Date = { Date() }) {
        self.level = level
        self.sink = sink
        self.now = now
    }

    /// A stderr logger at the level of `ERP_LOG` (`settings.logLevel`); unknown names mean `info`.
    package init(settings: ERPSettings) {
        self.init(level: LogLevel(name: settings.logLevel) ?? .info)
    }

    /// Whether a line at `level` would be written (check before building costly fields).
    package func isEnabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes one line. `time`, `level` and `msg` are set here and win over same-named fields.
    package func log(_ level: LogLevel, _ message: String, _ fields: [String: JSONValue] = [:]) {
        log(level, message) { line in
            for key in fields.keys.sorted() { line.field(key, fields[key, default: .null]) }
        }
    }

    /// Writes one line whose fields `build` appends straight into its bytes, in ascending key
    /// order (the order `JSONValue` sorts keys in, so both paths write identical lines). This is
    /// the per-request path: no dictionary, no intermediate `String`.
    package func log(_ level: LogLevel, _ message: String, fields build: (inout LogLine) -> Void) {
        guard isEnabled(level) else { return }
        var line = LogLine(level: level, message: message, time: now())
        build(&line)
        sink.write(line.finish())
        // A warning or an error goes out at once (with what was buffered before it): it may be
        // the last line before the process dies.
        if level >= .warn { sink.flush() }
    }

    /// Writes out what a buffering sink holds (a clean stop calls it last).
    package func flush() { sink.flush() }

    /// Writes a `debug` line.
    package func debug(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.debug, message, fields) }
    /// Writes an `info` line.
    package func info(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.info, message, fields) }
    /// Writes a `warn` line.
    package func warn(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.warn, message, fields) }
    /// Writes an `error` line.
    package func error(_ message: String, _ fields: [String: JSONValue] = [:]) { log(.error, message, fields) }
}

/// A sink that keeps lines in memory, for tests that assert on what was logged.
package final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    /// An empty capture.
    package init() {}

    /// The sink to give a `Logger`.
    package var sink: LogSink {
        LogSink { [self] line in
            self.storage.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
        }
    }

    /// Every line written so far, each with its trailing newline.
    package var lines: [String] { storage.withLock { $0 } }

    /// Every line parsed as JSON (a line that is not JSON becomes `.null`, failing any check).
    package var objects: [JSONValue] {
        lines.map { line in
            (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))) ?? .null
        }
    }
}
