import Foundation
import Postgres

/// `erp backup`: a `pg_dump` of the database in one snapshot, with the manifest describing exactly
/// that snapshot, written under a temporary name and renamed only once it was read back and verified.
package enum Backups {
    /// The file name a backup made at `date` gets when none is given: `erp-2026-12-07T030000Z.erpbackup`.
    package static func defaultName(at date: Date) -> String {
        "erp-" + RFC3339.string(from: date).replacingOccurrences(of: ":", with: "") + ".erpbackup"
    }

    /// Dumps the database at `ownerURL` (connecting as its owning role) into a new backup at
    /// `path`, reporting each step to `progress`. An existing file at `path` is replaced only by
    /// a complete, verified backup.
    /// - Returns: The manifest written into the file.
    /// - Throws: `BackupError.failed` when `pg_dump` or the file system fails; `PostgresError`,
    ///   `LocalClusterError` when the database or the client programs are unavailable.
    @discardableResult
    package static func create(
        ownerURL: String, at path: String, productVersion: String, time: TimeSource = .system,
        progress: (String) -> Void = { _ in }
    ) throws -> BackupManifest {
        let programs = try ServerPrograms.locate()
        let partial = path + ".partial"
        let dumpPath = path + ".dump.partial"
        defer {
            try? FileManager.default.removeItem(atPath: dumpPath)
            try? FileManager.default.removeItem(atPath: partial)
        }
        // pg_dump keeps the mode of the file it overwrites: owner-only from the first byte.
        guard FileManager.default.createFile(atPath: dumpPath, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError(.failed, "cannot write \(dumpPath)")
        }
        let connection = try Connection(url: ownerURL, settings: ConnectionSettings(applicationName: "erp backup"))
        defer { connection.close() }
        // Whole seconds: the manifest's JSON keeps no more, and the file must read back equal.
        let createdAt = Date(timeIntervalSince1970: time.now.timeIntervalSince1970.rounded(.down))
        // The counts and the dump read the same snapshot, so the manifest describes exactly the dump.
        let (contents, postgresVersion) = try connection.transaction(isolation: .repeatableRead) { tx in
            let snapshot = try tx.query("SELECT pg_export_snapshot(), current_setting('server_version')").single()
            let contents = try BackupManifest.contents(in: tx)
            progress("dumping \(contents.rowCounts.count) tables, \(contents.rowCounts.values.reduce(0, +)) rows")
            let dump = try programs.runClient("pg_dump", [
                "--format=custom", "--snapshot=" + (try snapshot.decode(0, as: String.self)), "--file=" + dumpPath,
                "--dbname=" + ownerURL,
            ])
            guard dump.status == 0 else { throw BackupError(.failed, "pg_dump failed: \(dump.output)") }
            return (contents, try snapshot.decode(1, as: String.self))
        }
        progress("checksumming the dump")
        let (sha256, bytes) = try checksum(of: dumpPath)
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, productVersion: productVersion, createdAt: createdAt,
            postgresVersion: postgresVersion, migrations: contents.migrations, rowCounts: contents.rowCounts,
            dumpChecksum: sha256, dumpBytes: bytes
        )
        try BackupFile.write(manifest, dump: dumpPath, to: partial)
        progress("verifying \(partial)")
        guard try BackupFile.read(partial) == manifest else {
            throw BackupError(.failed, "the backup written to \(partial) does not read back as written")
        }
        let listing = try programs.runClient("pg_restore", ["--list", dumpPath])
        guard listing.status == 0 else { throw BackupError(.failed, "pg_restore cannot read the dump: \(listing.output)") }
        guard rename(partial, path) == 0 else {
            throw BackupError(.failed, "cannot rename \(partial) to \(path): \(String(cString: strerror(errno)))")
        }
        return manifest
    }

    /// The SHA-256 (hex) and length of the file at `path`.
    /// - Throws: `BackupError.failed` when it cannot be read.
    static func checksum(of path: String) throws(BackupError) -> (String, Int) {
        guard let input = FileHandle(forReadingAtPath: path) else { throw BackupError(.failed, "cannot read \(path)") }
        defer { try? input.close() }
        var hasher = SHA256()
        var length = 0
        do {
            while let bytes = try input.read(upToCount: BackupFile.chunk), !bytes.isEmpty {
                hasher.update(bytes)
                length += bytes.count
            }
        } catch {
            throw BackupError(.failed, "cannot read \(path): \(error.localizedDescription)")
        }
        return (hasher.finalizeHex(), length)
    }
}
