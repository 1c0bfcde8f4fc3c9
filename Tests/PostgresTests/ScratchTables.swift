import Postgres
import TestSupport

/// The set-up of the suites that test the `Postgres` module on plain tables of their own rather
/// than the application's schema: a fresh database, the suite's script run in it, and a session as
/// the owner that made the tables.
enum ScratchTables {
    /// A one-row counter (`counter`, id 1, value 0) for the transaction suites to count in.
    static let counter = "CREATE TABLE counter (id int PRIMARY KEY, value bigint NOT NULL); INSERT INTO counter VALUES (1, 0);"

    /// A fresh database with `script` run in it, and the owner's session that ran it.
    static func open(_ script: String) throws -> (TestDatabase, Connection) {
        let database = try TestDatabase.make()
        let connection = try database.connectAsOwner()
        try connection.executeScript(script)
        return (database, connection)
    }
}

extension Connection {
    /// The value of `ScratchTables.counter`'s row.
    func counterValue() throws -> Int64 {
        try query("SELECT value FROM counter WHERE id = 1").single().decode(0)
    }
}
