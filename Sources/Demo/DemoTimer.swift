// Where a demo load's time goes: the loader runs every step's set-up, days and rounding off
// through one timer, which adds up the wall-clock time per step, so `erp demo` can print a
// per-step table (docs/operations.md keeps the figures) and a slow step shows itself.

import Foundation

/// Adds up the wall-clock time of each step of a load.
struct DemoTimer {
    /// The steps' titles in the order they are reported (the company first).
    private var order: [String]
    private var elapsed: [String: Duration] = [:]
    private let clock = ContinuousClock()

    init(steps: [String]) {
        order = ["company"] + steps
    }

    /// Runs `work`, adding its time to `step`'s.
    /// - Throws: what `work` throws.
    mutating func time<Value, Failure: Error>(_ step: String, _ work: () throws(Failure) -> Value) throws(Failure) -> Value {
        let start = clock.now
        defer { elapsed[step, default: .zero] += clock.now - start }
        return try work()
    }

    /// Adds the times `other` measured (another lane's steps).
    mutating func add(_ other: DemoTimer) {
        elapsed.merge(other.elapsed, uniquingKeysWith: +)
    }

    /// Each step's time so far, in milliseconds, in report order.
    var timings: [DemoStepTime] {
        order.map { step in
            let time = elapsed[step] ?? .zero
            return DemoStepTime(step: step, milliseconds: time.components.seconds * 1_000 + time.components.attoseconds / 1_000_000_000_000_000)
        }
    }
}
