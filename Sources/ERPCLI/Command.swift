import ERPCore

/// One runnable `erp` command: where it sits in the tree, its spec, and what it does.
///
/// Commands are thin adapters: they parse flags into a service's command struct, call the
/// service, and print its result (a table, or with `--json` the API's JSON shape).
package struct Command: Sendable {
    /// The words after `erp`, e.g. `["db", "start"]`.
    package let path: [String]
    /// Options, positionals and help text. Its `name` is the last word of `path`.
    package let spec: CommandSpec
    /// Runs the command; returns the exit code (0 for success). Thrown errors are reported and
    /// mapped to exit codes by `CLI.run`.
    package let run: @Sendable (_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32

    package init(
        _ path: [String], summary: String, usage: String? = nil, options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        run: @escaping @Sendable (_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32
    ) {
        precondition(!path.isEmpty, "a command needs a name")
        self.path = path
        self.spec = CommandSpec(
            name: path[path.count - 1], summary: summary, usage: usage, options: options, positionals: positionals
        )
        self.run = run
    }
}

/// What a running command may touch: settings, and the three standard streams (captured in tests).
package struct CommandContext: Sendable {
    /// Environment configuration (flags that override it are applied by each command).
    package var settings: ERPSettings
    /// Results: tables, or exactly one JSON value with `--json`.
    package let output: @Sendable (String) -> Void
    /// Messages and progress.
    package let diagnostics: @Sendable (String) -> Void
    /// Standard input, read whole (for `--password-stdin`, `--file -`).
    package let input: @Sendable () -> String
    /// Where "now" comes from for every service a command calls (fixed in tests, like the server's).
    package let time: TimeSource

    package init(
        settings: ERPSettings,
        output: @escaping @Sendable (String) -> Void,
        diagnostics: @escaping @Sendable (String) -> Void,
        input: @escaping @Sendable () -> String,
        time: TimeSource = .system
    ) {
        self.settings = settings
        self.output = output
        self.diagnostics = diagnostics
        self.input = input
        self.time = time
    }

    /// Prints a line of results to stdout.
    package func print(_ line: String) { output(line + "\n") }

    /// Prints a line of diagnostics to stderr.
    package func note(_ line: String) { diagnostics(line + "\n") }
}
