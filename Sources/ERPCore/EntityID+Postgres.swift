// Typed ids go into SQL and come out of rows as themselves, so a query never needs `.rawValue`
// and a decoded column is already a `UserID`, not a bare Int64: ids are typed.
//
// A protocol cannot conform to another protocol through an extension, so instead of making every
// `EntityID` `PostgresEncodable` this file adds interpolation and decoding overloads for them.

import Postgres

extension PostgresQuery.StringInterpolation {
    /// Binds a typed id as its `bigint`: `"… WHERE id = \(userID)"`.
    package mutating func appendInterpolation(_ id: some EntityID) {
        appendInterpolation(id.rawValue)
    }

    /// Binds a typed id that may be absent; `nil` is SQL NULL.
    package mutating func appendInterpolation<ID: EntityID>(_ id: ID?) {
        appendInterpolation(id?.rawValue)
    }

    /// Binds typed ids as a `bigint[]`, for `= ANY(\(ids))`.
    package mutating func appendInterpolation<ID: EntityID>(_ ids: [ID]) {
        appendInterpolation(ids.map(\.rawValue))
    }
}

extension PostgresRow {
    /// Decodes a `bigint` column as a typed id: `try row.decode(0, as: UserID.self)`.
    /// - Throws: `PostgresError` of kind `.decoding` on NULL or a non-integer column.
    package func decode<ID: EntityID>(_ column: Int, as type: ID.Type) throws(PostgresError) -> ID {
        ID(rawValue: try decode(column, as: Int64.self))
    }

    /// Decodes a nullable `bigint` column as an optional typed id.
    /// - Throws: `PostgresError` of kind `.decoding` on a non-integer column.
    package func decode<ID: EntityID>(_ column: Int, as type: ID?.Type) throws(PostgresError) -> ID? {
        try decode(column, as: Int64?.self).map(ID.init(rawValue:))
    }
}
