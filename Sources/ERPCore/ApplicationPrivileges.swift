import Postgres

/// Grants the application role exactly what `erp_table_privileges` (migration 0011) declares,
/// table by table, and nothing else: no TRUNCATE, no privilege beyond the declaration, and never
/// UPDATE or DELETE on an append-only table. Run by the owning role after migrating, so tables of
/// future migrations are covered by the declaration rows those migrations add — an explicit,
/// reviewable list instead of `ALTER DEFAULT PRIVILEGES`.
package enum ApplicationPrivileges {
    /// Checks the declaration against the schema and, when the role's privileges differ from it,
    /// revokes everything and grants the declared privileges, in one transaction. Does nothing in
    /// a database without the declaration table (before 0011).
    /// - Throws: `MigrationError` when a table is undeclared, an append-only table is declared
    ///   writable, or `role` does not exist; `PostgresError`.
    package static func apply(to role: String = DatabaseRoles.application, on connection: Connection) throws {
        try connection.transaction { tx in
            guard try tx.query("SELECT to_regclass('erp_table_privileges') IS NOT NULL").single().decode(0, as: Bool.self) else {
                return
            }
            guard !(try tx.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)").isEmpty) else {
                throw MigrationError(message: "the application role \(role) does not exist; create it before migrating "
                    + "(CREATE ROLE \(role) LOGIN PASSWORD '…', see docs/operations.md)")
            }
            try check(tx)
            guard try drifted(role, tx) else { return }
            let schema = try tx.query("SELECT current_schema()::text").single().decode(0, as: String.self)
            let quotedRole = try PostgresIdentifier.quoted(role)
            let quotedSchema = try PostgresIdentifier.quoted(schema)
            var statements = [
                "REVOKE ALL ON ALL TABLES IN SCHEMA \(quotedSchema) FROM \(quotedRole)",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA \(quotedSchema) FROM \(quotedRole)",
                "REVOKE CREATE ON SCHEMA \(quotedSchema) FROM PUBLIC",
                "GRANT USAGE ON SCHEMA \(quotedSchema) TO \(quotedRole)",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \(quotedSchema) TO \(quotedRole)",
            ]
            statements += try tx.query("""
                SELECT format('GRANT %s ON TABLE %I TO %I', array_to_string(privileges, ', '), table_name, \(role))
                FROM erp_table_privileges
                WHERE cardinality(privileges) > 0 AND to_regclass(quote_ident(table_name)) IS NOT NULL
                ORDER BY table_name
                """).map { try $0.decode(0, as: String.self) }
            for statement in statements { try tx.query(PostgresQuery(unsafeSQL: statement)) }
        }
    }

    /// Refuses a schema whose tables are not all declared, or an append-only table declared writable.
    private static func check(_ tx: Transaction) throws {
        let undeclared = try tx.query("""
            SELECT c.relname::text FROM pg_class c
            WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e')
              AND c.relname NOT IN (SELECT table_name FROM erp_table_privileges)
            ORDER BY 1
            """).map { try $0.decode(0, as: String.self) }
        if !undeclared.isEmpty {
            throw MigrationError(message: "no privilege declaration for the application role on "
                + undeclared.joined(separator: ", ")
                + "; the migration that creates a table adds its row to erp_table_privileges")
        }
        let writableHistory = try tx.query("""
            SELECT DISTINCT d.table_name FROM erp_table_privileges d
            JOIN pg_trigger t ON t.tgrelid = to_regclass(quote_ident(d.table_name))
            JOIN pg_proc f ON f.oid = t.tgfoid AND f.proname = 'refuse_append_only_change'
            WHERE d.privileges && ARRAY['UPDATE', 'DELETE']
            ORDER BY 1
            """).map { try $0.decode(0, as: String.self) }
        if !writableHistory.isEmpty {
            throw MigrationError(message: "append-only tables declared with UPDATE or DELETE in erp_table_privileges: "
                + writableHistory.joined(separator: ", "))
        }
    }

    /// Whether `role`'s table privileges differ from the declaration (so most runs write no catalog rows).
    private static func drifted(_ role: String, _ tx: Transaction) throws -> Bool {
        try tx.query("""
            SELECT EXISTS (
                SELECT 1 FROM erp_table_privileges d,
                     unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS k(privilege)
                WHERE to_regclass(quote_ident(d.table_name)) IS NOT NULL
                  AND has_table_privilege(\(role), quote_ident(d.table_name), k.privilege) <> (k.privilege = ANY (d.privileges))
            ) OR NOT has_schema_privilege(\(role), current_schema(), 'USAGE')
            """).single().decode(0, as: Bool.self)
    }
}
