// Real threads for race tests. `DispatchQueue.concurrentPerform` runs at most as many iterations
// at once as there are cores — two on a small machine, and sometimes one after the other — so it
// cannot make sixteen people act at the same time, nor two parties meet at a barrier.

import Foundation
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
}
