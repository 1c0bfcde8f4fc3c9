@testable import ERPCLI
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

/// The nightly clean-up: what expired goes, what still counts stays, and the bloat is reported.
@Suite("erp maintenance")
struct MaintenanceCommandsTests {
    @Test func maintenancePurgesOnlyExpiredKeysLoginFailuresAndSessionsAndReportsDeadRows() throws {
        let db = try TestDatabase.make()
        let connection = try db.connectAsOwner()
        defer { connection.close() }
        let user = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection)
        let day: TimeInterval = 86_400
        for (key, age) in [("old", 2 * day), ("fresh", 10.0)] {
            try connection.query("""
                INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, created_at)
                VALUES (\(user.id.rawValue), 'POST', '/api/v1/products', \(key), sha256(\(key)::bytea), \(CLIRun.now.addingTimeInterval(-age)))
                """)
            try connection.query("INSERT INTO login_failures (login_key, at) VALUES (\(key), \(CLIRun.now.addingTimeInterval(-age)))")
            // A session started `age` ago: the old one is past its idle expiry, the fresh one is not.
            let started = CLIRun.now.addingTimeInterval(-age)
            try connection.query("""
                INSERT INTO web_sessions (user_id, digest, csrf_secret, created_at, last_seen_at, idle_expires_at, expires_at)
                VALUES (\(user.id.rawValue), sha256(\(key)::bytea), \(String(repeating: "c", count: 43)), \(started), \(started),
                        \(started.addingTimeInterval(WebSessions.idleLifetime)), \(started.addingTimeInterval(WebSessions.absoluteLifetime)))
                """)
        }

        let run = CLIRun(["maintenance", "--json"], database: db)
        #expect(run.code == 0, "\(run.diagnostics)")
        let report = try ERPJSON.makeDecoder().decode(MaintenanceReport.self, from: Data(run.output.utf8))
        #expect(report.purged == ["idempotency_keys": 1, "login_failures": 1, "web_sessions": 1])
        #expect(try connection.query("SELECT key FROM idempotency_keys").map { try $0.decode(0, as: String.self) } == ["fresh"])
        #expect(try connection.query("SELECT login_key FROM login_failures").map { try $0.decode(0, as: String.self) } == ["fresh"])
        #expect(try connection.query("SELECT created_at FROM web_sessions").map { try $0.decode(0, as: Date.self) } == [CLIRun.now.addingTimeInterval(-10)])

        let again = CLIRun(["maintenance"], database: db)
        #expect(again.code == 0)
        #expect(again.diagnostics.contains("purged 0 expired rows from idempotency_keys"))
        #expect(again.output.contains("TABLE") && again.output.contains("DEAD ROWS"))
    }
}
