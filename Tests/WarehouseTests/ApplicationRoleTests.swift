import ERPCore
import Postgres
import Testing
import TestSupport

/// The role the server and the CLI run as cannot rewrite history: every way it has to alter or
/// remove a row of the audit log or the stock ledger is refused, and the rows stay as they were.
@Suite("The application role")
struct ApplicationRoleTests {
    /// A fingerprint of both histories: any removed or altered row changes it.
    private func history(_ connection: Connection) throws -> String {
        try connection.query("""
            SELECT (SELECT count(*) || ':' || md5(string_agg(a::text, '|' ORDER BY id)) FROM audit_log a)
                || '/' || (SELECT count(*) || ':' || md5(string_agg(m::text, '|' ORDER BY id)) FROM stock_moves m)
            """).single().decode(0, as: String.self)
    }

    static let attacks = [
        "UPDATE audit_log SET action = 'user.nothing'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "UPDATE stock_moves SET qty = 1",
        "DELETE FROM stock_moves",
        "TRUNCATE stock_moves CASCADE",
        "WITH gone AS (DELETE FROM stock_moves RETURNING id) SELECT count(*) FROM gone",
        "INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_log ON CONFLICT (id) DO UPDATE SET action = 'x'",
        "SET session_replication_role = replica",
        "SELECT set_config('session_replication_role', 'replica', false)",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete",
        "ALTER TABLE stock_moves DISABLE TRIGGER ALL",
        "DROP TRIGGER stock_moves_no_update_or_delete ON stock_moves",
        "DROP TABLE audit_log",
        "ALTER TABLE stock_moves RENAME TO old_moves",
        "ALTER TABLE audit_log OWNER TO erp_app",
        "CREATE RULE no_log AS ON INSERT TO audit_log DO INSTEAD NOTHING",
        "CREATE TRIGGER wipe BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()",
        """
        CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN RETURN NEW; END $$
        """,
        "CREATE FUNCTION public.helper() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE TABLE public.scratch (x int)",
        "CREATE SCHEMA elsewhere",
        "SET ROLE erp_owner",
        "ALTER ROLE erp_app SUPERUSER",
        "ALTER SYSTEM SET session_replication_role = 'replica'",
        "COPY audit_log FROM PROGRAM 'true'",
    ]

    @Test(arguments: attacks)
    func cannotRemoveOrAlterHistory(statement: String) throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "100.00")])
        let before = try history(shop.connection)
        #expect(before.hasPrefix("0:") == false && !before.contains("/0:"), "both histories hold rows")
        let connection = try shop.db.connect()
        defer { connection.close() }
        let error = try #require(throws: PostgresError.self) { try connection.query(PostgresQuery(unsafeSQL: statement)) }
        #expect(error.sqlState == "42501", "\(error)")
        #expect(try history(connection) == before)
        #expect(try connection.query("SHOW session_replication_role").single().decode(0, as: String.self) == "origin")
    }

    @Test func isNeitherSuperuserNorOwnerAndHoldsNoWriteOnHistory() throws {
        let shop = try Shop()
        let rows = try shop.connection.query("""
            SELECT current_user::text, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid),
                   (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid)
            FROM pg_roles r WHERE r.rolname = current_user
            """).single()
        #expect(try rows.decode(0, as: String.self) == DatabaseRoles.application)
        for column in 1...4 { #expect(try rows.decode(column, as: Bool.self) == false) }
        #expect(try rows.decode(5, as: Int64.self) == 0)
        #expect(try rows.decode(6, as: Int64.self) == 0)
        // Every table guarded by the append-only trigger, and no table at all for TRUNCATE.
        let writable = try shop.connection.query("""
            SELECT c.relname::text, k.privilege FROM pg_class c
            CROSS JOIN unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES']) AS k(privilege)
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
              AND has_table_privilege(c.oid, k.privilege)
              AND (k.privilege IN ('TRUNCATE', 'TRIGGER', 'REFERENCES') OR EXISTS (
                  SELECT 1 FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid
                  WHERE t.tgrelid = c.oid AND f.proname = 'refuse_append_only_change'))
            ORDER BY 1, 2
            """).map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String.self))" }
        #expect(writable == [])
        let guarded = try shop.connection.query("""
            SELECT string_agg(DISTINCT c.relname::text, ',' ORDER BY c.relname::text) FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid
            WHERE f.proname = 'refuse_append_only_change'
            """).single().decode(0, as: String.self)
        #expect(guarded == "activities,advance_invoices,advance_offsets,audit_log,change_events,deal_stage_changes,stock_move_postings,stock_moves,webhook_deliveries")
    }

    @Test func analyzesProductsAfterAnImportOnlyThroughTheOwnersFunction() throws {
        let shop = try Shop()
        try shop.connection.query("SELECT settle_products_after_import()")
        let definer = try shop.connection.query("""
            SELECT p.prosecdef, p.proowner::regrole::text, array_to_string(p.proconfig, ',') FROM pg_proc p
            WHERE p.proname = 'settle_products_after_import'
            """).single()
        #expect(try definer.decode(0, as: Bool.self))
        #expect(try definer.decode(1, as: String.self) == DatabaseRoles.owner)
        #expect(try definer.decode(2, as: String.self) == "search_path=pg_catalog, public")
    }
}
