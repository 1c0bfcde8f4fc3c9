import ERPCore
import Postgres

/// `erp db start | stop | status | url`: the embedded PostgreSQL cluster in `$ERP_HOME`.
enum DatabaseCommands {
    static let all: [Command] = [start, stop, status, url]

    private static let json = OptionSpec.flag("json", summary: "Print the result as JSON")

    static let start = Command(
        ["db", "start"], summary: "Start the embedded database (initialising it on first use); idempotent",
        options: [json]
    ) { arguments, context in
        if let external = context.settings.databaseURL {
            context.note("ERP_DATABASE_URL is set (\(redacted(external))): nothing embedded to start")
            return 0
        }
        let (database, _) = try DatabaseLocation.startEmbedded(context.settings, note: context.note)
        report(["status": "running", "url": database.url], text: "database running at \(database.url)", arguments, context)
        return 0
    }

    static let stop = Command(
        ["db", "stop"], summary: "Stop the embedded database; idempotent", options: [json]
    ) { arguments, context in
        let database = try EmbeddedDatabase(home: context.settings.home)
        try database.cluster.stop()
        report(["status": "stopped"], text: "database stopped", arguments, context)
        return 0
    }

    static let status = Command(
        ["db", "status"], summary: "Say whether the embedded database runs", options: [json]
    ) { arguments, context in
        if let external = context.settings.databaseURL {
            report(["status": "external", "url": redacted(external)], text: "external database \(redacted(external))", arguments, context)
            return 0
        }
        let database = try EmbeddedDatabase(home: context.settings.home)
        let state: String = switch try database.cluster.status() {
        case .running: "running"
        case .stopped: "stopped"
        case .notInitialized: "not initialized"
        }
        report(["status": state, "home": context.settings.home, "url": database.url],
               text: "\(state) (\(database.cluster.directory))", arguments, context)
        return 0
    }

    static let url = Command(
        ["db", "url"], summary: "Print the database URL (for psql, ERP_DATABASE_URL); --owner: as the owning role",
        options: [.flag("owner", summary: "The owning role's URL (for pg_dump, repairs, ERP_MIGRATE_DATABASE_URL)")]
    ) { arguments, context in
        let owner = arguments.flag("owner")
        if let external = owner ? context.settings.migrateDatabaseURL ?? context.settings.databaseURL : context.settings.databaseURL {
            context.print(external)
        } else {
            let database = try EmbeddedDatabase(home: context.settings.home)
            context.print(owner ? database.ownerURL : database.url)
        }
        return 0
    }

    private static func report(_ fields: [String: String], text: String, _ arguments: ParsedArguments, _ context: CommandContext) {
        if arguments.flag("json") {
            context.print(JSONValue.object(fields.mapValues { .string($0) }).description)
        } else {
            context.print(text)
        }
    }

    /// A URL with any password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
