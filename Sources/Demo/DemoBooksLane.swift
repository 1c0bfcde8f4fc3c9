// The demo's second lane. One connection alternates Swift's CPU and its backend's, so a load on
// one connection uses about one core. The books steps (billing, CRM) only react to what sales did
// on a day and write only their own tables, and nothing the goods steps (catalog, parties, stock,
// sales) do reads what they write; so the books of day d are kept on a second connection, on a
// thread of their own, while the goods steps act out day d+1 — a queue of one day. Each lane has
// its own random numbers, clock and tally, and the books get each day as a Sendable snapshot, so a
// seed loads the same business on one connection or two; every document series is taken by one
// lane only, so the numbers stay gapless. The one thing the books of day d need from later days —
// that an order they invoice is not cancelled before — is kept by the sales step (a confirmed order
// is cancelled two working days on at the earliest).

import Dispatch
import Foundation
import Postgres

/// Which lane a step acts in.
enum DemoLane: Sendable {
    /// Catalog, parties, stock and sales, on the loader's connection.
    case goods
    /// Billing and CRM, a day behind, on a second connection when there is one.
    case books
}

/// What the books steps need of a day the goods steps finished: the clock as sales left it,
/// what happened in sales, and the clients as they were.
struct DemoBooksDay: Sendable {
    var clock: DemoClock
    var today: DemoDay
    var clients: [DemoClient]
}

/// The books steps with a state of their own, acting out one day at a time behind the goods steps.
///
/// Threading rule: the lane (its state, steps and connection) is used by one thread at a time — the
/// loader's between days, the lane's thread while a day runs; `join` hands it back (the semaphore
/// orders the two), which is the only sharing there is, hence `@unchecked Sendable`.
final class DemoBooksLane: @unchecked Sendable {
    /// The books steps' world: its own connection, random numbers, clock and tally.
    let state: DemoState
    let steps: [any DemoStep]
    /// The books steps' times (added to the loader's at the end).
    private(set) var timer: DemoTimer
    /// Whether days run on a thread of their own (a second connection) or inline on the loader's.
    private let threaded: Bool
    /// Signalled when the day running on the lane's thread is done.
    private var running: DispatchSemaphore?
    /// The error the day running on the lane's thread stopped with.
    private var failure: (any Error)?

    /// A lane acting through `steps` on `connection`, on a thread of its own when `threaded`.
    init(steps: [any DemoStep], state: DemoState, threaded: Bool) {
        self.steps = steps
        self.state = state
        self.threaded = threaded
        timer = DemoTimer(steps: steps.map(\.title))
    }

    /// The seed of the books' random numbers, derived from the plan's.
    static func seed(of plan: DemoPlan) -> UInt64 {
        plan.seed ^ 0x424F_4F4B
    }

    /// Starts acting out `day` (inline when the lane is not threaded). The previous day must
    /// have been joined.
    /// - Throws: `ERPError` from the services, inline only (a threaded day's error comes with `join`).
    func start(_ day: DemoBooksDay) throws {
        precondition(running == nil, "the books of the previous day were not joined")
        guard threaded else { return try act(day) }
        let done = DispatchSemaphore(value: 0)
        running = done
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            do { try act(day) } catch { failure = error }
        }
    }

    /// Waits for the day started last, if any.
    /// - Throws: the error that day stopped with.
    func join() throws {
        guard let done = running else { return }
        done.wait()
        running = nil
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    /// Waits for the day started last, if any, dropping its error: the load stops for another
    /// one, and must not hand the connection back while the lane's thread still uses it.
    func settle() {
        running?.wait()
        running = nil
        failure = nil
    }

    /// Runs every books step's set-up, or rounding off, in the lane's state (lane joined).
    /// - Throws: `ERPError` from the services.
    func run(_ phase: (any DemoStep, DemoState) throws -> Void) throws {
        for step in steps { try timer.time(step.title) { try phase(step, state) } }
    }

    /// Acts out `day` through every books step.
    private func act(_ day: DemoBooksDay) throws {
        state.clock = day.clock
        state.today = day.today
        state.clients = day.clients
        for step in steps { try timer.time(step.title) { try step.day(state) } }
    }
}
