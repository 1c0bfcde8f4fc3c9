import Demo
import ERPCore
import ERPServer
import Integrations
import Web

/// `erp serve`: the HTTP API and the pages (`Web`) over the embedded database (or `ERP_DATABASE_URL`); with `--demo`,
/// first the demo business when the database is empty (DemoCommands). On exit it stops the
/// embedded database if it started it, and leaves one it found running alone; it says which.
enum ServeCommands {
    static let all: [Command] = [serve]

    static let serve = Command(
        ["serve"], summary: "Run the HTTP API server until SIGTERM or SIGINT; on exit, stop the embedded database "
            + "if serve started it (one already running is left running)",
        options: [
            .value("listen", "HOST:PORT", summary: "Address to listen on (ERP_LISTEN, default 127.0.0.1:8080)"),
            .value("workers", "N", summary: "Handler threads = database connections (ERP_WORKERS)"),
            .flag("demo", summary: "Load the demo business first if the database is empty"),
            .value("demo-size", "SIZE", summary: "With --demo: small (default), medium or large"),
        ]
    ) { arguments, context in
        var settings = context.settings
        if let listen = arguments.value("listen") { settings.listen = listen }
        if let workers = try arguments.value("workers", parsedBy: WorkerCount.parse) {
            settings.workers = workers
        }
        let demoSize = try arguments.value("demo-size", parsedBy: DemoCommands.parseSize)
        let dailyAt = try dailyTime(settings)
        let database = try DatabaseLocation.open(settings, note: context.note)
        let url = database.url
        let ownerURL = database.embedded?.database.ownerURL ?? settings.migrateDatabaseURL ?? url
        if let (_, outcome) = database.embedded {
            context.note(outcome == .wasRunning
                ? "the embedded database in \(settings.home) was already running: it is left running on exit"
                : "started the embedded database in \(settings.home): it is stopped on exit")
        }
        do {
            let jobs = dailyJobs(settings, applicationURL: url, ownerURL: ownerURL, time: context.time)
            try serve(settings, url: url, demo: arguments.flag("demo") ? demoSize ?? .small : nil, daily: (dailyAt, jobs),
                      context: context)
        } catch {
            try? release(database, context: context)  // a server that never ran leaves no cluster behind
            throw error
        }
        try release(database, context: context)
        context.note("erp stopped")
        return 0
    }

    /// Serves the API on `url` until SIGTERM or SIGINT, loading the demo business of `demo` size
    /// first, running the `daily` jobs meanwhile.
    private static func serve(_ settings: ERPSettings, url: String, demo: DemoSize?, daily: (TimeOfDay, [ScheduledJob]),
                              context: CommandContext) throws {
        if settings.databaseURL != nil, let warning = DatabaseLocation.privilegeWarning(url) {
            context.note("warning: \(warning)")
        }
        let loaded = try demo.flatMap { try DemoCommands.loadIfEmpty($0, url: url, context: context) }
        let configuration = try APIServer.Configuration(
            settings: settings, databaseURL: url, authenticate: AccessRoutes.authenticator
        )
        let server = APIServer(configuration: configuration)
        try server.registerStandardRoutes()
        try WebSite(configuration: .init(cookieSecure: settings.cookieSecure)).register(on: server)
        let port = try server.start()
        _ = server.stopOnSignals(grace: .seconds(10))
        let host = configuration.http.host
        let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        context.note("erp \(CLI.version) serving \(address) "
            + "(\(settings.workers) workers, database \(DatabaseCommands.redacted(url)))")
        if let (result, seconds) = loaded { DemoCommands.printSummary(result, seconds: seconds, url: address, context: context) }
        recordExistingBackup(settings, in: server.jobMetrics)
        let schedule = DailySchedule(at: daily.0, jobs: daily.1, metrics: server.jobMetrics, logger: configuration.logger)
        schedule.start()
        let webhooks = WebhookLoop(deliverer: WebhookDeliverer(poster: WebhookPoster(allowedHosts: settings.webhookHosts)),
                                   databaseURL: url, logger: configuration.logger)
        webhooks.start()
        context.note("daily at \(settings.backupAt): " + daily.1.map(\.name).joined(separator: ", ")
            + (settings.backupDirectory.map { " (backups in \($0))" } ?? " (no backups: ERP_BACKUP_DIR is not set)"))
        server.wait()
        webhooks.stop()
        schedule.stop()
        server.shutdown()
    }

    /// After the server stopped: stops the embedded cluster `erp serve` started itself, leaves one
    /// that was already running (another process's) alone, and says which.
    /// - Throws: `LocalClusterError` when the cluster does not stop.
    static func release(_ database: OpenedDatabase, context: CommandContext) throws {
        guard let (embedded, outcome) = database.embedded else { return }
        if outcome == .wasRunning {
            context.note("left the embedded database in \(embedded.home) running (erp db stop stops it)")
        } else {
            try embedded.cluster.stop()
            context.note("stopped the embedded database in \(embedded.home)")
        }
    }
}

/// `--workers N`: a bounded, positive thread count.
enum WorkerCount {
    struct Invalid: Error, CustomStringConvertible {
        let description = "expected a whole number from 1 to 1024"
    }

    static func parse(_ text: String) throws(Invalid) -> Int {
        guard let count = Int(text), (1...1024).contains(count) else { throw Invalid() }
        return count
    }
}
