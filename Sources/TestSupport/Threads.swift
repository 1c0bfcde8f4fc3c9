// Real threads for race tests. `DispatchQueue.concurrentPerform` runs at most as many iterations
// at once as there are cores — two on a small machine, and sometimes one after the other — so it
// cannot make sixteen people act at the same time, nor two parties meet at a barrier.

import Foundation
import Postgres
import Synchronization

package enum Threads {
    /// Runs `body(0)`, …, `body(count - 1)` each on a thread of its own, all at once, and returns
    /// when every one has finished.
    package static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let finished = DispatchGroup()
        for index in 0..<count {
            finished.enter()
            let thread = Thread {
                body(index)
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
    }

    /// Runs `body(0, connection)`, …, `body(count - 1, connection)` each on a thread of its own with
    /// a connection of its own to `db`, all at once; returns what the threads threw (a failed
    /// connect included), described, for the race test to expect none. A worker that throws stops.
    package static func run(_ count: Int, connectingTo db: TestDatabase,
                            _ body: @escaping @Sendable (Int, Connection) throws -> Void) -> [String] {
        let failures = Mutex<[String]>([])
        run(count) { index in
            do {
                try body(index, try db.connect())
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        return failures.withLock { $0 }
    }
}
