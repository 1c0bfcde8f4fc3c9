// A tiny leveled logger: one JSON object per line on stderr (DESIGN.md, The server: "JSON
// lines access log with request ids"). Lines are built whole and handed to the sink in one call;
// the stderr sink writes each with a single write(2) under a lock, so concurrent threads never
// interleave inside a line (and lines up to PIPE_BUF are atomic even across processes).

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

    /// A sink calling `write` with each complete line.
    package init(_ write: @escaping @Sendable ([UInt8]) -> Void) {
        self.write = write
    }

    /// Standard error: one write(2) per line (looping only if the kernel takes part of it).
    package static let standardError = LogSink { line in
        StandardErrorLock.mutex.withLock { _ in
            var offset = 0
            while offset < line.count {
                let written = line[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // nowhere left to report a failing stderr
                }
                offset += written
            }
        }
    }

    /// Discards everything.
    package static let discard = LogSink { _ in }
}

private enum StandardErrorLock {
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
    }

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

/// One log line being built: compact JSON written straight into bytes.
///
/// Fields are appended in ascending key order; the logger's own `time`, `level` and `msg` are
/// merged in at their sorted places, and a caller's field with one of those names is dropped
/// (the logger's win), so the line equals `JSONValue.object(…).description` of the same fields.
package struct LogLine {
    private static let fixedKeys: [StaticString] = ["level", "msg", "time"]
    private var bytes: [UInt8] = []
    private var fixedValues: (level: String, message: String, time: Date)
    private var nextFixed = 0

    init(level: LogLevel, message: String, time: Date) {
        fixedValues = (level.description, message, time)
        bytes.reserveCapacity(320)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Appends a string field, escaped as RFC 8259 §7 asks.
    package mutating func field(_ key: StaticString, string value: String) {
        guard begin(key) else { return }
        appendQuoted(value)
    }

    /// Appends an integer field.
    package mutating func field(_ key: StaticString, number value: some BinaryInteger) {
        guard begin(key) else { return }
        appendDecimal(Int64(value))
    }

    /// Appends `units / 10^3` as a number with exactly three decimals (`1234` → `1.234`).
    package mutating func field(_ key: StaticString, thousandths units: Int64) {
        guard begin(key) else { return }
        if units < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = units.magnitude
        appendDecimal(Int64(magnitude / 1000))
        bytes.append(UInt8(ascii: "."))
        appendDigits(Int(magnitude % 1000), width: 3)
    }

    /// Appends any JSON value (strings take the fast path, the rest its compact text).
    package mutating func field(_ key: String, _ value: JSONValue) {
        guard begin(key) else { return }
        switch value {
        case .string(let text): appendQuoted(text)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        default: bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// The finished line: remaining logger fields, `}` and the newline.
    mutating func finish() -> [UInt8] {
        while nextFixed < Self.fixedKeys.count { writeNextFixed() }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Writes the logger's fields that sort before `key`, then `"key":`; false when `key` is one
    /// of the logger's own (the caller's value is dropped).
    private mutating func begin(_ key: StaticString) -> Bool {
        key.withUTF8Buffer { begin(utf8: $0) }
    }

    private mutating func begin(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { begin(utf8: $0) }
    }

    private mutating func begin(utf8 key: UnsafeBufferPointer<UInt8>) -> Bool {
        while nextFixed < Self.fixedKeys.count {
            let order = Self.fixedKeys[nextFixed].withUTF8Buffer { Self.compare($0, key) }
            guard order <= 0 else { break }
            writeNextFixed()
            if order == 0 { return false }
        }
        writeKey(key)
        return true
    }

    /// UTF-8 byte order: `String` order for NFC text, so for every key this codebase logs.
    private static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        for (a, b) in zip(lhs, rhs) where a != b { return a < b ? -1 : 1 }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    private mutating func writeKey(_ key: UnsafeBufferPointer<UInt8>) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func writeNextFixed() {
        let which = nextFixed
        nextFixed += 1
        Self.fixedKeys[which].withUTF8Buffer { writeKey($0) }
        switch which {
        case 0: appendQuoted(fixedValues.level)
        case 1: appendQuoted(fixedValues.message)
        default: appendTime(fixedValues.time)
        }
    }

    /// RFC 8259 §7, exactly as `JSONValue` escapes: `"`, `\\`, `\\n`, `\\r`, `\\t`, other controls
    /// as `\\u00xx`; everything else is copied as UTF-8 (unescaped runs in one append).
    private mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { appendQuoted($0) }
    }

    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            start = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// `value` in exactly `width` digits, zero-padded (`value` < 10^width).
    private mutating func appendDigits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private mutating func appendTwo(_ separator: UInt8, _ value: Int) {
        bytes.append(separator)
        appendDigits(value, width: 2)
    }

    /// `RFC3339.string(from: time, fractionDigits: 3)` without the intermediate strings: the
    /// same truncation of the fraction, the same proleptic Gregorian calendar.
    private mutating func appendTime(_ time: Date) {
        let interval = time.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let millis = min(Int(((interval - Double(seconds)) * 1000).rounded(.down)), 999)
        // Howard Hinnant's civil_from_days, as in `RFC3339`.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        bytes.append(UInt8(ascii: "\""))
        if year < 0 || year > 9999 {
            bytes.append(contentsOf: RFC3339.string(from: time, fractionDigits: 3).utf8)
        } else {
            appendDigits(year, width: 4)
            appendTwo(UInt8(ascii: "-"), month)
            appendTwo(UInt8(ascii: "-"), day)
            appendTwo(UInt8(ascii: "T"), secondOfDay / 3600)
            appendTwo(UInt8(ascii: ":"), secondOfDay / 60 % 60)
            appendTwo(UInt8(ascii: ":"), secondOfDay % 60)
            bytes.append(UInt8(ascii: "."))
            appendDigits(millis, width: 3)
            bytes.append(UInt8(ascii: "Z"))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
