import ERPCore
import ERPServer

/// `erp serve`: the HTTP API over the embedded database (or `ERP_DATABASE_URL`).
enum ServeCommands {
    static let all: [Command] = [serve]

    static let serve = Command(
        ["serve"], summary: "Run the HTTP API server until SIGTERM or SIGINT",
        options: [
            .value("listen", "HOST:PORT", summary: "Address to listen on (ERP_LISTEN, default 127.0.0.1:8080)"),
            .value("workers", "N", summary: "Handler threads = database connections (ERP_WORKERS)"),
        ]
    ) { arguments, context in
        var settings = context.settings
        if let listen = arguments.value("listen") { settings.listen = listen }
        if let workers = try arguments.value("workers", parsedBy: WorkerCount.parse) {
            settings.workers = workers
        }
        let url = try DatabaseLocation.resolve(settings)
        let configuration = try APIServer.Configuration(
            settings: settings, databaseURL: url, authenticate: AccessRoutes.authenticator
        )
        let server = APIServer(configuration: configuration)
        try server.registerStandardRoutes()
        let port = try server.start()
        _ = server.stopOnSignals(grace: .seconds(10))
        let host = configuration.http.host
        context.note("erp \(CLI.version) serving http://\(host.contains(":") ? "[\(host)]" : host):\(port) "
            + "(\(settings.workers) workers, database \(DatabaseCommands.redacted(url)))")
        server.wait()
        server.shutdown()
        context.note("erp stopped")
        return 0
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
