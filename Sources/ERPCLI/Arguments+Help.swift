// What the user sees when asking for help or making a mistake: `--help` text, `UsageError`,
// and "did you mean" suggestions.

/// A mistake on the command line: a one-line message and a hint. The CLI exits with 2.
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `unknown option --frobnicate for 'erp stock receive'`.
    package let message: String
    /// What to do, e.g. `did you mean --warehouse? See 'erp stock receive --help'.`
    package let hint: String

    /// The exit code of every usage error (docs/cli.md).
    package static let exitCode: Int32 = 2

    /// A usage error; `hint` should point at `--help`.
    package init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }

    /// The two lines written to stderr: `error: …` and `hint: …`.
    package var description: String { "error: \(message)\nhint: \(hint)" }
}

extension CommandSpec {
    /// The `--help` text: usage, summary, then aligned Arguments, Options and Commands sections,
    /// every line at most `width` columns (long summaries wrap under their column).
    /// - Parameter commandName: The full command path, e.g. `"erp stock receive"`.
    package func helpText(commandName: String, width: Int = 80) -> String {
        var lines = usageLines(commandName: commandName, width: width)
        lines.append("")
        lines += HelpLayout.wrap(summary, width: width, indent: 0)
        let arguments = positionals.map { ($0.name, $0.summary) }
        let optionRows = options.map { option in
            (option.synopsis, option.summary + option.annotation)
        } + [("-h, --help", "Show this help")]
        let commands = subcommands.map { ($0.name, $0.summary) }
        for (title, rows) in [("Arguments:", arguments), ("Options:", optionRows), ("Commands:", commands)]
        where !rows.isEmpty {
            lines += ["", title] + HelpLayout.columns(rows, width: width)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Usage: erp stock receive --warehouse CODE [options]`, wrapped to `width`.
    package func usageLines(commandName: String, width: Int = 80) -> [String] {
        let forms = usage.map { $0.split(separator: "\n").map(String.init) } ?? [generatedUsage]
        var lines: [String] = []
        for (index, form) in forms.enumerated() {
            let lead = index == 0 ? "Usage: " : "       "
            let text = commandName + (form.isEmpty ? "" : " " + form)
            let wrapped = HelpLayout.wrap(text, width: width - lead.count, indent: commandName.count + 1)
            for (row, line) in wrapped.enumerated() { lines.append((row == 0 ? lead : "       ") + line) }
        }
        return lines
    }

    /// Required options spelled out, `[options]` for the rest, then positionals or `COMMAND`.
    private var generatedUsage: String {
        var words: [String] = []
        if !subcommands.isEmpty { words.append("COMMAND") }
        for option in options where option.isRequired {
            words.append(option.synopsis + (option.kind == .repeatable ? "..." : ""))
        }
        if options.contains(where: { !$0.isRequired }) { words.append("[options]") }
        for positional in positionals {
            let name = positional.name + (positional.isVariadic ? "..." : "")
            words.append(positional.isRequired ? name : "[\(name)]")
        }
        return words.joined(separator: " ")
    }
}

extension OptionSpec {
    /// `--warehouse CODE` or `--json`.
    fileprivate var synopsis: String {
        kind == .flag ? "--\(name)" : "--\(name) \(placeholder)"
    }

    /// ` (required)`, ` (repeatable)` or both, appended to the summary in help.
    fileprivate var annotation: String {
        let notes = (isRequired ? ["required"] : []) + (kind == .repeatable ? ["repeatable"] : [])
        return notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")"
    }
}

extension ParsedArguments {
    /// The chosen command's `--help` text.
    package func helpText(width: Int = 80) -> String {
        command.helpText(commandName: commandName, width: width)
    }
}

/// Column layout and word wrapping for help text.
enum HelpLayout {
    /// Left column at most this wide; a longer entry puts its summary on the next line.
    static let maximumLeftColumn = 28

    /// Two-column rows: `  left   summary`, summaries aligned and wrapped within `width`.
    static func columns(_ rows: [(String, String)], width: Int) -> [String] {
        let widest = rows.map(\.0.count).filter { $0 <= maximumLeftColumn }.max() ?? maximumLeftColumn
        let column = 2 + widest + 3
        var lines: [String] = []
        for (left, summary) in rows {
            let entry = "  " + left
            var wrapped = wrap(summary, width: width - column, indent: 0)
            if entry.count + 2 > column {
                lines.append(entry)
            } else if !wrapped.isEmpty {
                let first = wrapped.removeFirst()
                lines.append(entry + String(repeating: " ", count: column - entry.count) + first)
            } else {
                lines.append(entry)
            }
            let pad = String(repeating: " ", count: column)
            lines += wrapped.map { pad + $0 }
        }
        return lines
    }

    /// Greedy word wrap to `width` columns; continuation lines start with `indent` spaces.
    /// A single word longer than the line is kept whole rather than broken.
    static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
        let indent = min(indent, max(0, width / 2))
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let lead = lines.isEmpty ? "" : String(repeating: " ", count: indent)
            if current.isEmpty {
                current = lead + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(repeating: " ", count: indent) + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// "Did you mean …?" for mistyped options and commands.
enum Suggestions {
    /// The candidate the user most likely meant: the only one `word` is a prefix of, or else
    /// the nearest by edit distance (adjacent swaps count as one edit) if it is close enough —
    /// at most a third of the candidate's length, and at least 1 edit allowed. Case-insensitive.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = word.lowercased()
        guard !typed.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(typed) }
        if prefixed.count == 1 { return prefixed[0] }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, candidate.lowercased())
            guard distance <= max(1, candidate.count / 3) else { continue }
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// adjacent characters each cost 1 (`"wraehouse"` → `"warehouse"` is 1).
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var distance = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance = min(distance, table[i - 2][j - 2] + 1)
                }
                table[i][j] = distance
            }
        }
        return table[a.count][b.count]
    }
}
