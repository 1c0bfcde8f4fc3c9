import ERPCore
import Testing
import TestSupport

@testable import ERPServer

/// Reports read a replica when `ERP_REPORTS_DATABASE_URL` names one; when it is down they answer
/// 503 `unavailable` (no silent fallback onto the primary) and nothing else of the API notices.
@Suite("Reports on a replica")
struct ReportReplicaTests {
    @Test func reportsOnAReplicaThatIsDownAnswerUnavailableWhileTheRestOfTheAPIWorks() throws {
        let api = try APIFixture(users: [], reportsDatabaseURL: unreachableDatabaseURL)
        for report in ["stock", "revenue", "write-offs", "movements", "pipeline", "overdue-tasks"] {
            let response = api.call(.get, "/api/v1/reports/\(report)", as: "owner")
            #expect(response.status == 503, "\(report)")
            #expect(response.errorCode == "unavailable")
            #expect(!response.text.contains("nonexistent"))  // the replica's address stays in the log
        }
        #expect(api.call(.get, "/api/v1/warehouses", as: "owner").status == 200)
        #expect(api.call(.get, "/api/v1/reports/receivables", as: "owner").status == 200)  // billing reads the primary
        #expect(api.call(.get, "/ready", as: nil).status == 200)
        #expect(api.server.pool.statistics.open > 0 && api.server.reportsPool?.statistics.open == 0)
    }

    @Test func reportsReadTheReplicaWhenItAnswers() throws {
        let api = try APIFixture(users: [], reportsDatabaseURL: TestDatabase.make().url)
        #expect(api.call(.get, "/api/v1/reports/stock", as: "owner").status == 200)
        #expect(api.server.reportsPool?.statistics.open == 1)
    }
}
