import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite("The connection pool bounds, lends and heals")
struct ConnectionPoolTests {
    let database: TestDatabase

    init() throws {
        database = try TestDatabase.make()
    }

    private func makePool(size: Int, timeout: Duration = .seconds(5)) -> ConnectionPool {
        ConnectionPool(.init(url: database.url, maxConnections: size, checkoutTimeout: timeout))
    }

    @Test func recoversAfterItsConnectionsAreTerminated() throws {
        let pool = makePool(size: 3)
        defer { pool.close() }
        let borrowed = try (0..<3).map { _ in try pool.checkout() }
        let pids = borrowed.map { Int64($0.backendPID) }
        borrowed.forEach(pool.checkin)

        let admin = try database.connect()
        defer { admin.close() }
        let killed = try admin.query("SELECT count(*) FROM (SELECT pg_terminate_backend(pid::int) FROM unnest(\(pids)) pid) t")
        #expect(try killed.single().decode(0, as: Int64.self) == 3)
        usleep(100_000)

        for _ in 0..<10 {
            let one: Int32 = try pool.withConnection { try $0.query("SELECT 1").single().decode(0) }
            #expect(one == 1)
        }
        #expect(pool.statistics.open <= 3)
    }

    @Test func checkoutTimesOutWhenAllAreBorrowed() throws {
        let pool = makePool(size: 1, timeout: .milliseconds(200))
        defer { pool.close() }
        let held = try pool.checkout()
        let error = #expect(throws: PostgresError.self) { _ = try pool.checkout() }
        #expect(error?.kind == .poolTimeout)
        pool.checkin(held)
        #expect(try pool.withConnection { $0.isIdle })
    }

    @Test func aConnectionLeftInATransactionIsNotReused() throws {
        let pool = makePool(size: 1)
        defer { pool.close() }
        let first = try pool.checkout()
        let pid = first.backendPID
        try first.query("BEGIN")
        pool.checkin(first)
        let second = try pool.checkout()
        #expect(second.backendPID != pid)
        #expect(second.isIdle)
        pool.checkin(second)
    }

    @Test func neverOpensMoreThanItsBoundUnderContention() throws {
        let pool = makePool(size: 4)
        defer { pool.close() }
        let peak = Atomic<Int>(0)
        let active = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let threads = 16
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                for _ in 0..<20 {
                    do {
                        try pool.withConnection { connection in
                            let now = active.add(1, ordering: .relaxed).newValue
                            peak.max(now)
                            try connection.query("SELECT pg_sleep(0.001)")
                            active.subtract(1, ordering: .relaxed)
                        }
                    } catch {
                        failures.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        done.wait()
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(peak.load(ordering: .relaxed) <= 4)
        #expect(pool.statistics.open <= 4)
    }
}

extension Atomic<Int> {
    func max(_ value: Int) {
        var current = load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
