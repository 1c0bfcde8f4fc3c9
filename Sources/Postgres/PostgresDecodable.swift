import Foundation

/// Why a value could not be decoded; `PostgresRow` adds the column to the message.
package struct DecodingFailure: Error, Sendable {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
}

/// A Swift type that can be read from a column in text format.
package protocol PostgresDecodable: Sendable {
    /// Builds the value from the server's text output; `text` is `nil` for SQL NULL.
    init(postgresText text: String?, type: PostgresType) throws(DecodingFailure)
}

/// Non-optional values share the NULL check and the type check.
package protocol PostgresNonNullDecodable: PostgresDecodable {
    /// The column types this Swift type accepts.
    static var acceptedTypes: Set<PostgresType> { get }
    init(nonNullText text: String, type: PostgresType) throws(DecodingFailure)
}

extension PostgresNonNullDecodable {
    package init(postgresText text: String?, type: PostgresType) throws(DecodingFailure) {
        guard let text else { throw DecodingFailure("is NULL; decode it as an Optional") }
        guard Self.acceptedTypes.contains(type) else {
            throw DecodingFailure("cannot be read as \(Self.self)")
        }
        try self.init(nonNullText: text, type: type)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    package init(postgresText text: String?, type: PostgresType) throws(DecodingFailure) {
        guard let text else {
            self = .none
            return
        }
        self = .some(try Wrapped(postgresText: text, type: type))
    }
}

private func integer<T: FixedWidthInteger>(_ text: String, _: T.Type) throws(DecodingFailure) -> T {
    guard let value = T(text) else { throw DecodingFailure("\"\(text)\" does not fit in \(T.self)") }
    return value
}

extension Int64: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.int8, .int4, .int2, .oid] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        self = try integer(text, Int64.self)
    }
}

extension Int: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.int8, .int4, .int2, .oid] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        self = try integer(text, Int.self)
    }
}

extension Int32: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.int4, .int2] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        self = try integer(text, Int32.self)
    }
}

extension String: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { PostgresType.textual }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        self = text
    }
}

extension Bool: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.bool] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        switch text {
        case "t": self = true
        case "f": self = false
        default: throw DecodingFailure("\"\(text)\" is not a boolean")
        }
    }
}

extension Double: PostgresNonNullDecodable {
    /// Only float columns: money and quantities are never floating point.
    package static var acceptedTypes: Set<PostgresType> { [.float8, .float4] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        guard let value = Double(text) else { throw DecodingFailure("\"\(text)\" is not a number") }
        self = value
    }
}

extension Date: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.timestamptz, .timestamp, .date] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        guard let date = PostgresTimestamp.parse(text) else {
            throw DecodingFailure("\"\(text)\" is not a timestamp (is the session TimeZone UTC?)")
        }
        self = date
    }
}

extension Data: PostgresNonNullDecodable {
    package static var acceptedTypes: Set<PostgresType> { [.bytea] }
    /// bytea arrives in hex format (`\x…`), the server default since 9.0.
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"),
              bytes.count % 2 == 0 else { throw DecodingFailure("bytea is not in hex format") }
        func nibble(_ byte: UInt8) throws(DecodingFailure) -> UInt8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw DecodingFailure("bad hex digit in bytea")
            }
        }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            data.append(try nibble(bytes[index]) << 4 | nibble(bytes[index + 1]))
            index += 2
        }
        self = data
    }
}

/// A `numeric` value as the server printed it (`"-1234.5600"`): exact, for the caller to convert
/// into its own fixed-point type.
package struct PostgresNumeric: PostgresNonNullDecodable, PostgresEncodable, Hashable {
    package let text: String
    package init(text: String) { self.text = text }

    package static var acceptedTypes: Set<PostgresType> { [.numeric, .int8, .int4, .int2] }
    package init(nonNullText text: String, type: PostgresType) throws(DecodingFailure) {
        self.text = text
    }

    package static var postgresType: PostgresType { .numeric }
    package var postgresText: String? { text }
}
