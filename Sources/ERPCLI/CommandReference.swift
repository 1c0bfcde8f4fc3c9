// docs/cli.md, rendered from the command tree: each command's section is exactly its `--help`
// text, so the reference cannot drift from what `erp` prints. `Tests/ERPCLITests/DocsTests`
// compares the committed file with this text.

import ERPCore

/// Renders the CLI reference (markdown) of a command tree.
package enum CommandReference {
    /// The whole document: configuration and exit codes, then every group and command, depth first.
    package static func markdown(root: CommandSpec = CLI.rootSpec()) -> String {
        var lines = introduction
        func visit(_ spec: CommandSpec, path: String) {
            lines += ["", "#".repeated(min(4, path.split(separator: " ").count + 1)) + " `\(path)`", "", "```text"]
            lines += spec.helpText(commandName: path).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
            lines.append("```")
            for subcommand in spec.subcommands { visit(subcommand, path: path + " " + subcommand.name) }
        }
        visit(root, path: root.name)
        return lines.joined(separator: "\n") + "\n"
    }

    private static let introduction = [
        "# CLI reference",
        "",
        "Generated from the command specs (`Sources/ERPCLI/Commands`) by `CommandReference`: each",
        "section is the command's `--help`. Do not edit by hand; after changing a command, run",
        "`ERP_UPDATE_DOCS=1 swift test --filter DocsTests` and commit the result.",
        "",
        "Configuration comes from the environment, each variable overridable by its flag where the",
        "command has one (`ERPSettings` in `Sources/ERPCore/Settings.swift` lists them): `ERP_HOME`",
        "(the embedded cluster, default `./.erp`), `ERP_DATABASE_URL`, `ERP_MIGRATE_DATABASE_URL`,",
        "`ERP_REPORTS_DATABASE_URL`, `ERP_LISTEN`, `ERP_WORKERS`, `ERP_LOG`, `ERP_USER`, and for the daily",
        "backup of `erp serve` `ERP_BACKUP_DIR`, `ERP_BACKUP_AT`, `ERP_BACKUP_KEEP_DAILY`, `ERP_BACKUP_KEEP_WEEKLY`; webhook hosts besides loopback `ERP_WEBHOOK_HOSTS`",
        "(docs/operations.md). The same variables may stand as `KEY=value` lines in `$ERP_HOME/erp.conf`",
        "(or the file `ERP_CONFIG` names); the environment overrides the file, and `erp config` prints the",
        "result with passwords masked. Commands that",
        "act for a user take `--as LOGIN` (default `ERP_USER`); with `--json` a command prints the",
        "API's JSON shape instead of a table.",
        "",
        "Exit codes: 0 success, 1 unexpected failure, 2 usage error, 3 not found, 4 conflict (stock,",
        "state, version, duplicate, idempotency, rate limit), 5 unauthorized or forbidden, 6 invalid input,",
        "7 database unavailable (`ERPError.exitCode`).",
    ]
}

extension String {
    /// The string `count` times over.
    fileprivate func repeated(_ count: Int) -> String { String(repeating: self, count: count) }
}
