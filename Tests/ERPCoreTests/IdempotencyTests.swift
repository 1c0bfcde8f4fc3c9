import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

@Suite("Idempotency")
struct IdempotencyTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A database with an owner and an `effects` table standing in for a service's writes.
    private func makeWorld() throws -> (TestDatabase, Connection, Principal) {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let admin = try db.connectAsOwner()
        defer { admin.close() }
        try admin.executeScript("""
            CREATE TABLE effects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
            GRANT SELECT, INSERT ON effects TO \(DatabaseRoles.application);
            """)
        return (db, connection, owner)
    }

    /// The effect: one row in `effects`, answered with a 201 naming its id.
    private func createEffect(_ tx: Transaction, note: String = "x", pause: Double = 0) throws -> StoredOutcome {
        if pause > 0 { try tx.query("SELECT pg_sleep(\(pause))") }
        let id = try tx.query("INSERT INTO effects (note) VALUES (\(note)) RETURNING id").single().decode(0, as: Int64.self)
        return StoredOutcome(code: 201, body: Array(#"{"id":\#(id),"note":"\#(note)"}"#.utf8))
    }

    private func run(
        _ key: String?, body: String = #"{"a":1}"#, path: String = "/api/v1/things", by principal: Principal,
        time: TimeSource = .system, on connection: Connection,
        effect: (Transaction) throws -> StoredOutcome
    ) throws(ERPError) -> StoredOutcome {
        try Idempotency.run(key: key, principal: principal, method: "POST", path: path, requestBody: Array(body.utf8),
                            time: time, on: connection, body: effect)
    }

    @Test func aRepeatReplaysTheSameBytesWithoutRunningAgain() throws {
        let (_, connection, owner) = try makeWorld()
        let first = try run("key-1", by: owner, on: connection) { try createEffect($0) }
        var ranAgain = false
        let second = try run("key-1", by: owner, on: connection) { tx in
            ranAgain = true
            return try createEffect(tx, note: "second")
        }
        #expect(!ranAgain)
        #expect(second == first && second.body == Array(#"{"id":1,"note":"x"}"#.utf8))
        #expect(second.code == 201)
        #expect(try AccessFixtures.count("effects", connection) == 1)
    }

    @Test func theSameKeyWithAnotherBodyIsRefused() throws {
        let (_, connection, owner) = try makeWorld()
        _ = try run("key-1", body: #"{"a":1}"#, by: owner, on: connection) { try createEffect($0) }
        #expect(throws: ERPError.idempotencyKeyReused) {
            try run("key-1", body: #"{"a":2}"#, by: owner, on: connection) { try createEffect($0) }
        }
        #expect(ERPError.idempotencyKeyReused.httpStatus == 422)
        #expect(try AccessFixtures.count("effects", connection) == 1)
    }

    @Test func keysAreScopedToUserMethodAndPath() throws {
        let (_, connection, owner) = try makeWorld()
        let (_, second) = try AccessFixtures.user("second", role: .owner, by: owner, on: connection)
        _ = try run("shared", by: owner, on: connection) { try createEffect($0) }
        _ = try run("shared", path: "/api/v1/other", by: owner, on: connection) { try createEffect($0) }
        _ = try run("shared", by: second, on: connection) { try createEffect($0) }
        #expect(try AccessFixtures.count("effects", connection) == 3)
        #expect(try AccessFixtures.count("idempotency_keys", connection) == 3)
    }

    @Test func aRefusedAttemptStoresNothingSoTheClientCanRetry() throws {
        let (_, connection, owner) = try makeWorld()
        let refusal = ERPError.validationFailed(fields: ["qty": "must be positive"])
        #expect(throws: refusal) {
            try run("key-1", by: owner, on: connection) { tx in
                _ = try createEffect(tx)
                throw refusal
            }
        }
        #expect(try AccessFixtures.count("effects", connection) == 0)
        #expect(try AccessFixtures.count("idempotency_keys", connection) == 0)
        // The fixed request (another body) may reuse the key.
        let fixed = try run("key-1", body: #"{"a":"fixed"}"#, by: owner, on: connection) { try createEffect($0) }
        #expect(fixed.code == 201)
        #expect(try AccessFixtures.count("effects", connection) == 1)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "with space", "tab\t", "ключ", "del\u{7F}"])
    func malformedKeysAreRefused(key: String) throws {
        let (_, connection, owner) = try makeWorld()
        #expect(throws: ERPError.validationFailed(fields: ["Idempotency-Key": "must be 1 to 255 visible ASCII characters"])) {
            try run(key, by: owner, on: connection) { try createEffect($0) }
        }
        #expect(try AccessFixtures.count("effects", connection) == 0)
    }

    @Test func theLongestKeyAndNoKeyBothWork() throws {
        let (_, connection, owner) = try makeWorld()
        let key = String(repeating: "~", count: 255)
        _ = try run(key, by: owner, on: connection) { try createEffect($0) }
        _ = try run(key, by: owner, on: connection) { try createEffect($0) }
        #expect(try AccessFixtures.count("effects", connection) == 1)
        // Without a key every request runs.
        _ = try run(nil, by: owner, on: connection) { try createEffect($0) }
        _ = try run(nil, by: owner, on: connection) { try createEffect($0) }
        #expect(try AccessFixtures.count("effects", connection) == 3)
    }

    @Test func keysExpireAfterADay() throws {
        let (_, connection, owner) = try makeWorld()
        _ = try run("key-1", by: owner, time: .fixed(start), on: connection) { try createEffect($0) }
        let almostADay = TimeSource.fixed(start.addingTimeInterval(Idempotency.lifetime - 1))
        _ = try run("key-1", by: owner, time: almostADay, on: connection) { try createEffect($0) }
        #expect(try AccessFixtures.count("effects", connection) == 1)
        // Expired: treated as new, even with another body.
        let nextDay = TimeSource.fixed(start.addingTimeInterval(Idempotency.lifetime))
        let renewed = try run("key-1", body: "{}", by: owner, time: nextDay, on: connection) { try createEffect($0, note: "new") }
        #expect(renewed.body == Array(#"{"id":2,"note":"new"}"#.utf8))
        _ = try run("key-2", by: owner, time: .fixed(start), on: connection) { try createEffect($0) }
        #expect(try Idempotency.purgeExpired(time: nextDay, on: connection) == 1)
        #expect(try connection.query("SELECT key FROM idempotency_keys").map { try $0.decode(0, as: String.self) } == ["key-1"])
    }

    @Test func twentyConcurrentIdenticalRequestsHaveOneEffect() throws {
        let (db, connection, owner) = try makeWorld()
        let connections = try (0..<20).map { _ in try db.connect() }
        let responses = Collected<Result<StoredOutcome, ERPError>>()
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let gate = DispatchSemaphore(value: 0)
        for threadConnection in connections {
            ready.enter()
            done.enter()
            let thread = Thread {
                ready.leave()
                gate.wait()
                let result = Result { () throws(ERPError) -> StoredOutcome in
                    // The pause keeps the first transaction open while the others arrive.
                    try run("same-key", by: owner, on: threadConnection) { try createEffect($0, pause: 0.3) }
                }
                responses.append(result)
                done.leave()
            }
            thread.start()
        }
        ready.wait()
        for _ in connections { gate.signal() }
        done.wait()

        let results = responses.items
        #expect(results.count == 20)
        let bodies = try results.map { try $0.get().body }
        #expect(Set(bodies).count == 1)
        #expect(bodies.first == Array(#"{"id":1,"note":"x"}"#.utf8))
        #expect(try AccessFixtures.count("effects", connection) == 1)
        #expect(try AccessFixtures.count("idempotency_keys", connection) == 1)
    }
}

/// Results gathered from several threads.
private final class Collected<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Item] = []

    func append(_ item: Item) {
        lock.lock()
        storage.append(item)
        lock.unlock()
    }

    var items: [Item] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
