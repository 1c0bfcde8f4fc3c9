import ERPCore
import Foundation
import Postgres

/// `erp backup [FILE]` and `erp restore FILE [--force]`: the whole database in one verified file
/// (BackupFile), and back — checked against its manifest and the ledger before it replaces anything.
enum BackupCommands {
    static let all: [Command] = [backup, restore]

    static let backup = Command(
        ["backup"], summary: "Write the whole database to FILE (default: erp-<time>.erpbackup here), verified before it gets its name",
        options: [CommandSupport.json],
        positionals: [PositionalSpec("FILE", summary: "Where to write the backup", required: false)]
    ) { arguments, context in
        let path = ERPSettings.absolute(arguments.positional("FILE") ?? Backups.defaultName(at: context.time.now),
                                        from: FileManager.default.currentDirectoryPath)
        let url = try DatabaseLocation.resolveForMigration(context.settings, note: context.note)
        let manifest = try Backups.create(ownerURL: url, at: path, productVersion: CLI.version, time: context.time,
                                          progress: context.note)
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(BackupResult(file: path, manifest: manifest)))
        } else {
            context.print("\(path): \(manifest.dumpBytes) bytes of dump, \(CommandSupport.count(manifest.rowCounts.count, "table")), "
                + "\(CommandSupport.count(manifest.totalRows, "row")), sha256 \(manifest.dumpChecksum)")
        }
        return 0
    }

    static let restore = Command(
        ["restore"], summary: "Restore a backup into an empty database (--force: replace the embedded one after verifying)",
        options: [
            .flag("force", summary: "Replace a database that holds data; the old one is kept under another name"),
            CommandSupport.json,
        ],
        positionals: [PositionalSpec("FILE", summary: "A file written by erp backup")]
    ) { arguments, context in
        let path = try CommandSupport.required(arguments, positional: "FILE")
        let settings = context.settings
        // Verify the file before starting anything, so a damaged one touches nothing.
        try BackupFile.read(path)
        let target: RestoreTarget
        if let application = settings.databaseURL {
            target = .external(ownerURL: settings.migrateDatabaseURL ?? application, applicationURL: application)
        } else {
            target = .embedded(try DatabaseLocation.startEmbedded(settings, note: context.note).0)
        }
        let report = try Backups.restore(path, into: target, force: arguments.flag("force"), time: context.time,
                                         progress: context.note) { url in
            let connection = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp restore"))
            defer { connection.close() }
            return try WarehouseCommands.violations(time: context.time, on: connection).map(\.description)
        }
        let manifest = report.manifest
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(RestoreResult(
                file: path, manifest: manifest, migrationsApplied: report.migrationsApplied, previousDatabase: report.previousDatabase
            )))
            return 0
        }
        var table = TextTable([.init("TABLE"), .init("ROWS", .right)])
        for (name, rows) in manifest.rowCounts.sorted(by: { $0.key < $1.key }) where rows > 0 { table.append([name, String(rows)]) }
        table.footer = [CommandSupport.count(manifest.rowCounts.count, "table"), String(manifest.totalRows)]
        context.output(table.render())
        context.note("restored the backup of \(RFC3339.string(from: manifest.createdAt)) (erp \(manifest.productVersion), "
            + "\(CommandSupport.count(manifest.migrations.count, "migration"))); row counts match; check: all invariants hold")
        for name in report.migrationsApplied { context.note("applied \(name)") }
        if let previous = report.previousDatabase {
            context.note("the replaced database is kept as '\(previous)'; drop it when no longer needed: "
                + "psql \"$(erp db url --owner)\" -c 'DROP DATABASE \(previous)'")
        }
        return 0
    }

    /// `erp backup --json`.
    struct BackupResult: Codable, Sendable, Equatable {
        var file: String
        var manifest: BackupManifest
    }

    /// `erp restore --json`.
    struct RestoreResult: Codable, Sendable, Equatable {
        var file: String
        var manifest: BackupManifest
        var migrationsApplied: [String]
        var previousDatabase: String?
    }
}
