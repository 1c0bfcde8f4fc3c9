import Foundation
import Postgres

/// One thing `erp maintenance` deletes once it no longer counts: a table's expired rows.
package struct Purge: Sendable {
    /// The table it empties of expired rows, as the report names it.
    package let table: String
    /// Deletes the expired rows as of the clock's now; returns how many went.
    package let run: @Sendable (_ time: TimeSource, _ connection: Connection) throws(ERPError) -> Int

    package init(table: String, run: @escaping @Sendable (_ time: TimeSource, _ connection: Connection) throws(ERPError) -> Int) {
        self.table = table
        self.run = run
    }
}

/// What one maintenance run did and found.
package struct MaintenanceReport: Codable, Sendable, Equatable {
    /// Rows deleted, by table.
    package var purged: [String: Int]
    /// Tables with dead rows, the most first.
    package var bloat: [TableBloat]
}

/// Dead row versions of one table (pg_stat_user_tables): what autovacuum has yet to reclaim.
package struct TableBloat: Codable, Sendable, Equatable {
    package var table: String
    package var liveRows: Int
    package var deadRows: Int
    /// When (auto)vacuum last reclaimed the table; nil when never.
    package var lastVacuum: Date?

    /// Whether the dead rows are a fifth of the live ones or more (and at least 1000): worth a
    /// `VACUUM` by the owner when autovacuum does not keep up.
    package var needsVacuum: Bool { deadRows >= 1000 && deadRows * 5 >= liveRows }
}

/// `erp maintenance`, also run daily by `erp serve`: deletes what expired and reports bloat. It
/// needs only the application role (its DELETE grants and the statistics views).
package struct MaintenanceService: Sendable {
    package let time: TimeSource

    package init(time: TimeSource = .system) { self.time = time }

    /// The purges of the tables ERPCore owns. A module that adds an expiring table appends its
    /// purge where the doors call `run` — the one list they pass.
    package static let corePurges: [Purge] = [
        Purge(table: "idempotency_keys") { time, connection throws(ERPError) in try Idempotency.purgeExpired(time: time, on: connection) },
        Purge(table: "login_failures") { time, connection throws(ERPError) in try Login.purgeFailures(time: time, on: connection) },
        Purge(table: "web_sessions") { time, connection throws(ERPError) in try WebSessions.purgeExpired(time: time, on: connection) },
    ]

    /// Runs every purge (each in its own statement, so a long one holds no other lock) and reads
    /// the bloat of every table.
    /// - Throws: translated database errors.
    package func run(_ purges: [Purge] = corePurges, on connection: Connection) throws(ERPError) -> MaintenanceReport {
        var purged: [String: Int] = [:]
        for purge in purges { purged[purge.table] = try purge.run(time, connection) }
        return MaintenanceReport(purged: purged, bloat: try Self.bloat(on: connection))
    }

    /// Tables of the schema with dead rows, the most first.
    /// - Throws: translated database errors.
    package static func bloat(on connection: Connection) throws(ERPError) -> [TableBloat] {
        let rows = try connection.serviceQuery("""
            SELECT relname::text, n_live_tup, n_dead_tup, greatest(last_vacuum, last_autovacuum)
            FROM pg_stat_user_tables WHERE schemaname = current_schema() AND n_dead_tup > 0
            ORDER BY n_dead_tup DESC, relname
            """)
        do {
            return try rows.map { (row) throws(PostgresError) in
                TableBloat(table: try row.decode(0), liveRows: Int(try row.decode(1, as: Int64.self)),
                           deadRows: Int(try row.decode(2, as: Int64.self)), lastVacuum: try row.decode(3, as: Date?.self))
            }
        } catch {
            throw ServiceFailure.translate(error)
        }
    }
}
