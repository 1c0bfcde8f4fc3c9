import Postgres

/// The embedded default (README.md, "What runs where"): a private cluster in `$ERP_HOME/pg` holding the `erp`
/// database, started (and migrated) on demand by any command that needs a database.
///
/// The cluster's superuser only administers (roles, the database); the database belongs to
/// DatabaseRoles.owner, which migrates it, and everything else connects as
/// DatabaseRoles.application.
package struct EmbeddedDatabase: Sendable {
    /// The database every ERP table lives in.
    package static let databaseName = "erp"
    package let cluster: LocalCluster

    /// - Throws: `LocalClusterError` when the server programs are missing or the path is unusable.
    package init(home: String, options: LocalCluster.Options = LocalCluster.Options()) throws {
        cluster = try LocalCluster(directory: home + "/pg", options: options)
    }

    /// The URL of the `erp` database over the private socket, as the application role.
    package var url: String { cluster.url(database: Self.databaseName, user: DatabaseRoles.application) }
    /// The same database as its owner, for migrations, `pg_dump` and repairs.
    package var ownerURL: String { cluster.url(database: Self.databaseName, user: DatabaseRoles.owner) }

    /// Starts the cluster if needed, creates both roles and the `erp` database if missing, and
    /// hands a database made by an older erp (owned by the superuser) to the owning role.
    /// Idempotent.
    /// - Throws: `LocalClusterError`, `PostgresError`.
    package func start() throws {
        try cluster.start()
        let admin = try Connection(url: cluster.url(database: "postgres"))
        defer { admin.close() }
        try DatabaseRoles.create(on: admin)
        try cluster.createDatabase(Self.databaseName, owner: DatabaseRoles.owner)
        let owner = try admin.query("SELECT datdba::regrole::text FROM pg_database WHERE datname = \(Self.databaseName)")
            .single().decode(0, as: String.self)
        guard owner != DatabaseRoles.owner else { return }
        try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(Self.databaseName) OWNER TO \(DatabaseRoles.owner)"))
        let database = try Connection(url: cluster.url(database: Self.databaseName))
        defer { database.close() }
        try DatabaseRoles.takeOwnership(on: database)
    }
}

/// Finds the database a command should use: `ERP_DATABASE_URL` when set, otherwise the embedded
/// cluster, started and migrated on demand.
package enum DatabaseLocation {
    /// The URL to connect to as the application, after making sure the database is up and
    /// migrated (as its owner) when embedded. With an external URL nothing is started and nothing is migrated
    /// implicitly (`erp migrate` does).
    /// - Throws: `LocalClusterError`, `PostgresError`, `MigrationError`.
    package static func resolve(_ settings: ERPSettings) throws -> String {
        if let url = settings.databaseURL { return url }
        let embedded = try EmbeddedDatabase(home: settings.home)
        try embedded.start()
        let connection = try Connection(url: embedded.ownerURL)
        defer { connection.close() }
        try Migrations.migrate(connection)
        return embedded.url
    }

    /// A warning for stderr when `url` connects with more power than the application needs
    /// (DatabaseRoles.privilegeWarning); nil when it does not, or when the database is unreachable
    /// (the command then reports that itself).
    package static func privilegeWarning(_ url: String) -> String? {
        guard let connection = try? Connection(url: url) else { return nil }
        defer { connection.close() }
        return (try? DatabaseRoles.privilegeWarning(on: connection)) ?? nil
    }

    /// The URL `erp migrate` connects to, as the owning role: `ERP_MIGRATE_DATABASE_URL`, else
    /// `ERP_DATABASE_URL`, else the embedded database (started, not migrated).
    /// - Throws: `LocalClusterError`, `PostgresError`.
    package static func resolveForMigration(_ settings: ERPSettings) throws -> String {
        if let url = settings.migrateDatabaseURL ?? settings.databaseURL { return url }
        let embedded = try EmbeddedDatabase(home: settings.home)
        try embedded.start()
        return embedded.ownerURL
    }
}
