// The demo's driver: refuses a database that already holds business data, signs the owner in
// (creating `owner` on an empty installation), founds the company, then runs the steps — set-up
// first, then every working day of the history through every step in order (the books steps a
// day behind, on a second connection when given: DemoBooksLane) — and reports what it made. Everything goes through the services, acting as the
// company's people with channel `demo`, so every invariant and the audit log hold.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// What `erp demo` prints at the end: the period, the counts, and how to sign in.
package struct DemoResult: Codable, Sendable, Equatable {
    /// Which demo was loaded.
    package var size: DemoSize
    /// The first working day of the history.
    package var firstDay: CalendarDate
    /// The last day of the history.
    package var lastDay: CalendarDate
    /// How many of each kind of thing were made.
    package var tally: DemoTally
    /// The owner's login (`owner`).
    package var ownerLogin: String
    /// A fresh API token of the owner, shown this once.
    package var ownerToken: String
    /// The other demo users; they sign in with `password`.
    package var logins: [DemoLogin]
    /// The password of every demo user but the owner.
    package var password: String
    /// Where the load's time went, step by step (wall-clock milliseconds).
    package var timings: [DemoStepTime] = []
}

/// The time one step of the load took: its set-up, every day and its rounding off together.
package struct DemoStepTime: Codable, Sendable, Equatable {
    /// The step's title (`stock`, `sales`…), or `company` for founding the company.
    package var step: String
    /// Wall-clock milliseconds.
    package var milliseconds: Int64
}

