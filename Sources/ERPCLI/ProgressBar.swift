// A progress bar on stderr for large imports (issue #5): `importing [##########          ] 50000/100000`,
// redrawn in place with a carriage return and ended with a line break when done. A file small
// enough not to make anyone wait shows none, so short runs and scripts see only the summary.

/// Draws the progress of a long command on its diagnostics stream.
struct ProgressBar {
    /// Below this many rows nothing is drawn.
    static let minimumTotal = 10_000
    /// The bar's width in characters, between the brackets.
    static let width = 30

    /// What the bar says it is doing: `importing`.
    let label: String
    /// Where it is drawn (stderr, or captured in tests).
    let context: CommandContext

    /// Redraws the bar for `done` of `total`.
    func update(_ done: Int, of total: Int) {
        guard total >= Self.minimumTotal else { return }
        context.diagnostics(Self.render(label, done: done, of: total))
    }

    /// The text that redraws the bar: a carriage return, the bar, and a line break once done.
    static func render(_ label: String, done: Int, of total: Int) -> String {
        let filled = min(width, max(0, done) * width / max(total, 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        return "\r\(label) [\(bar)] \(done)/\(total)" + (done >= total ? "\n" : "")
    }
}
