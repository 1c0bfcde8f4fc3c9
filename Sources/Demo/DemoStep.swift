// The demo business is acted out by steps, one per area (catalog, parties, stock, sales,
// billing): each sets its area up before the history starts, then acts out every working day in
// turn, reading what the earlier steps did (today's sales happenings, the loader's stock) from
// the shared DemoState. A later area — CRM activities, tasks and deals — is one more step
// appended to `DemoLoader.standardSteps`. The steps that keep the books (billing, CRM) act a day
// behind, in a state of their own fed the day's sales (DemoBooksLane).

/// One area of the demo business.
protocol DemoStep: AnyObject {
    /// What the progress bar shows while the step sets up.
    var title: String { get }

    /// The lane the step acts in: the goods lane unless it keeps the books (DemoBooksLane).
    var lane: DemoLane { get }

    /// Creates what the area needs before the history (on its first morning).
    /// - Throws: `ERPError` from the services.
    func setUp(_ demo: DemoState) throws

    /// Acts out the current working day (`demo.clock.today`), after the steps before it.
    /// - Throws: `ERPError` from the services.
    func day(_ demo: DemoState) throws

    /// Rounds off after the last day (counts what is left open).
    /// - Throws: `ERPError` from the services.
    func finish(_ demo: DemoState) throws
}

extension DemoStep {
    /// The goods lane.
    var lane: DemoLane { .goods }
    /// Nothing to set up.
    func setUp(_ demo: DemoState) throws {}
    /// Nothing happens in this area day by day.
    func day(_ demo: DemoState) throws {}
    /// Nothing to round off.
    func finish(_ demo: DemoState) throws {}
}

/// How far the load is: `done` of `total` units (set-up steps and days), and what is going on.
package struct DemoProgress: Sendable, Equatable {
    /// Units done so far.
    package var done: Int
    /// Units in all.
    package var total: Int
    /// What is going on: a step's title, or `history 2026-03-14`.
    package var phase: String
}
