import ERPCore
import Postgres
import Testing
import TestSupport

@Suite("Migrate grants the application role exactly what erp_table_privileges declares")
struct ApplicationPrivilegesTests {
    private func privilege(_ table: String, _ privilege: String, _ db: TestDatabase) throws -> Bool {
        let app = try db.connect()
        defer { app.close() }
        return try app.query("SELECT has_table_privilege(\(table), \(privilege))").single().decode(0, as: Bool.self)
    }

    @Test func aTableWithoutADeclarationStopsMigrateNamingIt() throws {
        let db = try TestDatabase.make()
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        let undeclared = Migration(name: "9999_price_lists.sql", sql: "CREATE TABLE price_lists (id int);")
        let error = #expect(throws: MigrationError.self) { try Migrations.migrate(owner, migrations: Migrations.embedded + [undeclared]) }
        #expect(error?.message.contains("no privilege declaration for the application role on price_lists") == true)
        #expect(try !privilege("price_lists", "SELECT", db))
    }

    @Test func aDeclaredTableGetsItsPrivilegesAndNoMore() throws {
        let db = try TestDatabase.make()
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        let declared = Migration(name: "9999_price_lists.sql", sql: """
            CREATE TABLE price_lists (id int);
            INSERT INTO erp_table_privileges (table_name, privileges) VALUES ('price_lists', '{SELECT,INSERT}');
            """)
        #expect(try Migrations.migrate(owner, migrations: Migrations.embedded + [declared]) == ["9999_price_lists.sql"])
        #expect(try privilege("price_lists", "INSERT", db))
        #expect(try !privilege("price_lists", "UPDATE", db))
        #expect(try !privilege("price_lists", "TRUNCATE", db))
    }

    @Test func anAppendOnlyTableDeclaredWritableStopsMigrate() throws {
        let db = try TestDatabase.make()
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        let widen = Migration(name: "9999_widen.sql", sql: """
            UPDATE erp_table_privileges SET privileges = '{SELECT,INSERT,DELETE}' WHERE table_name = 'stock_moves';
            """)
        let error = #expect(throws: MigrationError.self) { try Migrations.migrate(owner, migrations: Migrations.embedded + [widen]) }
        #expect(error?.message.contains("append-only tables declared with UPDATE or DELETE in erp_table_privileges: stock_moves") == true)
        #expect(try !privilege("stock_moves", "DELETE", db))
    }

    @Test func aGrantChangedByHandIsPutBackByTheNextMigrate() throws {
        let db = try TestDatabase.make()
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        try owner.executeScript("REVOKE INSERT ON products FROM erp_app; GRANT TRUNCATE ON audit_log TO erp_app;")
        #expect(try !privilege("products", "INSERT", db))
        #expect(try Migrations.migrate(owner) == [])
        #expect(try privilege("products", "INSERT", db))
        #expect(try !privilege("audit_log", "TRUNCATE", db))
    }
}
