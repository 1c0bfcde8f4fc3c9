import ERPCore
import Foundation
import Postgres

/// The `erp` program: parses the command line against the command tree, runs the chosen
/// command, and turns every failure into a message on stderr and the exit code of docs/cli.md.
package enum CLI {
    /// Every command `erp` knows. Modules add theirs to this list.
    package static var commands: [Command] {
        DatabaseCommands.all + MigrateCommands.all + ServeCommands.all + UserCommands.all
            + ProductCommands.all + PartyCommands.all + WarehouseCommands.all + StockCommands.all + OrderCommands.all
            + PurchaseCommands.all + SupplierCardCommands.all + PayablesCommands.all + BillingCommands.all + ExchangeCommands.all + CRMCommands.all + DemoCommands.all
            + BackupCommands.all + MaintenanceCommands.all + ConfigCommands.all + IntegrationCommands.all
    }

    /// The version printed by `erp --version`.
    package static let version = "0.1.0"

    /// The root spec, with groups assembled from the commands' paths.
    package static func rootSpec(_ commands: [Command] = commands) -> CommandSpec {
        func group(_ name: String, summary: String, prefix: [String]) -> CommandSpec {
            let depth = prefix.count
            let direct = commands.filter { $0.path.count == depth + 1 && Array($0.path.prefix(depth)) == prefix }
                .map(\.spec)
            let nestedNames = Set(commands.filter { $0.path.count > depth + 1 && Array($0.path.prefix(depth)) == prefix }
                .map { $0.path[depth] })
            let nested = nestedNames.sorted().map {
                group($0, summary: CommandGroups.summaries[$0] ?? "", prefix: prefix + [$0])
            }
            let options: [OptionSpec] = depth == 0 ? [.flag("version", summary: "Print the version and exit")] : []
            return CommandSpec(name: name, summary: summary, options: options, subcommands: nested + direct)
        }
        return group("erp", summary: "A warehouse-centric ERP for small businesses", prefix: [])
    }

    /// Runs `erp` with `arguments` (without the program name) and returns the exit code.
    package static func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let root = rootSpec()
        if arguments == ["--version"] {
            context.print("erp \(version)")
            return 0
        }
        let parsed: ParsedArguments
        do {
            parsed = try root.parse(arguments)
        } catch {
            context.note(error.description)
            return UsageError.exitCode
        }
        if parsed.isHelpRequested {
            context.output(parsed.helpText())
            return 0
        }
        guard let command = commands.first(where: { ["erp"] + $0.path == parsed.path }) else {
            context.diagnostics(parsed.helpText())
            return UsageError.exitCode
        }
        if let problem = context.settings.configProblem { return report(problem, context: context) }
        let scope = failureScope(of: command, context: context)
        do {
            return try scope.bind { try command.run(parsed, context) }
        } catch let error as UsageError {
            context.note(error.description)
            return UsageError.exitCode
        } catch {
            return report(error, command: parsed.command, in: scope, context: context)
        }
    }

    /// This run's failure scope: a fresh invocation id, logged as JSON lines on stderr at the
    /// level of `ERP_LOG`, so a failing service deep in a command reports under that id too.
    static func failureScope(of command: Command, context: CommandContext) -> FailureScope {
        var logger = Logger(settings: context.settings)
        logger.sink = LogSink { line in context.diagnostics(String(decoding: line, as: UTF8.self)) }
        return FailureScope(reference: FailureScope.newReference(prefix: "cli"), idField: "invocation_id", logger: logger,
                            fields: ["command": .string(command.path.joined(separator: " "))])
    }

    /// Prints a failure as `error: …` and maps it to an exit code: invalid values get one line
    /// each, named by `command`'s flags where it has one for the field; an unexpected failure is
    /// logged under the invocation id and printed as "unexpected failure, reference <id>" (exit 1).
    static func report(_ error: any Error, command: CommandSpec? = nil, in scope: FailureScope = .detached(),
                       context: CommandContext) -> Int32 {
        switch error {
        case let failure as LocalClusterError:
            context.note("error: \(failure.message)")
            context.note("hint: ERP_HOME chooses where the embedded database lives (now \(context.settings.home))")
            return ERPError.unavailable(reason: failure.message).exitCode
        case let failure as MigrationError:
            context.note("error: \(failure.message)")
            return 1
        case let failure as BackupError:
            context.note("error: \(failure.message)")
            return switch failure.kind {
            case .invalidFile: ERPError.validationFailed(fields: [:]).exitCode
            case .targetNotEmpty: ERPError.invalidState(entity: "database", current: "not empty", action: "restore").exitCode
            case .failed, .verificationFailed: 1
            }
        default:
            return ERPError.reporting(error, in: scope) { translated in
                switch translated {
                case .validationFailed(let fields) where fields.count > 1 || command != nil:
                    // `row 2.inn` before `row 10.kind`: numbers inside keys compare as numbers.
                    let lines = fields.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }
                        .map { "\(flag(for: $0.key, in: command)): \($0.value)" }
                    context.note(lines.count == 1
                        ? "error: invalid \(lines[0])" : (["error: invalid values:"] + lines).joined(separator: "\n  "))
                case .internal(let reference):
                    context.note("error: unexpected failure, reference \(reference)")
                default:
                    context.note("error: \(translated.message)")
                }
            }.exitCode
        }
    }

    /// `--min-stock` for the API field `min_stock` when `command` has that option; otherwise the
    /// field as it is (`line 3`, `--line 2`, `bank.account`).
    static func flag(for field: String, in command: CommandSpec?) -> String {
        let name = field.replacingOccurrences(of: "_", with: "-")
        return command?.option(named: name) != nil ? "--" + name : field
    }

    /// The process entry point used by the `erp` executable.
    package static func main() -> Never {
        let context = CommandContext(
            settings: ERPSettings(),
            output: { FileHandle.standardOutput.write(Data($0.utf8)) },
            diagnostics: { FileHandle.standardError.write(Data($0.utf8)) },
            input: { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        )
        exit(run(Array(CommandLine.arguments.dropFirst()), context: context))
    }
}
