import ERPCore
import Foundation
import Postgres
import Synchronization

/// A fresh, migrated database of its own for one test suite (or test), cloned from a template.
///
/// The first use in a test process boots a throwaway cluster in a temporary directory (no fsync:
/// it is deleted at exit), migrates a template database once, and from then on each
/// `TestDatabase.make()` is a cheap `CREATE DATABASE … TEMPLATE`, so suites run in parallel
/// without ever seeing each other's data.
///
/// Like production, the template is migrated by DatabaseRoles.owner and tests connect as
/// DatabaseRoles.application, so every test proves the application's grants suffice. Tests that
/// corrupt data on purpose or create tables of their own use `connectAsOwner()`.
package struct TestDatabase: Sendable {
    /// The database's name, unique in this test process.
    package let name: String
    /// A libpq URL for it, as the application role.
    package let url: String
    /// A libpq URL for it, as the owning role.
    package let ownerURL: String

    /// Creates a new database with every migration applied.
    package static func make() throws -> TestDatabase {
        let cluster = try TestCluster.shared.get()
        let name = "t\(getpid())_\(TestCluster.counter.add(1, ordering: .relaxed).newValue)"
        try TestCluster.creating.withLock { _ in
            try cluster.createDatabase(name, template: TestCluster.templateName, owner: DatabaseRoles.owner)
        }
        return TestDatabase(
            name: name, url: cluster.url(database: name, user: DatabaseRoles.application),
            ownerURL: cluster.url(database: name, user: DatabaseRoles.owner)
        )
    }

    /// Opens a connection to this database as the application role.
    package func connect(applicationName: String = "erp-tests") throws -> Connection {
        try Connection(url: url, settings: ConnectionSettings(applicationName: applicationName))
    }

    /// Opens a connection as the owning role: for tests that break data on purpose or make tables.
    package func connectAsOwner() throws -> Connection {
        try Connection(url: ownerURL, settings: ConnectionSettings(applicationName: "erp-tests owner"))
    }

    /// The shared test cluster, for tests that need its administration (a second database, URLs).
    package static func cluster() throws -> LocalCluster { try TestCluster.shared.get() }
}

enum TestCluster {
    static let templateName = "erp_template"
    static let counter = Atomic<Int>(0)
    /// Template cloning is serialised: CREATE DATABASE refuses a template that is in use.
    static let creating = Mutex<Void>(())

    static let shared: Result<LocalCluster, any Error> = Result { try boot() }

    private static func boot() throws -> LocalCluster {
        var template = Array("/tmp/erp-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LocalClusterError("mkdtemp failed") }
        let home = String(cString: made)
        // As root the server runs as `postgres`, which must be able to enter the directory.
        chmod(home, 0o755)
        let cluster = try LocalCluster(
            directory: home + "/pg", options: LocalCluster.Options(disposable: true, maxConnections: 300)
        )
        try cluster.start()
        // Remove the cluster when the test process exits normally.
        TestClusterCleanup.register(cluster: cluster, home: home)
        let admin = try Connection(url: cluster.url(database: "postgres"))
        defer { admin.close() }
        try DatabaseRoles.create(on: admin)
        try cluster.createDatabase(templateName, owner: DatabaseRoles.owner)
        let connection = try Connection(url: cluster.url(database: templateName, user: DatabaseRoles.owner))
        defer { connection.close() }
        try Migrations.migrate(connection)
        return cluster
    }
}

/// Stops the throwaway cluster and deletes its directory at process exit.
enum TestClusterCleanup {
    private static let target = Mutex<(LocalCluster, String)?>(nil)

    static func register(cluster: LocalCluster, home: String) {
        target.withLock { $0 = (cluster, home) }
        atexit {
            guard let (cluster, home) = TestClusterCleanup.target.withLock({ $0 }) else { return }
            try? cluster.stop(immediate: true)
            try? FileManager.default.removeItem(atPath: home)
        }
    }
}
