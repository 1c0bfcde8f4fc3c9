import Foundation
import Glibc

/// A private PostgreSQL cluster in a directory of ours: initialised on first start, reachable
/// only through a Unix socket in a 0700 directory (no TCP port), started and stopped on demand.
///
/// Layout under `directory`: `data/` (the cluster), `run/` (the socket), `server.log`, `lock`.
/// Durability is left on (`fsync`, `synchronous_commit`) unless `Options.disposable` says the
/// cluster is throwaway (tests), and bind parameters never reach the server log.
package struct LocalCluster: Sendable {
    /// How the cluster is set up.
    package struct Options: Sendable {
        /// The superuser role created by `initdb`; clients connect as it.
        package var superuser = "erp"
        /// Names the socket file (`.s.PGSQL.<port>`); no TCP listener is opened.
        package var port = 5432
        /// A throwaway cluster (tests): no fsync, no durability, skips initdb's sync.
        package var disposable = false
        package var maxConnections = 200

        package init(superuser: String = "erp", port: Int = 5432, disposable: Bool = false, maxConnections: Int = 200) {
            self.superuser = superuser
            self.port = port
            self.disposable = disposable
            self.maxConnections = maxConnections
        }
    }

    /// Whether the cluster exists and runs.
    package enum Status: Sendable, Equatable {
        case notInitialized
        case stopped
        case running
    }

    /// Absolute path of the cluster's home.
    package let directory: String
    package let options: Options
    package let programs: ServerPrograms

    package var dataDirectory: String { directory + "/data" }
    package var socketDirectory: String { directory + "/run" }
    package var logFile: String { directory + "/server.log" }

    /// - Throws: `LocalClusterError` when the server programs are missing or the socket path
    ///   would be too long for a Unix socket.
    package init(directory: String, options: Options = Options()) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = absolute
        self.options = options
        self.programs = try ServerPrograms.locate()
        // sun_path holds 108 bytes including the terminating NUL.
        let socketPath = absolute + "/run/.s.PGSQL.\(options.port)"
        guard socketPath.utf8.count < 108 else {
            throw LocalClusterError(
                "the database socket path \(socketPath) is longer than Unix sockets allow (107 bytes); "
                    + "choose a shorter data directory"
            )
        }
    }

    /// A libpq URL for `database` over the private socket, as `user` (default: the superuser).
    package func url(database: String, user: String? = nil) -> String {
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? socketDirectory
        return "postgresql://\(user ?? options.superuser)@/\(database)?host=\(host)&port=\(options.port)"
    }

    /// Reports whether the cluster is initialised and running.
    package func status() throws -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return .notInitialized }
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        let (status, _) = try programs.run("pg_ctl", ["status", "-D", dataDirectory])
        return status == 0 ? .running : .stopped
    }

    /// Initialises the cluster if needed and starts it if it is not running. Idempotent, and safe
    /// when several processes do it at once (they serialise on a lock file).
    /// - Throws: `LocalClusterError` with the reason and the end of the server log.
    package func start() throws {
        try withLock {
            try prepareDirectories()
            if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
                try initialise()
            }
            try writeSettings()
            guard try status() != .running else { return }
            let (code, output) = try programs.run(
                "pg_ctl", ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s"]
            )
            guard code == 0 else {
                throw LocalClusterError("the database server did not start: \(output)\n\(logTail())")
            }
        }
    }

    /// Stops the server if it runs (`fast`: rolls back open transactions; `immediate`: no checkpoint).
    package func stop(immediate: Bool = false) throws {
        try withLock {
            guard try status() == .running else { return }
            let (code, output) = try programs.run(
                "pg_ctl", ["stop", "-D", dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "-s"]
            )
            guard code == 0 else { throw LocalClusterError("the database server did not stop: \(output)") }
        }
    }

    /// Creates `name` (optionally as a copy of `template`, owned by `owner`) unless it exists.
    /// - Throws: `PostgresError` from the server, `LocalClusterError` for a bad name.
    package func createDatabase(_ name: String, template: String? = nil, owner: String? = nil) throws {
        let admin = try Connection(url: url(database: "postgres"))
        defer { admin.close() }
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
        guard exists.isEmpty else { return }
        var sql = "CREATE DATABASE \(try PostgresIdentifier.quoted(name))"
        if let template { sql += " TEMPLATE \(try PostgresIdentifier.quoted(template))" }
        if let owner { sql += " OWNER \(try PostgresIdentifier.quoted(owner))" }
        do {
            try admin.query(PostgresQuery(unsafeSQL: sql))
        } catch {
            // 42P04: created concurrently by another process, which is what we wanted.
            guard error.sqlState == .duplicateDatabase else { throw error }
        }
    }

    private func prepareDirectories() throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        guard chmod(directory, 0o700) == 0, chmod(socketDirectory, 0o700) == 0 else {
            throw LocalClusterError("cannot restrict permissions of \(directory): \(String(cString: strerror(errno)))")
        }
        for path in [directory, socketDirectory] { try programs.handOver(path) }
        if fileManager.fileExists(atPath: logFile) { try programs.handOver(logFile) }
        if let user = programs.serviceUser {
            let (code, _) = try runProcess("/usr/sbin/runuser", ["-u", user.name, "--", "test", "-w", directory])
            guard code == 0 else {
                throw LocalClusterError(
                    "running as root, the database server runs as '\(user.name)', which cannot reach \(directory); "
                        + "make its parent directories traversable (chmod o+x) or choose another data directory"
                )
            }
        }
    }

    private func initialise() throws {
        var arguments = [
            "-D", dataDirectory, "-U", options.superuser, "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust",
        ]
        if options.disposable { arguments.append("--no-sync") }
        let (code, output) = try programs.run("initdb", arguments)
        guard code == 0 else {
            try? FileManager.default.removeItem(atPath: dataDirectory)  // let the next start retry cleanly
            throw LocalClusterError("initdb failed: \(output)")
        }
        let include = "\n# Written by erp: settings that must hold every start live in erp.conf.\ninclude 'erp.conf'\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(include.utf8))
    }

    /// Rewritten at every start, so a moved directory still gets the right socket path.
    private func writeSettings() throws {
        var settings = [
            "listen_addresses = ''",
            "port = \(options.port)",
            "unix_socket_directories = '\(socketDirectory.replacingOccurrences(of: "'", with: "''"))'",
            "unix_socket_permissions = 0700",
            "max_connections = \(options.maxConnections)",
            // Bind parameters (passwords, tokens) never reach the server log.
            "log_parameter_max_length = 0",
            "log_parameter_max_length_on_error = 0",
        ]
        if options.disposable {
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        } else {
            // Measured: synchronous_commit = off lost acknowledged commits on kill -9.
            settings += ["fsync = on", "synchronous_commit = on"]
        }
        let path = dataDirectory + "/erp.conf"
        try (settings.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try programs.handOver(path)
    }

    private func logTail() -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }

    /// Serialises start/stop between processes with `flock` on `directory/lock`.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(directory + "/lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalClusterError("cannot open \(directory)/lock: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw LocalClusterError("cannot lock \(directory)/lock: \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// Quoting for the few statements that take an identifier and cannot take a bind (CREATE DATABASE,
/// CREATE ROLE, GRANT).
package enum PostgresIdentifier {
    /// `name` in double quotes; only plain lower-case names are accepted, so quoting is belt and braces.
    /// - Throws: `LocalClusterError` for anything but `[a-z_][a-z0-9_]*` up to 63 bytes.
    package static func quoted(_ name: String) throws -> String {
        let valid = !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            && !(name.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
        guard valid else { throw LocalClusterError("invalid database name \"\(name)\"") }
        return "\"\(name)\""
    }
}
