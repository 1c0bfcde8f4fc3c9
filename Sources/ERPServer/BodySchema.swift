// The JSON bodies routes take, declared once as JSON Schema values. The same declaration is
// published in `/openapi.json` and enforced by `RequestContext.decode` before the command struct
// is decoded (BodySchema+Validation.swift): an unknown field, a value outside its enum, pattern
// or bounds, or a control character where the field does not allow one is refused, naming the
// field — so what the document promises is exactly what the server accepts.
//
// Text rule: single-line fields (names, codes, references) refuse every C0 control character and
// DEL; multiline fields (notes, comments, addresses, activity text) allow tab, line feed and
// carriage return and refuse the rest. U+0000 is refused everywhere.

import ERPCore

/// A request body schema with its name in `components.schemas`.
package struct BodySchema: Sendable {
    /// The name in `components.schemas` (`NewProduct`).
    package let name: String
    /// The JSON Schema.
    package let schema: JSONValue
    /// The media type of the body.
    package let contentType: String
    /// False when the route also takes no body at all (ship everything, a token without expiry).
    package let isRequired: Bool
    /// The id fields that may be given by natural key instead (INN, SKU, code): published in
    /// `schema`, resolved to ids by `RequestContext.decode`.
    package let keys: NaturalKeys

    /// A named body schema.
    package init(_ name: String, _ schema: JSONValue, contentType: String = "application/json", isRequired: Bool = true,
                 keys: NaturalKeys = .none) {
        self.name = name
        self.schema = keys.extend(schema)
        self.keys = keys
        self.contentType = contentType
        self.isRequired = isRequired
    }

    /// A closed object: only these properties; those not `required` may also be `null` (meaning
    /// "not given"). Property order does not matter.
    package static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (name, schema) in properties { members[name] = required.contains(name) ? schema : nullable(schema) }
        return .object([
            "type": .string("object"), "properties": .object(members),
            "required": .array(required.sorted().map { .string($0) }), "additionalProperties": .bool(false),
        ])
    }

    /// An object whose keys are free (a map such as price type code → price) and whose values follow `values`.
    package static func map(_ values: JSONValue) -> JSONValue {
        .object(["type": .string("object"), "additionalProperties": values])
    }

    /// `schema` that also admits `null`.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if case .string(let type)? = members["type"] { members["type"] = .array([.string(type), .string("null")]) }
        if case .array(let words)? = members["enum"] { members["enum"] = .array(words + [.null]) }
        return .object(members)
    }

    /// A database id: a positive 64-bit integer.
    package static let id: JSONValue = .object([
        "type": .string("integer"), "minimum": .number(1), "maximum": .number(Int64.max),
    ])
    /// A record's version (`PATCH … {"version": 3}`; company settings start at 0).
    package static let version = integer(0...Int64.max)
    /// A whole number within `bounds`.
    package static func integer(_ bounds: ClosedRange<Int64>) -> JSONValue {
        .object(["type": .string("integer"), "minimum": .number(bounds.lowerBound), "maximum": .number(bounds.upperBound)])
    }
    /// `true` or `false`.
    package static let boolean: JSONValue = .object(["type": .string("boolean")])
    /// An exact decimal as text (`"1234.50"`, `"-3"`): money, quantities, percentages.
    /// (A JSON number is accepted too, as before: `"price": 10`.)
    package static let decimal: JSONValue = .object([
        "type": .array([.string("string"), .string("number")]), "pattern": .string("^-?[0-9]{1,18}(\\.[0-9]{1,6})?$"),
        "description": .string("an exact decimal as text, e.g. \"1234.50\""),
    ])
    /// A calendar date, `2026-12-01`.
    package static let date: JSONValue = .object([
        "type": .string("string"), "format": .string("date"), "pattern": .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    ])
    /// An RFC 3339 timestamp, `2026-12-01T09:30:00Z`.
    package static let timestamp: JSONValue = .object(["type": .string("string"), "format": .string("date-time")])

    /// Single-line text of at most `maxLength` characters (no control characters).
    package static func line(_ maxLength: Int) -> JSONValue {
        .object([
            "type": .string("string"), "maxLength": .number(maxLength),
            "pattern": .string("^[^\\u0000-\\u001F\\u007F]*$"),
        ])
    }

    /// `schema` (text or an array) that must not be empty: published as `minLength`/`minItems` 1,
    /// refused by the service (which reports it with every other refused value).
    package static func nonEmpty(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        members[members["items"] == nil ? "minLength" : "minItems"] = .number(1)
        return .object(members)
    }

    /// Text that may span lines (tab, LF and CR allowed; other control characters refused).
    package static func text(_ maxLength: Int) -> JSONValue {
        .object([
            "type": .string("string"), "maxLength": .number(maxLength), "x-multiline": .bool(true),
            "pattern": .string("^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$"),
        ])
    }

    /// One of an enumeration's raw values.
    package static func enumeration<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        words(T.allCases.map(\.rawValue))
    }

    /// One of these words.
    package static func words(_ words: [String]) -> JSONValue {
        .object(["type": .string("string"), "enum": .array(words.map { .string($0) })])
    }

    /// An array of `items`, at most `maxItems` long.
    package static func array(_ items: JSONValue, maxItems: Int = 10_000) -> JSONValue {
        .object(["type": .string("array"), "items": items, "maxItems": .number(maxItems)])
    }
}
