import Foundation
import Postgres

/// Where `erp restore` puts a backup.
package enum RestoreTarget: Sendable {
    /// The embedded cluster (started): restored into a new database, verified, then switched in.
    case embedded(EmbeddedDatabase)
    /// An external database, which must be empty: restored as `ownerURL`, checked as `applicationURL`.
    case external(ownerURL: String, applicationURL: String)
}

/// What `erp restore` did.
package struct RestoreReport: Sendable {
    /// The restored backup's manifest (its row counts are now the database's).
    package var manifest: BackupManifest
    /// Migrations newer than the backup, applied after restoring it.
    package var migrationsApplied: [String]
    /// The database that held data before a forced restore, kept under this name; nil when none.
    package var previousDatabase: String?
}

extension Backups {
    /// Restores the backup at `path`: verifies every checksum and that this erp knows the backup's
    /// migrations before touching anything, loads the dump in one transaction, compares the row
    /// counts with the manifest, migrates forward, and runs `check` (the ledger check, given the
    /// application's URL; it returns the violations). The embedded database is restored into a
    /// new database that replaces the current one only after all of that passed.
    /// - Throws: `BackupError` (`.invalidFile`, `.targetNotEmpty` without `force`, `.failed`,
    ///   `.verificationFailed`); `PostgresError`, `LocalClusterError`, `MigrationError`.
    package static func restore(
        _ path: String, into target: RestoreTarget, force: Bool, time: TimeSource = .system,
        progress: (String) -> Void = { _ in }, check: (_ applicationURL: String) throws -> [String]
    ) throws -> RestoreReport {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("erp-restore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: work) }
        let dumpPath = work + "/erp.dump"
        progress("verifying \(path)")
        let manifest = try BackupFile.read(path, extractingDumpTo: dumpPath)
        if let problem = manifest.incompatibility(with: Migrations.embedded) { throw BackupError(.invalidFile, problem) }
        progress("backup of \(RFC3339.string(from: manifest.createdAt)) by erp \(manifest.productVersion): "
            + "\(manifest.rowCounts.count) tables, \(manifest.totalRows) rows")
        switch target {
        case .external(let ownerURL, let applicationURL):
            if let tables = try tableCount(ownerURL), tables > 0 {
                throw BackupError(.targetNotEmpty, "the database already has \(tables) tables; restore into a new, empty database "
                    + "and point ERP_DATABASE_URL at it (--force replaces only the embedded database)")
            }
            let applied = try load(dumpPath, manifest, ownerURL: ownerURL, applicationURL: applicationURL, progress: progress, check: check)
            return RestoreReport(manifest: manifest, migrationsApplied: applied, previousDatabase: nil)
        case .embedded(let database):
            let live = EmbeddedDatabase.databaseName
            let hasData = try tableCount(database.ownerURL).map { $0 > 0 } ?? false
            if hasData && !force {
                throw BackupError(.targetNotEmpty, "the database in \(database.home) is not empty; give --force to replace it "
                    + "(it is kept as a copy until you drop it)")
            }
            let stamp = RFC3339.string(from: time.now).filter(\.isNumber)
            let staging = "\(live)_restore_\(stamp)"
            let cluster = database.cluster
            try cluster.createDatabase(staging, owner: DatabaseRoles.owner)
            let applied: [String]
            do {
                applied = try load(dumpPath, manifest, ownerURL: cluster.url(database: staging, user: DatabaseRoles.owner),
                                   applicationURL: cluster.url(database: staging, user: DatabaseRoles.application),
                                   progress: progress, check: check)
            } catch {
                try? drop(staging, in: cluster)
                throw error
            }
            let previous = hasData ? "\(live)_before_restore_\(stamp)" : nil
            progress(previous.map { "switching: the current database is kept as \($0)" } ?? "switching to the restored database")
            try replace(live, with: staging, keepingAs: previous, in: cluster)
            return RestoreReport(manifest: manifest, migrationsApplied: applied, previousDatabase: previous)
        }
    }

    /// How many tables the schema of the database at `url` has.
    private static func tableCount(_ url: String) throws -> Int? {
        let connection = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp restore"))
        defer { connection.close() }
        return try connection.query("""
            SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            """).single().decode(0, as: Int.self)
    }

    /// Loads the dump in one transaction, compares row counts, migrates forward and runs `check`.
    private static func load(
        _ dumpPath: String, _ manifest: BackupManifest, ownerURL: String, applicationURL: String,
        progress: (String) -> Void, check: (String) throws -> [String]
    ) throws -> [String] {
        progress("restoring the dump")
        // Objects belong to the restoring (owning) role; the grants to erp_app come back with the dump.
        let restored = try ServerPrograms.locate().runClient("pg_restore", [
            "--exit-on-error", "--single-transaction", "--no-owner", "--dbname=" + ownerURL, dumpPath,
        ])
        guard restored.status == 0 else { throw BackupError(.failed, "pg_restore failed: \(restored.output)") }
        let connection = try Connection(url: ownerURL, settings: ConnectionSettings(applicationName: "erp restore"))
        defer { connection.close() }
        let counts = try connection.transaction(isolation: .repeatableRead) { try BackupManifest.contents(in: $0).rowCounts }
        let differences = manifest.rowCountDifferences(counts)
        guard differences.isEmpty else {
            throw BackupError(.verificationFailed, "the restored rows differ from the backup's manifest: "
                + differences.joined(separator: "; "))
        }
        progress("row counts match the manifest; migrating forward")
        let applied = try Migrations.migrate(connection)
        progress("checking the ledgers")
        let violations = try check(applicationURL)
        guard violations.isEmpty else {
            throw BackupError(.verificationFailed, "the restored database breaks \(violations.count) invariants: "
                + violations.prefix(5).joined(separator: "; "))
        }
        return applied
    }

    /// Puts `staging` in place of `live`: no new sessions on `live`, the open ones ended, `live`
    /// renamed to `previous` (or dropped when nil), `staging` renamed to `live`.
    private static func replace(_ live: String, with staging: String, keepingAs previous: String?, in cluster: LocalCluster) throws {
        let admin = try Connection(url: cluster.url(database: "postgres"), settings: ConnectionSettings(applicationName: "erp restore"))
        defer { admin.close() }
        let liveName = try PostgresIdentifier.quoted(live)
        try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(liveName) WITH ALLOW_CONNECTIONS false"))
        // A terminated session takes a moment to leave; the rename waits for that.
        for attempt in 1...50 {
            try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(live) AND pid <> pg_backend_pid()")
            do {
                if let previous {
                    let previousName = try PostgresIdentifier.quoted(previous)
                    try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(liveName) RENAME TO \(previousName)"))
                    try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(previousName) WITH ALLOW_CONNECTIONS true"))
                } else {
                    try admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(liveName) WITH (FORCE)"))
                }
                break
            } catch let error as PostgresError where error.sqlState == .objectInUse && attempt < 50 {
                usleep(100_000)
            }
        }
        try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(try PostgresIdentifier.quoted(staging)) RENAME TO \(liveName)"))
    }

    private static func drop(_ database: String, in cluster: LocalCluster) throws {
        let admin = try Connection(url: cluster.url(database: "postgres"))
        defer { admin.close() }
        try admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(try PostgresIdentifier.quoted(database)) WITH (FORCE)"))
    }
}