/// Loads the demo business.
package enum DemoLoader {
    /// The login of the demo's owner.
    package static let ownerLogin = "owner"

    /// The steps of the demo, in the order they act each day.
    static func standardSteps() -> [any DemoStep] {
        [CatalogStep(), PartiesStep(), StockStep(), SalesStep(), BillingStep(), CRMStep()]
    }

    /// Whether the database already has business data: a product, a party or a warehouse.
    /// - Throws: translated database failures.
    package static func hasBusinessData(on connection: Connection) throws(ERPError) -> Bool {
        let system = Principal.system(channel: .demo)
        let catalog = CatalogService()
        for archived in [false, true]
        where !(try catalog.products(matching: ProductFilter(archived: archived, limit: 1), by: system, on: connection)).items.isEmpty {
            return true
        }
        if !(try PartiesService().parties(matching: PartyFilter(archived: nil, limit: 1), by: system, on: connection)).items.isEmpty {
            return true
        }
        return !(try WarehouseService().warehouses(by: system, on: connection)).isEmpty
    }

    /// Loads a demo business of `size` whose history ends on `lastDay` (default: yesterday, UTC),
    /// keeping the books (billing, CRM) a day behind on `books`, a second connection to the same
    /// database, when given (about twice as fast on two cores; the same business either way).
    /// - Throws: `ERPError.invalidState` when the database already has business data,
    ///   `.duplicate` when a demo user's login is taken (both before anything is written); any
    ///   other `ERPError` a service raises (a bug in the demo: it only does what the rules allow).
    package static func load(
        _ size: DemoSize, lastDay: CalendarDate? = nil, on connection: Connection, books: Connection? = nil,
        progress: (DemoProgress) -> Void = { _ in }
    ) throws(ERPError) -> DemoResult {
        try load(size, lastDay: lastDay, steps: standardSteps(), on: connection, books: books, progress: progress)
    }

    /// `load(_:lastDay:on:books:progress:)` acting out `steps`.
    /// - Throws: as `load(_:lastDay:on:books:progress:)`.
    static func load(
        _ size: DemoSize, lastDay: CalendarDate?, steps: [any DemoStep], on connection: Connection, books: Connection? = nil,
        progress: (DemoProgress) -> Void
    ) throws(ERPError) -> DemoResult {
        guard try !hasBusinessData(on: connection) else {
            throw ERPError.invalidState(entity: "this database", current: "not empty (it has products, parties or warehouses)",
                                        action: "load the demo into")
        }
        try DemoCompany.requireFreeLogins(on: connection)
        // A load is thousands of small transactions; not waiting for each commit's WAL flush
        // makes it several times faster, and a crash mid-load loses only a demo. The setting is
        // this session's; it is reset after a load (a failed one leaves the connection to be closed).
        let sessions = [connection] + (books.map { [$0] } ?? [])
        for session in sessions { _ = try session.serviceQuery("SET synchronous_commit TO off") }

        let (owner, token) = try signInOwner(on: connection)
        let plan = DemoPlan.of(size)
        let end = lastDay ?? CalendarDate(utcDayOf: Date().addingTimeInterval(-86_400))
        let clock = DemoClock(months: plan.months, endingOn: end)
        do {
            var timer = DemoTimer(steps: steps.map(\.title))
            let company = try timer.time("company") { try DemoCompany.found(by: owner, time: clock.time, on: connection) }
            let demo = DemoState(connection: connection, plan: plan, clock: clock, company: company)
            demo.tally.users = company.logins.count + 1
            demo.tally.warehouses = company.warehouses.count
            let goods = steps.filter { $0.lane == .goods }
            let lane = DemoBooksLane(
                steps: steps.filter { $0.lane == .books },
                state: DemoState(connection: books ?? connection, plan: plan, clock: clock, company: company, seed: DemoBooksLane.seed(of: plan)),
                threaded: books != nil)
            defer { lane.settle() }
            let total = steps.count + clock.days.count + 1
            for (index, step) in goods.enumerated() {
                progress(DemoProgress(done: index, total: total, phase: step.title))
                try timer.time(step.title) { try step.setUp(demo) }
            }
            progress(DemoProgress(done: goods.count, total: total, phase: lane.steps.map(\.title).joined(separator: ", ")))
            try lane.run { step, state in try step.setUp(state) }
            for index in clock.days.indices {
                demo.clock.begin(day: index, actions: plan.ordersPerDay * 6 + 20)
                demo.today = DemoDay()
                progress(DemoProgress(done: steps.count + index, total: total, phase: "history \(demo.clock.today)"))
                for step in goods { try timer.time(step.title) { try step.day(demo) } }
                // The books of the day before are done by now; today's go on beside tomorrow's goods.
                try lane.join()
                try lane.start(DemoBooksDay(clock: demo.clock, today: demo.today, clients: demo.clients))
            }
            try lane.join()
            progress(DemoProgress(done: total - 1, total: total, phase: "rounding off"))
            for step in goods { try timer.time(step.title) { try step.finish(demo) } }
            try lane.run { step, state in try step.finish(state) }
            timer.add(lane.timer)
            demo.tally.add(lane.state.tally)
            // Months written in minutes: the planner must not plan from the empty tables'
            // statistics until autovacuum comes round (migration 0028).
            _ = try connection.serviceQuery("SELECT analyze_after_bulk_load()")
            for session in sessions { _ = try session.serviceQuery("RESET synchronous_commit") }
            progress(DemoProgress(done: total, total: total, phase: "done"))
            return DemoResult(size: size, firstDay: CalendarDate(utcDayOf: clock.days.first ?? Date()), lastDay: end,
                              tally: demo.tally, ownerLogin: owner.login, ownerToken: token, logins: company.logins,
                              password: DemoCompany.password, timings: timer.timings)
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// The owner acting for the demo and a fresh token of theirs: `owner` when it exists,
    /// otherwise created — as the installation's first user when there are none.
    /// - Throws: `ERPError.invalidState` when `owner` exists with another role; service errors.
    static func signInOwner(on connection: Connection) throws(ERPError) -> (Principal, String) {
        do throws(ERPError) {
            let owner = try Users.principal(forLogin: ownerLogin, channel: .demo, on: connection)
            guard owner.role == .owner else {
                throw ERPError.invalidState(entity: "user \(ownerLogin)", current: "a \(owner.role.rawValue)", action: "act as owner for the demo")
            }
            return (owner, try Tokens.issue(for: owner.userID, by: owner, on: connection).token)
        } catch .notFound {
            let command = NewUser(login: ownerLogin, name: "Андрей Лебедев", role: .owner)
            let added: AddedUser
            do throws(ERPError) {
                added = try Users.addWithFirstToken(command, by: nil, channel: .demo, on: connection)
            } catch .unauthorized {
                // Users exist, none of them `owner`: the system adds one, as for any maintenance.
                added = try Users.addWithFirstToken(command, by: .system(channel: .demo), channel: .demo, on: connection)
            }
            return (added.user.principal(channel: .demo), added.token)
        }
    }
}
