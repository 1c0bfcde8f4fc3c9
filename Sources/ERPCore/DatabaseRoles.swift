import Postgres

/// The two PostgreSQL roles the ERP uses. The owning role owns the schema and every table and runs
/// migrations; the application role runs `erp serve` and every business command with only the
/// DML that `erp_table_privileges` declares (ApplicationPrivileges). Neither is a superuser, so a
/// bug or an injected statement in the application cannot `SET session_replication_role`, disable
/// a trigger, truncate a table or rewrite the append-only ledgers and the audit log.
package enum DatabaseRoles {
    /// Owns the database, its schema and tables; `erp migrate` connects as it.
    package static let owner = "erp_owner"
    /// What the server and the CLI connect as; `erp migrate` grants it its privileges.
    package static let application = "erp_app"

    /// Creates both login roles (no superuser, no CREATEDB, no CREATEROLE) unless they exist.
    /// Safe when several processes do it at once. Needs a role that may create roles.
    /// - Throws: `PostgresError`.
    package static func create(on admin: Connection) throws {
        for role in [owner, application] {
            let exists = try admin.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)")
            guard exists.isEmpty else { continue }
            do {
                try admin.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(try PostgresIdentifier.quoted(role)) LOGIN"))
            } catch let error as PostgresError {
                // 42710: created concurrently by another process, which is what we wanted.
                guard error.sqlState == .duplicateObject else { throw error }
            }
        }
    }

    /// Hands every table, sequence and function of the current database's schema that the owning
    /// role does not own to it (a database made before the roles existed belonged to the cluster's
    /// superuser). Objects of extensions stay where they are. Idempotent; run as a superuser.
    /// - Throws: `PostgresError`.
    package static func takeOwnership(on admin: Connection) throws {
        try admin.transaction { tx in
            try tx.query("SELECT pg_advisory_xact_lock(\(Migrations.lockKey))")
            let statements = try tx.query("""
                WITH mine AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema()),
                extension_members AS (SELECT objid FROM pg_depend WHERE deptype = 'e')
                SELECT format('ALTER TABLE %s OWNER TO %I', c.oid::regclass, \(owner))
                FROM pg_class c
                WHERE c.relnamespace IN (SELECT oid FROM mine) AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND c.relowner <> to_regrole(\(owner)) AND c.oid NOT IN (SELECT objid FROM extension_members)
                UNION ALL
                SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, \(owner))
                FROM pg_proc p
                WHERE p.pronamespace IN (SELECT oid FROM mine)
                  AND p.proowner <> to_regrole(\(owner)) AND p.oid NOT IN (SELECT objid FROM extension_members)
                """).map { try $0.decode(0, as: String.self) }
            for statement in statements { try tx.query(PostgresQuery(unsafeSQL: statement)) }
        }
    }

    /// A warning when the connection has more power than the application needs: it is a
    /// superuser, or it owns (or may act as the owner of) the tables. Nil when it is as it should be.
    /// - Throws: `PostgresError`.
    package static func privilegeWarning(on connection: Connection) throws -> String? {
        let row = try connection.query("""
            SELECT current_user::text, r.rolsuper,
                   coalesce((SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_class c
                             WHERE c.oid = to_regclass('audit_log')), false)
            FROM pg_roles r WHERE r.rolname = current_user
            """).single()
        let user: String = try row.decode(0)
        if try row.decode(1, as: Bool.self) {
            return "connected to the database as superuser '\(user)': anything can change anything; "
                + "run erp as the application role \(application) (see docs/operations.md)"
        }
        if try row.decode(2, as: Bool.self) {
            return "connected to the database as '\(user)', the owner of its tables: the append-only "
                + "ledgers are not protected; run erp as the application role \(application) (see docs/operations.md)"
        }
        return nil
    }
}
