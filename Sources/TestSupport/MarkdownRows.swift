// Reading the tables of the repository's markdown documents, for tests that check a document
// against the code (the table-ownership map, the module dependencies in docs/architecture.md).

import Foundation

/// The rows of markdown tables in a document.
package enum MarkdownRows {
    /// The rows of the table under the line `heading` in `document` (up to the next heading) whose
    /// first cell is code (`` | `name` | … ``), each as its trimmed cells.
    package static func rows(in document: String, under heading: String) -> [[String]] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == heading }) else { return [] }
        return lines[(start + 1)...].prefix { !$0.hasPrefix("#") }
            .filter { $0.hasPrefix("| `") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    /// The words in backquotes of a cell: `` `a`, `b` `` → `["a", "b"]`.
    package static func codeWords(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// Comma-separated plain words of a cell: `ERPCore, Postgres` → `["ERPCore", "Postgres"]`.
    package static func words(_ cell: String) -> [String] {
        cell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
