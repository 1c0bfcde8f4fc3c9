import Foundation
import Postgres

/// What a backup holds, written into the backup file beside the dump: enough to refuse a file
/// that is damaged or made by a newer erp before anything is touched, and to prove afterwards that
/// the restore brought back every row.
package struct BackupManifest: Codable, Sendable, Equatable {
    /// The container's version; a file of another format is refused.
    package static let currentFormat = 1

    /// One applied migration, as `erp_migrations` recorded it.
    package struct AppliedMigration: Codable, Sendable, Equatable {
        package var name: String
        /// SHA-256 of the migration's text, as `Migrations` records it.
        package var checksum: String
    }

    package var format: Int
    /// `erp --version` of the binary that made the backup.
    package var productVersion: String
    /// When the dump started.
    package var createdAt: Date
    /// The PostgreSQL server's version (`server_version`).
    package var postgresVersion: String
    package var migrations: [AppliedMigration]
    /// Exact row counts of every table of the schema, by table name.
    package var rowCounts: [String: Int]
    /// The SHA-256 of the dump bytes (hex) and their length.
    package var dumpChecksum: String
    package var dumpBytes: Int

    /// All rows of all tables: the figure `erp backup` and `erp restore` print.
    package var totalRows: Int { rowCounts.values.reduce(0, +) }

    /// The database's migrations and exact row counts as `tx` sees them (a backup reads them in the
    /// snapshot it dumps, so they describe exactly the dump even while the server writes).
    /// - Throws: `PostgresError`.
    package static func contents(in tx: Transaction) throws -> (migrations: [AppliedMigration], rowCounts: [String: Int]) {
        let migrations = try tx.query("SELECT name, checksum FROM erp_migrations ORDER BY name").map { row in
            AppliedMigration(name: try row.decode(0), checksum: try row.decode(1))
        }
        // query_to_xml counts each table with one statement, so no SQL text is built here.
        let counts = try tx.query("""
            SELECT c.relname::text,
                   (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                                                        false, true, '')))[1]::text::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
            """)
        var rowCounts: [String: Int] = [:]
        for row in counts { rowCounts[try row.decode(0)] = Int(try row.decode(1, as: Int64.self)) }
        return (migrations, rowCounts)
    }

    /// Why this backup cannot be restored by a binary knowing `known` migrations: one it lacks or
    /// whose text differs (a newer or different erp made it). Nil when it can be.
    package func incompatibility(with known: [Migration]) -> String? {
        let checksums = Dictionary(uniqueKeysWithValues: known.map { ($0.name, SHA256.hex(Array($0.sql.utf8))) })
        for migration in migrations {
            guard let checksum = checksums[migration.name] else {
                return "the backup was made by erp \(productVersion) with migration \(migration.name), which this erp "
                    + "does not know; restore it with that version or a newer one"
            }
            guard checksum == migration.checksum else {
                return "the backup's migration \(migration.name) differs from this erp's; restore it with erp \(productVersion)"
            }
        }
        return nil
    }

    /// The tables whose row count in `counts` differs from the manifest's, as "table: expected → found".
    package func rowCountDifferences(_ counts: [String: Int]) -> [String] {
        Set(rowCounts.keys).union(counts.keys).sorted().compactMap { table in
            let expected = rowCounts[table] ?? 0
            let found = counts[table] ?? 0
            return expected == found ? nil : "\(table): \(expected) in the backup, \(found) restored"
        }
    }
}
