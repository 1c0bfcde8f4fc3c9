// Typed identifiers: a ProductID can never be passed where a WarehouseID is expected.
// Rows use `BIGINT GENERATED ALWAYS AS IDENTITY`, so every id is a positive Int64.

/// A typed identifier of one kind of entity, wrapping the row's positive `BIGINT` id.
///
/// Every conformance except the stored value comes from protocol extensions, so a module
/// declares an id in one line. Swift requires a `package` type's witnesses to be `package`, and
/// the implicit memberwise initializer is only `internal`, so spell out the initializer:
/// ```swift
/// package struct ProductID: EntityID { package let rawValue: Int64; package init(rawValue: Int64) { self.rawValue = rawValue } }
/// ```
/// (An `internal` id type needs only `struct ProductID: EntityID { let rawValue: Int64 }`.)
///
/// JSON form is a number (`42`); text form (paths, CLI arguments, `description`) is the digits.
package protocol EntityID: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible, LosslessStringConvertible where RawValue == Int64
{
    /// Wraps a raw id. Ids read from the database are trusted; input goes through `init(parsing:)`.
    init(rawValue: Int64)
}

extension EntityID {
    /// Parses an id from a path segment or CLI argument: ASCII digits only, positive, fits Int64.
    ///
    /// `"42"` is accepted; `"0"`, `"-1"`, `"+1"`, `" 1"`, `"1.0"`, `"0x1"` and `""` are not (no
    /// identity column yields them, and `Int("+1")` would let a sign slip through).
    /// - Throws: `ValueError.malformed` for non-digits, `.outOfRange` for 0 or beyond Int64.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        let expected = "an id: a positive whole number like 42"
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.allSatisfy({ (48...57).contains($0) }) else {
            throw .malformed(text: String(text), expected: expected)
        }
        var value: Int64 = 0
        for byte in bytes {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int64(byte - 48))
            guard !o1, !o2 else {
                throw .outOfRange(text: String(text), range: "between 1 and \(Int64.max)")
            }
            value = sum
        }
        guard value > 0 else {
            throw .outOfRange(text: String(text), range: "between 1 and \(Int64.max)")
        }
        self.init(rawValue: value)
    }

    /// Parses like `init(parsing:)`; nil on any error.
    package init?(_ description: String) {
        guard let id = try? Self(parsing: description) else { return nil }
        self = id
    }

    /// The digits of the id, e.g. `"42"`.
    package var description: String { String(rawValue) }

    /// Orders by raw value — the order rows were created in, and the order locks are taken in.
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes from a JSON number, which must be a positive integer.
    /// - Throws: `DecodingError.typeMismatch` for non-integers, `.dataCorrupted` for 0 or negatives.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int64.self)
        guard value > 0 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: container.codingPath,
                debugDescription: "an id must be a positive whole number, not \(value)"))
        }
        self.init(rawValue: value)
    }

    /// Encodes as a JSON number.
    /// - Throws: whatever the encoder throws.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
