import CRM
import ERPCore
import Foundation
import Postgres
import Reports
import Testing

@testable import Demo

/// The demo's CRM step: the managers' calls, tasks and deals are there, and the reports built on
/// them have something to show.
@Suite("The demo's CRM")
struct DemoCRMTests {
    @Test func managersCallTheirClientsKeepTasksAndWorkDeals() throws {
        let demo = try LoadedDemo.get()
        let connection = try demo.database.connect()
        defer { connection.close() }
        let counts = try connection.query("""
            SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM tasks),
                   (SELECT count(*) FROM tasks WHERE status = 'open'), (SELECT count(*) FROM deals),
                   (SELECT count(*) FROM deal_stage_changes), (SELECT count(DISTINCT author_login) FROM activities)
            """).single()
        #expect(try counts.decode(0, as: Int64.self) > 20)
        #expect(try counts.decode(1, as: Int64.self) > 10)
        #expect(try counts.decode(2, as: Int64.self) > 0)
        #expect(try counts.decode(3, as: Int64.self) > 3)
        #expect(try counts.decode(4, as: Int64.self) > counts.decode(3, as: Int64.self))
        #expect(try counts.decode(5, as: Int64.self) > 1)
        let owner = try Users.principal(forLogin: "owner", channel: .cli, on: connection)
        let pipeline = try ReportsService().pipeline(by: owner, on: connection)
        #expect(pipeline.totals[1] != .integer(0))
    }
}
