// A progress bar on stderr for long work (imports, the demo): on a terminal
// `importing [##########          ] 50000/100000`, redrawn in place with a carriage return and ended
// with a line break when done; into a file or a pipe (CI logs, systemd's journal) a line per step
// instead — `importing 50%` each tenth, or each time the label changes — never thousands of
// carriage returns. Work too small to make anyone wait shows none.

#if canImport(Glibc)
import Glibc
#endif

/// Draws the progress of a long command on its diagnostics stream.
final class ProgressBar {
    /// Below this many rows nothing is drawn.
    static let minimumTotal = 10_000
    /// The bar's width in characters, between the brackets.
    static let width = 30

    /// What the bar says it is doing: `importing`; a step of the work may change it.
    var label: String
    /// Where it is drawn (stderr, or captured in tests).
    let context: CommandContext
    /// Whether stderr is a terminal, where the bar redraws itself in place.
    let interactive: Bool
    /// The last line written when not interactive, so each is written once.
    private var lastLine: String?

    init(label: String, context: CommandContext, interactive: Bool = isatty(STDERR_FILENO) != 0) {
        self.label = label
        self.context = context
        self.interactive = interactive
    }

    /// Shows `done` of `total`.
    func update(_ done: Int, of total: Int) {
        guard total >= Self.minimumTotal else { return }
        guard !interactive else { return context.diagnostics(Self.render(label, done: done, of: total)) }
        let line = Self.line(label, done: done, of: total)
        if line != lastLine {
            context.diagnostics(line)
            lastLine = line
        }
    }

    /// The text that redraws the bar: a carriage return, the bar, and a line break once done.
    static func render(_ label: String, done: Int, of total: Int) -> String {
        let filled = min(width, max(0, done) * width / max(total, 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        return "\r\(label) [\(bar)] \(done)/\(total)" + (done >= total ? "\n" : "")
    }

    /// The line written when not on a terminal: the label and the percentage, in tenths.
    static func line(_ label: String, done: Int, of total: Int) -> String {
        let tenths = min(10, max(0, done) * 10 / max(total, 1))
        return "\(label.trimmingTrailingSpaces) \(tenths * 10)%\n"
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        String(reversed().drop(while: { $0 == " " }).reversed())
    }
}
