import Postgres

/// One numbered SQL file from `sql/`, embedded into the binary at build time.
package struct Migration: Sendable, Equatable {
    /// The file name, e.g. `0001_core.sql`; migrations apply in name order.
    package let name: String
    package let sql: String

    package init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

/// Where one migration stands in a database.
package struct MigrationState: Sendable, Equatable {
    package enum Status: Sendable, Equatable {
        /// Not yet applied.
        case pending
        /// Applied, and the file is unchanged since.
        case applied(at: String)
        /// Applied, but the embedded file differs from what was applied.
        case changed(at: String)
        /// Applied by a newer binary: this one does not have the file.
        case unknown(at: String)
    }
    package let name: String
    package let status: Status
}

/// Why migrating stopped. Nothing after the failing migration was applied.
package struct MigrationError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}

/// Applies the embedded migrations: in order, each in its own transaction, under an advisory lock
/// so two migrators at once are safe, recording name, checksum (SHA-256 of the text) and time;
/// then brings the application role's privileges in line with their declaration.
package enum Migrations {
    /// Arbitrary but fixed key for `pg_advisory_lock`: "erp migrate".
    static let lockKey: Int64 = 0x6572_705F_6D69_6772

    /// Applies every pending migration, then the application role's privileges
    /// (ApplicationPrivileges), and returns the names applied now (empty when up to date).
    /// Run it as the owning role (DatabaseRoles.owner).
    /// - Throws: `MigrationError` when an applied file changed or is unknown to this binary, or the
    ///   privilege declaration is incomplete; `PostgresError` when a migration fails (it is rolled
    ///   back; earlier ones stay applied).
    @discardableResult
    package static func migrate(_ connection: Connection, migrations: [Migration] = embedded) throws -> [String] {
        try withLock(connection) {
            let states = try states(connection, migrations)
            if let problem = states.first(where: \.needsAttention) {
                throw MigrationError(message: problem.explanation)
            }
            let pending = Set(states.filter { $0.status == .pending }.map(\.name))
            var applied: [String] = []
            for migration in migrations where pending.contains(migration.name) {
                try connection.transaction { tx in
                    try tx.executeScript(migration.sql)
                    try tx.query("""
                        INSERT INTO erp_migrations (name, checksum)
                        VALUES (\(migration.name), encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex'))
                        """)
                }
                applied.append(migration.name)
            }
            try ApplicationPrivileges.apply(on: connection)
            return applied
        }
    }

    /// Every migration known to the binary or the database, in name order, with its state.
    /// - Throws: `PostgresError`.
    package static func status(_ connection: Connection, migrations: [Migration] = embedded) throws -> [MigrationState] {
        try withLock(connection) { try states(connection, migrations) }
    }

    private static func states(_ connection: Connection, _ migrations: [Migration]) throws -> [MigrationState] {
        let rows = try connection.query("""
            WITH embedded(name, checksum) AS (
                SELECT name, encode(sha256(convert_to(sql, 'UTF8')), 'hex')
                FROM unnest(\(migrations.map(\.name)), \(migrations.map(\.sql))) AS file(name, sql)
            )
            SELECT coalesce(e.name, m.name), m.checksum IS NOT NULL, m.checksum = e.checksum, e.name IS NOT NULL,
                   to_char(m.applied_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM embedded e FULL JOIN erp_migrations m ON m.name = e.name
            ORDER BY 1
            """)
        return try rows.map { row in
            let name: String = try row.decode(0)
            guard try row.decode(1, as: Bool.self) else { return MigrationState(name: name, status: .pending) }
            let at: String = try row.decode(4)
            if !(try row.decode(3, as: Bool.self)) { return MigrationState(name: name, status: .unknown(at: at)) }
            let same = try row.decode(2, as: Bool.self)
            return MigrationState(name: name, status: same ? .applied(at: at) : .changed(at: at))
        }
    }

    /// Holds the session-level advisory lock while `body` runs; creates the bookkeeping table.
    private static func withLock<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        try connection.query("SELECT pg_advisory_lock(\(lockKey))")
        // If the unlock fails the session is broken, and a closed session releases its locks anyway.
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(lockKey))") }
        try connection.query("""
            CREATE TABLE IF NOT EXISTS erp_migrations (
                name text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        return try body()
    }
}

extension MigrationState {
    /// Whether this state stops `migrate`: an applied file that changed, or one this binary lacks.
    package var needsAttention: Bool {
        switch status {
        case .pending, .applied: false
        case .changed, .unknown: true
        }
    }

    /// A sentence an operator can act on, for states that stop `migrate`.
    package var explanation: String {
        switch status {
        case .pending: "\(name) is pending"
        case .applied(let at): "\(name) was applied at \(at)"
        case .changed(let at):
            "\(name) was applied at \(at) but its text has changed since; applied migrations are never "
                + "edited — restore the file and put the change in a new migration"
        case .unknown(let at):
            "\(name) was applied at \(at) by a newer erp; this binary does not know it — upgrade erp"
        }
    }
}
