import Postgres

/// The embedded default of DESIGN.md: a private cluster in `$ERP_HOME/pg` holding the `erp`
/// database, started (and migrated) on demand by any command that needs a database.
package struct EmbeddedDatabase: Sendable {
    /// The database every ERP table lives in.
    package static let databaseName = "erp"
    package let cluster: LocalCluster

    /// - Throws: `LocalClusterError` when the server programs are missing or the path is unusable.
    package init(home: String, options: LocalCluster.Options = LocalCluster.Options()) throws {
        cluster = try LocalCluster(directory: home + "/pg", options: options)
    }

    /// The URL of the `erp` database over the private socket.
    package var url: String { cluster.url(database: Self.databaseName) }

    /// Starts the cluster if needed and creates the `erp` database if missing. Idempotent.
    /// - Throws: `LocalClusterError`, `PostgresError`.
    package func start() throws {
        try cluster.start()
        try cluster.createDatabase(Self.databaseName)
    }
}

/// Finds the database a command should use: `ERP_DATABASE_URL` when set, otherwise the embedded
/// cluster, started and migrated on demand.
package enum DatabaseLocation {
    /// The URL to connect to, after making sure the database is up and migrated when embedded.
    /// With an external URL nothing is started and nothing is migrated implicitly (`erp migrate` does).
    /// - Throws: `LocalClusterError`, `PostgresError`, `MigrationError`.
    package static func resolve(_ settings: ERPSettings, migrate: Bool = true) throws -> String {
        if let url = settings.databaseURL { return url }
        let embedded = try EmbeddedDatabase(home: settings.home)
        try embedded.start()
        if migrate {
            let connection = try Connection(url: embedded.url)
            defer { connection.close() }
            try Migrations.migrate(connection)
        }
        return embedded.url
    }
}
