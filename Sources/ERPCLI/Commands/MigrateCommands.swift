import ERPCore
import Postgres

/// `erp migrate [--status]`: apply or list the migrations embedded in this binary, as the owning
/// role (`ERP_MIGRATE_DATABASE_URL`, else `ERP_DATABASE_URL`, else the embedded database's owner),
/// then grant the application role its declared privileges.
enum MigrateCommands {
    static let all: [Command] = [migrate]

    static let migrate = Command(
        ["migrate"], summary: "Apply pending database migrations (or list them with --status)",
        options: [
            .flag("status", summary: "List applied and pending migrations instead of applying"),
            .flag("json", summary: "Print the result as JSON"),
        ]
    ) { arguments, context in
        let url = try DatabaseLocation.resolveForMigration(context.settings, note: context.note)
        let connection = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp migrate"))
        defer { connection.close() }
        if arguments.flag("status") {
            let states = try Migrations.status(connection)
            printStatus(states, json: arguments.flag("json"), context: context)
            return states.contains(where: \.needsAttention) ? 1 : 0
        }
        let applied = try Migrations.migrate(connection)
        if arguments.flag("json") {
            context.print(JSONValue.object(["applied": .array(applied.map { .string($0) })]).description)
        } else if applied.isEmpty {
            context.note("database is up to date (\(Migrations.embedded.count) migrations)")
        } else {
            for name in applied { context.note("applied \(name)") }
        }
        return 0
    }

    private static func printStatus(_ states: [MigrationState], json: Bool, context: CommandContext) {
        func describe(_ status: MigrationState.Status) -> (String, String) {
            switch status {
            case .pending: ("pending", "")
            case .applied(let at): ("applied", at)
            case .changed(let at): ("CHANGED", at)
            case .unknown(let at): ("UNKNOWN", at)
            }
        }
        if json {
            let items = states.map { state -> JSONValue in
                let (status, at) = describe(state.status)
                return .object(["name": .string(state.name), "status": .string(status), "applied_at": at.isEmpty ? .null : .string(at)])
            }
            context.print(JSONValue.object(["migrations": .array(items)]).description)
            return
        }
        var table = TextTable([.init("MIGRATION"), .init("STATUS"), .init("APPLIED AT")])
        for state in states {
            let (status, at) = describe(state.status)
            table.append([state.name, status, at])
        }
        let pending = states.filter { $0.status == .pending }.count
        table.footer = [CommandSupport.count(states.count, "migration"), "\(pending) pending", ""]
        context.output(table.render())
        for state in states where state.needsAttention {
            context.note("warning: \(state.explanation)")
        }
    }
}
