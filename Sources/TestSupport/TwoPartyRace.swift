// Two parties acting on the same rows at the same instant, many times over: the shape of every
// focused race test. Each round gets fresh state from `setup`, then both parties wait at a
// barrier and go together, each on a connection of its own; the caller checks the outcome of
// each round and, afterwards, the invariants. A round that hits the race window once is enough
// to catch a check-then-act bug, so rounds are cheap and many.

import Foundation
import Postgres
import Synchronization

/// What one party of a round did: its value, or the error it was refused with.
package typealias PartyOutcome<Value> = Result<Value, any Error>

/// Runs `rounds` rounds of two parties racing; returns each round's pair of outcomes.
///
/// ```swift
/// let rounds = try TwoPartyRace.run(rounds: 60, db: db,
///     setup: { try makeOrder() },
///     first: { order, connection in try sales.confirm(order.id, by: manager, on: connection) },
///     second: { _, connection in try stock.post(.receipt(one), by: keeper, on: connection) })
/// ```
package enum TwoPartyRace {
    package static func run<State: Sendable, A: Sendable, B: Sendable>(
        rounds: Int, db: TestDatabase,
        setup: (Int) throws -> State,
        first: @escaping @Sendable (State, Connection) throws -> A,
        second: @escaping @Sendable (State, Connection) throws -> B
    ) throws -> [(state: State, first: PartyOutcome<A>, second: PartyOutcome<B>)] {
        let connections = (try db.connect(), try db.connect())
        var results: [(state: State, first: PartyOutcome<A>, second: PartyOutcome<B>)] = []
        for round in 0..<rounds {
            let state = try setup(round)
            let outcomes = Mutex<(PartyOutcome<A>?, PartyOutcome<B>?)>((nil, nil))
            let ready = Barrier(parties: 2)
            Threads.run(2) { party in
                ready.arriveAndWait()
                if party == 0 {
                    let outcome = PartyOutcome<A> { try first(state, connections.0) }
                    outcomes.withLock { $0.0 = outcome }
                } else {
                    let outcome = PartyOutcome<B> { try second(state, connections.1) }
                    outcomes.withLock { $0.1 = outcome }
                }
            }
            let (a, b) = outcomes.withLock { $0 }
            guard let a, let b else { preconditionFailure("both parties of round \(round) ran") }
            results.append((state, a, b))
        }
        return results
    }
}

/// A reusable rendezvous: `arriveAndWait` returns once `parties` threads have called it.
final class Barrier: Sendable {
    private let state: Mutex<(waiting: Int, generation: Int)>
    private let parties: Int

    init(parties: Int) {
        self.parties = parties
        state = Mutex((0, 0))
    }

    func arriveAndWait() {
        let generation = state.withLock { state -> Int in
            state.waiting += 1
            if state.waiting == parties {
                state.waiting = 0
                state.generation += 1
            }
            return state.generation - (state.waiting == 0 ? 1 : 0)
        }
        while state.withLock({ $0.generation }) == generation { sched_yield() }
    }
}
