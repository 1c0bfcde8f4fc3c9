/// A plain-text table for terminals: a header, aligned columns, an optional total row.
///
/// Numbers (money, quantities) are right-aligned so digits line up, and are never cut: a number
/// with a digit missing is worse than no table. Text is left-aligned; when the table would not
/// fit `width` columns the widest text column narrows and its cells wrap onto more lines (at
/// spaces where they can). When even that cannot fit — the numbers alone are wider than the
/// terminal — each row is printed as a block of `TITLE  value` lines instead (TextTable+Vertical.swift).
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

    /// A text column narrows to no fewer characters than this before the table turns vertical.
    static let narrowestText = 8

    package init(_ columns: [Column]) { self.columns = columns }

    package mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }

    /// The table as lines of text fitting `width` where it can (the widest text column narrows
    /// and wraps first); numbers are always whole.
    package func render(width: Int = 80) -> String {
        let all = [columns.map(\.title)] + rows + (footer.map { [$0] } ?? [])
        var widths = columns.indices.map { index in all.map { $0[index].count }.max() ?? 0 }
        let separators = 2 * (columns.count - 1)
        while widths.reduce(0, +) + separators > width,
              let widest = columns.indices.filter({ columns[$0].alignment == .left && widths[$0] > Self.narrowestText })
                .max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
        }
        guard widths.reduce(0, +) + separators <= width else { return vertical(width: width) }
        var lines = line(columns.map(\.title), widths)
        lines += rows.flatMap { line($0, widths) }
        if let footer {
            lines.append(String(repeating: "─", count: widths.reduce(0, +) + separators))
            lines += line(footer, widths)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row as one or more lines: text cells wrapped to their column, numbers on the first line.
    private func line(_ cells: [String], _ widths: [Int]) -> [String] {
        let wrapped = cells.enumerated().map { index, cell in
            columns[index].alignment == .right ? [cell] : Self.wrap(cell, to: widths[index])
        }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { row in
            var parts: [String] = []
            for (index, pieces) in wrapped.enumerated() {
                let piece = row < pieces.count ? pieces[row] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - piece.count))
                parts.append(columns[index].alignment == .right ? padding + piece : piece + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// `text` in lines of at most `width` characters, broken at a space or after a hyphen where
    /// possible and inside a word only when no line break fits. Nothing is dropped but the spaces
    /// a break replaces.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            let window = rest.prefix(width + 1)
            let space = window.lastIndex(of: " ").flatMap { $0 > rest.startIndex ? $0 : nil }
            let hyphen = window.dropLast().lastIndex(of: "-").flatMap { $0 > rest.startIndex ? rest.index(after: $0) : nil }
            if let hyphen, hyphen > space ?? rest.startIndex {
                lines.append(String(rest[..<hyphen]))
                rest = rest[hyphen...]
            } else if let space {
                lines.append(String(rest[..<space]))
                rest = rest[rest.index(after: space)...]
            } else {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
        }
        if !rest.isEmpty || lines.isEmpty { lines.append(String(rest)) }
        return lines
    }
}
