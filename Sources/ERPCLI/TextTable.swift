/// A plain-text table for terminals: a header, aligned columns, an optional total row.
///
/// Numbers (money, quantities) are right-aligned so digits line up; text is left-aligned and
/// cut with `…` when the table would not fit `width` columns.
package struct TextTable: Sendable {
    /// How a column's cells line up.
    package enum Alignment: Sendable { case left, right }

    package struct Column: Sendable {
        package let title: String
        package let alignment: Alignment
        package init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    package let columns: [Column]
    package private(set) var rows: [[String]] = []
    package var footer: [String]?

    package init(_ columns: [Column]) { self.columns = columns }

    package mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The table as lines of text fitting `width` (the widest left-aligned column shrinks first).
    package func render(width: Int = 80) -> String {
        let all = [columns.map(\.title)] + rows + (footer.map { [$0] } ?? [])
        var widths = columns.indices.map { index in all.map { $0[index].count }.max() ?? 0 }
        let separators = 2 * (columns.count - 1)
        while widths.reduce(0, +) + separators > width,
              let widest = columns.indices.filter({ columns[$0].alignment == .left && widths[$0] > 8 })
                .max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let fitted = cell.count > widths[index] ? String(cell.prefix(widths[index] - 1)) + "…" : cell
                let padding = String(repeating: " ", count: widths[index] - fitted.count)
                parts.append(columns[index].alignment == .right ? padding + fitted : fitted + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(columns.map(\.title))]
        lines += rows.map(line)
        if let footer {
            lines.append(String(repeating: "─", count: min(width, widths.reduce(0, +) + separators)))
            lines.append(line(footer))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
