// A JSON value for error details and other free-form payloads. Numbers are kept as their exact
// decimal text, so an id or an amount never passes through Double on the way out.

import Foundation

/// A JSON value with numbers held as exact decimal text.
package indirect enum JSONValue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A JSON string.
    case string(String)
    /// A JSON number, as its decimal text (`"42"`, `"-0.5"`); see `number(_:)` for integers.
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONValue])
    /// An object; keys are written sorted, so output is stable.
    case object([String: JSONValue])

    /// A JSON number from an integer.
    package static func number(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// Compact JSON text with sorted keys, e.g. `{"code":"not_found","id":42}`.
    package var description: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Appends compact JSON text to `output`.
    package func write(to output: inout String) {
        switch self {
        case .string(let text):
            Self.writeString(text, to: &output)
        case .number(let text):
            output += text
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key, default: .null].write(to: &output)
            }
            output += "}"
        }
    }

    /// RFC 8259 §7: escape `"`, `\` and control characters; everything else is UTF-8 as is.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Most text needs no escape: append it whole (an import audits 100,000 products at once).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Decodes any JSON value; numbers keep their exact text (via `Foundation.Decimal`'s digits).
    /// - Throws: `DecodingError` when the input is not JSON.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(value)
        } else if let value = try? container.decode(Foundation.Decimal.self) {
            self = .number(value.description)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes through any encoder; numbers are written as Int64 or exact `Decimal`, never Double.
    /// - Throws: `EncodingError.invalidValue` for a `.number` whose text is not a number.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        case .number(let text):
            if let integer = Int64(text) {
                try container.encode(integer)
            } else if let decimal = Foundation.Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
                try container.encode(decimal)
            } else {
                throw EncodingError.invalidValue(
                    text, .init(codingPath: encoder.codingPath, debugDescription: "not a JSON number"))
            }
        }
    }

    /// The text of a string value, nil for other values.
    package var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// The member `key` of an object, nil for other values or a missing key.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}
