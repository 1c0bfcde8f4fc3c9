/// The rows a statement returned, copied out of libpq's result so nothing points into it.
/// Equal when columns, affected count and every cell agree (how prepared and unnamed runs compare).
package struct PostgresRows: Sendable, Equatable, RandomAccessCollection {
    /// Column names and types, in select-list order.
    package let columns: [Column]
    /// Rows affected, for INSERT/UPDATE/DELETE (0 for other statements).
    package let affectedRows: Int
    let cells: [String?]

    package struct Column: Sendable, Equatable {
        package let name: String
        package let type: PostgresType
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { columns.isEmpty ? 0 : cells.count / columns.count }

    package subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: position)
    }

    /// The only row; throws when there are none or more than one.
    package func single() throws(PostgresError) -> PostgresRow {
        guard count == 1 else {
            throw PostgresError(.decoding, message: "expected exactly one row, got \(count)")
        }
        return self[0]
    }

    /// The first row, if any.
    package var firstRow: PostgresRow? { isEmpty ? nil : self[0] }
}

/// One result row. Values are read by position into typed Swift values:
/// `let (id, name) = (try row.decode(0, as: Int64.self), try row.decode(1, as: String.self))`.
package struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int

    /// Number of columns.
    package var count: Int { rows.columns.count }

    /// Decodes column `column` as `T`; NULL decodes only into an `Optional`.
    /// - Throws: `PostgresError` of kind `.decoding` naming the column, on NULL, a type the Swift
    ///   type cannot hold, or text that does not parse.
    package func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard column >= 0, column < rows.columns.count else {
            throw PostgresError(.decoding, message: "column index \(column) out of range 0..<\(rows.columns.count)")
        }
        let info = rows.columns[column]
        let text = rows.cells[index * rows.columns.count + column]
        do {
            return try T(postgresText: text, type: info.type)
        } catch let failure {
            throw PostgresError(
                .decoding,
                message: "column \(column) \"\(info.name)\" (\(info.type)): \(failure.reason)"
            )
        }
    }

    /// Decodes the column named `name`.
    package func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let column = rows.columns.firstIndex(where: { $0.name == name }) else {
            throw PostgresError(.decoding, message: "no column named \"\(name)\"")
        }
        return try decode(column, as: type)
    }

    /// Whether the value in `column` is SQL NULL.
    package func isNull(_ column: Int) -> Bool {
        rows.cells[index * rows.columns.count + column] == nil
    }
}
