import Foundation
import Synchronization
import Glibc

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
        key.withUTF8Buffer { begin(utf8: $0, plain: true) }
    }

    private mutating func begin(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { begin(utf8: $0, plain: false) }
    }

    /// `plain`: the key is a literal of this codebase (`StaticString`: letters and `_`), copied
    /// without the escaping scan — the access log writes ten keys a request.
    private mutating func begin(utf8 key: UnsafeBufferPointer<UInt8>, plain: Bool) -> Bool {
        while nextFixed < Self.fixedKeys.count {
            let order = Self.fixedKeys[nextFixed].withUTF8Buffer { Self.compare($0, key) }
            guard order <= 0 else { break }
            writeNextFixed()
            if order == 0 { return false }
        }
        writeKey(key, plain: plain)
        return true
    }

    /// UTF-8 byte order: `String` order for NFC text, so for every key this codebase logs.
    private static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        for (a, b) in zip(lhs, rhs) where a != b { return a < b ? -1 : 1 }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    private mutating func writeKey(_ key: UnsafeBufferPointer<UInt8>, plain: Bool) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        if plain {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: key)
            bytes.append(UInt8(ascii: "\""))
        } else {
            appendQuoted(key)
        }
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func writeNextFixed() {
        let which = nextFixed
        nextFixed += 1
        Self.fixedKeys[which].withUTF8Buffer { writeKey($0, plain: true) }
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
