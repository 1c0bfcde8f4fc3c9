// The one shape every report has — the owner's reports and the receivables alike: named columns,
// rows of cells, a total row. JSON gives each row as an object keyed by column; CSV has exactly the
// same columns (header, rows, total); the CLI renders the same table. Money and quantities stay
// exact decimal strings throughout. It lives in the kernel because reports are made on several
// floors: receivables in Billing, the owner's reports in the Reports target above every module.

import Foundation
import Postgres

/// A cell of a report: its JSON value and its text.
package enum ReportCell: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case money(Money)
    case quantity(Quantity)
    /// A percentage with two decimals, e.g. "23.45"; nil when undefined (nothing to divide by).
    case percent(String?)

    /// The cell in JSON: decimal strings for money and quantities, numbers for counts.
    package var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .integer(let value): .number(value)
        case .money(let money): .string(money.description)
        case .quantity(let qty): .string(qty.description)
        case .percent(let text): text.map(JSONValue.string) ?? .null
        }
    }

    /// The cell as CSV and terminal tables print it.
    package var display: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .money(let money): money.description
        case .quantity(let qty): qty.description
        case .percent(let text): text ?? ""
        }
    }

    /// `part / whole × 100` with two decimals, half-up; undefined for a zero whole.
    package static func percent(_ part: Int64, of whole: Int64) -> ReportCell {
        guard whole != 0 else { return .percent(nil) }
        let hundredths = DecimalText.divideRoundingHalfUp(Int128(part) * 10_000, by: Int128(whole))
        return .percent(DecimalText.format(Int64(clamping: hundredths), scale: 2))
    }
}

/// A report: what it is, for which period, its columns, rows and totals.
package struct Report: Sendable, Equatable, Encodable {
    /// `revenue`, `stock`, `write_offs`, …
    package var name: String
    /// The parameters it was run with (period, grouping), echoed back.
    package var parameters: [String: String]
    package var columns: [String]
    package var rows: [[ReportCell]]
    package var totals: [ReportCell]
    /// Figures about the whole report (conversion, previous period), by name.
    package var summary: [String: ReportCell]

    package init(name: String, parameters: [String: String], columns: [String], rows: [[ReportCell]], totals: [ReportCell],
                 summary: [String: ReportCell] = [:]) {
        self.name = name
        self.parameters = parameters
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.summary = summary
    }

    /// `{"report", "parameters", "columns", "rows": [{column: value}], "totals": {column: value}}`.
    package func encode(to encoder: any Encoder) throws {
        func object(_ cells: [ReportCell]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: zip(columns, cells.map(\.json))))
        }
        let value: JSONValue = .object([
            "report": .string(name),
            "parameters": .object(parameters.mapValues(JSONValue.string)),
            "columns": .array(columns.map(JSONValue.string)),
            "rows": .array(rows.map(object)),
            "totals": object(totals),
            "summary": .object(summary.mapValues(\.json)),
        ])
        try value.encode(to: encoder)
    }

    /// The same table as CSV: the column names, every row, then the total row. Handed out only
    /// through `exported(as:entityType:parameters:dialect:by:on:)`, which audits the export.
    var csv: String { csv(in: .standard) }

    /// The table as CSV in `dialect`.
    func csv(in dialect: CSVDialect) -> String {
        let table = [columns] + rows.map { $0.map(dialect.text) } + [totals.map(dialect.text)]
        switch dialect {
        case .standard: return CSVDocument.write(table)
        case .excel: return "\u{FEFF}" + CSVDocument.write(table, separator: ";")
        }
    }

    /// The report as CSV, its export recorded as `action` (with its row count and `parameters`) on
    /// `connection` — the main database, not the replica the report may have been read from.
    /// The services that hand out a report's file call this after checking the permission.
    /// - Throws: translated database errors (the file is then not handed out).
    package func exported(as action: String, entityType: String, parameters: [String: String], dialect: CSVDialect = .standard,
                          by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        let text = csv(in: dialect)
        try Audit.recordExport(action, entityType: entityType, rows: rows.count, parameters: parameters, by: principal, on: connection)
        return text
    }

    /// The cells of every row as text (for terminal tables).
    package var textRows: [[String]] { rows.map { $0.map(\.display) } }
}

/// How a report's CSV is written.
package enum CSVDialect: String, Sendable, CaseIterable {
    /// `,` and a decimal point: for programs (the API's `?format=csv`).
    case standard
    /// What Russian Excel opens by double-click: UTF-8 with a BOM, `;` between fields, a decimal
    /// comma (`1234,50`, without grouping, so the cell stays a number).
    case excel

    /// A cell's text in this dialect.
    func text(_ cell: ReportCell) -> String {
        switch (self, cell) {
        case (.standard, _), (.excel, .text), (.excel, .integer): cell.display
        case (.excel, .money), (.excel, .quantity), (.excel, .percent): cell.display.replacingOccurrences(of: ".", with: ",")
        }
    }
}
