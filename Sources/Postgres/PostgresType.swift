/// A PostgreSQL type OID. Binds are sent as text with an explicit type, results arrive as text.
package struct PostgresType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Let the server infer the parameter type from context.
    package static let unspecified = PostgresType(rawValue: 0)
    package static let bool = PostgresType(rawValue: 16)
    package static let bytea = PostgresType(rawValue: 17)
    package static let name = PostgresType(rawValue: 19)
    package static let int8 = PostgresType(rawValue: 20)
    package static let int2 = PostgresType(rawValue: 21)
    package static let int4 = PostgresType(rawValue: 23)
    package static let text = PostgresType(rawValue: 25)
    package static let oid = PostgresType(rawValue: 26)
    package static let json = PostgresType(rawValue: 114)
    package static let float4 = PostgresType(rawValue: 700)
    package static let float8 = PostgresType(rawValue: 701)
    package static let unknown = PostgresType(rawValue: 705)
    package static let bpchar = PostgresType(rawValue: 1042)
    package static let varchar = PostgresType(rawValue: 1043)
    package static let date = PostgresType(rawValue: 1082)
    package static let timestamp = PostgresType(rawValue: 1114)
    package static let timestamptz = PostgresType(rawValue: 1184)
    package static let numeric = PostgresType(rawValue: 1700)
    package static let uuid = PostgresType(rawValue: 2950)
    package static let jsonb = PostgresType(rawValue: 3802)
    package static let boolArray = PostgresType(rawValue: 1000)
    package static let int2Array = PostgresType(rawValue: 1005)
    package static let int4Array = PostgresType(rawValue: 1007)
    package static let textArray = PostgresType(rawValue: 1009)
    package static let int8Array = PostgresType(rawValue: 1016)

    /// Types whose text form is the value itself: safe to read as `String`.
    static let textual: Set<PostgresType> = [.text, .varchar, .bpchar, .name, .unknown, .json, .jsonb, .uuid]

    package var description: String {
        switch self {
        case .bool: "boolean"
        case .bytea: "bytea"
        case .int8: "bigint"
        case .int2: "smallint"
        case .int4: "integer"
        case .text: "text"
        case .varchar: "varchar"
        case .float4: "real"
        case .float8: "double precision"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .numeric: "numeric"
        case .jsonb: "jsonb"
        case .int8Array: "bigint[]"
        case .textArray: "text[]"
        default: "oid \(rawValue)"
        }
    }
}
