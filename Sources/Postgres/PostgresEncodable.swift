import Foundation

/// A Swift value that can be sent to the server as a bind parameter.
///
/// Parameters travel in text format with an explicit type, so the server never guesses and a
/// value can never become SQL text.
package protocol PostgresEncodable: Sendable {
    /// The parameter's type as declared to the server.
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text input syntax; `nil` sends SQL NULL.
    var postgresText: String? { get }
}

extension Int64: PostgresEncodable {
    package static var postgresType: PostgresType { .int8 }
    package var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    package static var postgresType: PostgresType { .int8 }
    package var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    package static var postgresType: PostgresType { .int4 }
    package var postgresText: String? { String(self) }
}

extension String: PostgresEncodable {
    package static var postgresType: PostgresType { .text }
    package var postgresText: String? { self }
}

extension Bool: PostgresEncodable {
    package static var postgresType: PostgresType { .bool }
    package var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    package static var postgresType: PostgresType { .float8 }
    package var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
}

extension Data: PostgresEncodable {
    package static var postgresType: PostgresType { .bytea }
    /// bytea hex format: `\x` followed by two hex digits per byte.
    package var postgresText: String? {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Date: PostgresEncodable {
    package static var postgresType: PostgresType { .timestamptz }
    /// Microsecond precision, always UTC, so the session time zone never matters.
    package var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    package static var postgresType: PostgresType { Wrapped.postgresType }
    package var postgresText: String? { self?.postgresText }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    package static var postgresType: PostgresType { Element.postgresArrayType }
    /// Array literal syntax with every element quoted and escaped, so any text is safe. Built
    /// as UTF-8 bytes: an import binds columns of 5,000 values, and appending `Character`s to a
    /// `String` one at a time cost more than the database spent inserting them.
    package var postgresText: String? {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, element) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let value = element.postgresText else {
                bytes += "NULL".utf8
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                // `"` and `\` are ASCII, never part of a multi-byte UTF-8 sequence.
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Element types that can be bound as a one-dimensional array (for `= ANY($1)`).
package protocol PostgresArrayElement: PostgresEncodable {
    static var postgresArrayType: PostgresType { get }
}

extension Int64: PostgresArrayElement { package static var postgresArrayType: PostgresType { .int8Array } }
extension Int: PostgresArrayElement { package static var postgresArrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { package static var postgresArrayType: PostgresType { .int4Array } }
extension String: PostgresArrayElement { package static var postgresArrayType: PostgresType { .textArray } }
extension Bool: PostgresArrayElement { package static var postgresArrayType: PostgresType { .boolArray } }

/// Arrays with NULL elements (`[Int64?]` binds as `bigint[]`), for set-based writes of nullable
/// columns through `unnest`.
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    package static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
}
