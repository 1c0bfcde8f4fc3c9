import Foundation

/// The process configuration of docs/cli.md: environment variables, each overridable by a flag.
package struct ERPSettings: Sendable, Equatable {
    /// Where the embedded cluster and local state live, absolute: `ERP_HOME`, else `./.erp` when it
    /// exists, else the nearest existing `.erp` in a parent directory, else `./.erp` (created on
    /// first use). Looking upward keeps `erp` run from a subdirectory on the same database instead
    /// of silently starting an empty one.
    package var home: String
    /// True when `home` is a `.erp` found in a parent directory, which the CLI says on stderr.
    package var homeFoundAbove: Bool
    /// An external database (`ERP_DATABASE_URL`); when set nothing embedded is started.
    package var databaseURL: String?
    /// The database as its owning role, for `erp migrate` (`ERP_MIGRATE_DATABASE_URL`, else `databaseURL`).
    package var migrateDatabaseURL: String?
    /// A read replica for reports (`ERP_REPORTS_DATABASE_URL`), else the main database.
    package var reportsDatabaseURL: String?
    /// `erp serve` address (`ERP_LISTEN`, default `127.0.0.1:8080`).
    package var listen: String
    /// Handler threads = database connections of one server (`ERP_WORKERS`, default 2 × cores).
    package var workers: Int
    /// `ERP_LOG`: debug, info, warn, error.
    package var logLevel: String
    /// The acting user for business commands (`ERP_USER`, or `--as`).
    package var actingUser: String?
    /// `ERP_COOKIE_SECURE=1`: the pages' cookies carry `Secure` (the server is reached over TLS,
    /// e.g. behind a reverse proxy). Off by default: `erp serve` itself speaks plain HTTP.
    package var cookieSecure: Bool
    /// Where `erp serve` writes its daily backup (`ERP_BACKUP_DIR`); nil: no scheduled backups.
    package var backupDirectory: String?
    /// When `erp serve` runs its daily jobs, `HH:MM` in the server's time zone (`ERP_BACKUP_AT`, default `03:00`).
    package var backupAt: String
    /// How many daily and weekly backups the directory keeps (`ERP_BACKUP_KEEP_DAILY` 7, `ERP_BACKUP_KEEP_WEEKLY` 4).
    package var backupRetention: BackupRetention
    /// The hosts webhooks may post to besides loopback (`ERP_WEBHOOK_HOSTS`, comma-separated).
    package var webhookHosts: [String]
    /// The configuration file that was read (`ERP_CONFIG`, else `erp.conf` in the home), if any.
    package var configFile: ConfigFile?
    /// `ERP_RATE_LIMIT`: requests a second per API token (`50:200` with the burst, `off`); nil: the server's default.
    package var rateLimit: String?
    /// Why that file could not be used; every command refuses to run while it is set.
    package var configProblem: ERPError?
    /// Where each variable of `ConfigFile.variables` (and `ERP_HOME`) came from: `environment` or the file's
    /// path; a variable missing here has its default.
    package var sources: [String: String] = [:]

    /// Reads the environment over the configuration file; relative paths are resolved against `currentDirectory`.
    package init(
        environment given: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        if let home = given["ERP_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) {
            self.home = ERPSettings.absolute(home, from: currentDirectory)
            self.homeFoundAbove = false
        } else {
            let here = ERPSettings.absolute(".erp", from: currentDirectory)
            let above = ERPSettings.existingHome(above: here)
            self.home = above ?? here
            self.homeFoundAbove = above != nil
        }
        var environment = given
        do {
            let layered = try ConfigFile.layered(given, home: home, currentDirectory: currentDirectory)
            environment = layered.environment
            self.configFile = layered.file
        } catch {
            self.configProblem = error
        }
        for name in ["ERP_HOME"] + ConfigFile.variables {
            if given[name].map({ !$0.isEmpty }) == true {
                sources[name] = "environment"
            } else if let file = configFile, file.values[name] != nil {
                sources[name] = file.path
            }
        }
        self.databaseURL = environment["ERP_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        self.migrateDatabaseURL = environment["ERP_MIGRATE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        self.reportsDatabaseURL = environment["ERP_REPORTS_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        self.listen = environment["ERP_LISTEN"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1:8080"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        self.workers = environment["ERP_WORKERS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 2 * cores
        self.logLevel = environment["ERP_LOG"].flatMap { $0.isEmpty ? nil : $0 } ?? "info"
        self.actingUser = environment["ERP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        self.cookieSecure = environment["ERP_COOKIE_SECURE"] == "1"
        self.rateLimit = environment["ERP_RATE_LIMIT"].flatMap { $0.isEmpty ? nil : $0 }
        self.backupDirectory = environment["ERP_BACKUP_DIR"].flatMap { $0.isEmpty ? nil : ERPSettings.absolute($0, from: currentDirectory) }
        self.backupAt = environment["ERP_BACKUP_AT"].flatMap { $0.isEmpty ? nil : $0 } ?? "03:00"
        self.webhookHosts = (environment["ERP_WEBHOOK_HOSTS"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        let keep = { (name: String, fallback: Int) in environment[name].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } ?? fallback }
        self.backupRetention = BackupRetention(daily: keep("ERP_BACKUP_KEEP_DAILY", 7), weekly: keep("ERP_BACKUP_KEEP_WEEKLY", 4))
    }

    /// The nearest existing `.erp` directory in a parent of the directory holding `home`, or nil
    /// when `home` itself exists or no parent has one.
    static func existingHome(above home: String) -> String? {
        var isDirectory: ObjCBool = false
        func exists(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard !exists(home) else { return nil }
        var directory = URL(fileURLWithPath: home).deletingLastPathComponent()
        while directory.path != "/" {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent(".erp").path
            if exists(candidate) { return candidate }
        }
        return nil
    }

    /// `path` made absolute against `directory` (unchanged when it already is), normalised.
    package static func absolute(_ path: String, from directory: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
