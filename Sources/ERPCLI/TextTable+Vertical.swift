// The vertical layout of a table too wide for the terminal even with its text wrapped (many
// money columns of 13-digit amounts at 80 characters): each row becomes a block of
// `TITLE  value` lines under a rule, like psql's `\x`. Values wrap beside their titles; numbers
// stay whole even when that makes a line longer than the terminal.

extension TextTable {
    /// Every row (and the footer, as the block `TOTAL`) as a block of title–value lines.
    func vertical(width: Int) -> String {
        let titleWidth = columns.map(\.title.count).max() ?? 0
        let valueWidth = max(Self.narrowestText, width - titleWidth - 2)
        var lines: [String] = []
        let blocks = rows.enumerated().map { ("\($0.offset + 1)", $0.element) } + (footer.map { [("TOTAL", $0)] } ?? [])
        for (label, cells) in blocks {
            let rule = "── \(label) "
            lines.append(rule + String(repeating: "─", count: max(0, min(width, titleWidth + 2 + valueWidth) - rule.count)))
            for (index, cell) in cells.enumerated() where !cell.isEmpty {
                let title = columns[index].title
                let pieces = columns[index].alignment == .right ? [cell] : Self.wrap(cell, to: valueWidth)
                for (number, piece) in pieces.enumerated() {
                    let head = number == 0 ? title : ""
                    lines.append(head + String(repeating: " ", count: titleWidth - head.count + 2) + piece)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
