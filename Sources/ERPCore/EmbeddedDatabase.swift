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
    /// The `ERP_HOME` directory holding the cluster (in messages).
    package let home: String

    /// - Throws: `LocalClusterError` when the server programs are missing or the path is unusable.
    package init(home: String, options: LocalCluster.Options = LocalCluster.Options()) throws {
        cluster = try LocalCluster(directory: home + "/pg", options: options)
        self.home = home
    }

    /// The URL of the `erp` database over the private socket, as the application role.
    package var url: String { cluster.url(database: Self.databaseName, user: DatabaseRoles.application) }
    /// The same database as its owner, for migrations, `pg_dump` and repairs.
    package var ownerURL: String { cluster.url(database: Self.databaseName, user: DatabaseRoles.owner) }

    /// What `start()` found: callers say when a cluster was created, and `erp serve` stops only
    /// a server it started itself.
    package enum StartOutcome: Sendable, Equatable {
        /// The server was already running (another `erp serve`, or `erp db start`).
        case wasRunning
        /// An existing cluster was started.
        case started
        /// There was no cluster: it was initialised and started.
        case created
    }

    /// Starts the cluster if needed, creates both roles and the `erp` database if missing, and
    /// hands a database made by an older erp (owned by the superuser) to the owning role.
    /// Idempotent.
    /// - Returns: Whether the server was running before, started, or created.
    /// - Throws: `LocalClusterError`, `PostgresError`.
    @discardableResult
    package func start() throws -> StartOutcome {
        let before = try cluster.status()
        try cluster.start()
        let outcome: StartOutcome = switch before {
        case .running: .wasRunning
        case .stopped: .started
        case .notInitialized: .created
        }
        let admin = try Connection(url: cluster.url(database: "postgres"))
        defer { admin.close() }
        try DatabaseRoles.create(on: admin)
        try cluster.createDatabase(Self.databaseName, owner: DatabaseRoles.owner)
        let owner = try admin.query("SELECT datdba::regrole::text FROM pg_database WHERE datname = \(Self.databaseName)")
            .single().decode(0, as: String.self)
        guard owner != DatabaseRoles.owner else { return outcome }
        try admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(Self.databaseName) OWNER TO \(DatabaseRoles.owner)"))
        let database = try Connection(url: cluster.url(database: Self.databaseName))
        defer { database.close() }
        try DatabaseRoles.takeOwnership(on: database)
        return outcome
    }
}

/// A database made ready by `DatabaseLocation.open`.
package struct OpenedDatabase: Sendable {
    /// The URL to connect to as the application.
    package var url: String
    /// The embedded cluster and what starting it found; nil for `ERP_DATABASE_URL`.
    package var embedded: (database: EmbeddedDatabase, outcome: EmbeddedDatabase.StartOutcome)?
}

/// Finds the database a command should use: `ERP_DATABASE_URL` when set, otherwise the embedded
/// cluster, started and migrated on demand.
package enum DatabaseLocation {
    /// The URL to connect to as the application, after making sure the database is up and
    /// migrated (as its owner) when embedded. With an external URL nothing is started and nothing is migrated
    /// implicitly (`erp migrate` does).
    /// `note` hears, for stderr, which `.erp` is used when it was found in a parent directory and
    /// that a new cluster was created — never silently.
    /// - Throws: `LocalClusterError`, `PostgresError`, `MigrationError`.
    package static func resolve(_ settings: ERPSettings, note: (String) -> Void = { _ in }) throws -> String {
        try open(settings, note: note).url
    }

    /// Like `resolve`, also telling how the embedded cluster was found (nil with an external URL),
    /// so `erp serve` can stop on exit a server it started itself.
    /// - Throws: `LocalClusterError`, `PostgresError`, `MigrationError`.
    package static func open(_ settings: ERPSettings, note: (String) -> Void) throws -> OpenedDatabase {
        if let url = settings.databaseURL { return OpenedDatabase(url: url, embedded: nil) }
        let (embedded, outcome) = try startEmbedded(settings, note: note)
        let connection = try Connection(url: embedded.ownerURL)
        defer { connection.close() }
        try Migrations.migrate(connection)
        return OpenedDatabase(url: embedded.url, embedded: (embedded, outcome))
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
    package static func resolveForMigration(_ settings: ERPSettings, note: (String) -> Void = { _ in }) throws -> String {
        if let url = settings.migrateDatabaseURL ?? settings.databaseURL { return url }
        let (embedded, _) = try startEmbedded(settings, note: note)
        return embedded.ownerURL
    }

    /// Starts the embedded database of `settings.home`, noting a home found in a parent directory
    /// and a newly created cluster.
    /// - Throws: `LocalClusterError`, `PostgresError`.
    package static func startEmbedded(
        _ settings: ERPSettings, note: (String) -> Void
    ) throws -> (EmbeddedDatabase, EmbeddedDatabase.StartOutcome) {
        let embedded = try EmbeddedDatabase(home: settings.home)
        if settings.homeFoundAbove {
            note("using the database in \(settings.home) (found in a parent directory; set ERP_HOME to choose another)")
        }
        let outcome = try embedded.start()
        if outcome == .created { note("created a new database cluster in \(settings.home)") }
        return (embedded, outcome)
    }
}
