@testable import ERPCLI
import Catalog
import CRM
import ERPCore
import Foundation
import Parties
import Postgres
import Testing
import TestSupport

/// The manager's and the owner's day from the command line: tasks, activities, the card, reports.
@Suite("erp task, activity, client and report commands")
struct CRMCommandsTests {
    let db: TestDatabase
    let client: String

    init() throws {
        db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        let anna = try Users.add(NewUser(login: "anna", role: .manager), by: owner, on: connection)
        client = String(try PartiesService().create(NewParty(kind: .person, name: "Иван Петров", isClient: true, ownerID: anna.id),
                                                  by: owner, on: connection).id.rawValue)
    }

    private func run(_ arguments: [String], as login: String = "anna") -> CLIRun {
        CLIRun(arguments + ["--as", login], database: db)
    }

    @Test func aManagerLogsCallsKeepsTasksAndReadsTheCard() throws {
        #expect(run(["activity", "log", "--client", client, "--type", "call", "--text", "Обсудили заказ"]).code == 0)
        #expect(run(["task", "add", "--title", "Перезвонить", "--client", client, "--due", "2020-01-01"]).code == 0)
        let overdue = run(["task", "list", "--mine", "--overdue"])
        #expect(overdue.code == 0 && overdue.output.contains("Перезвонить") && overdue.output.contains("1 task\n"), "\(overdue.output)")
        let card = run(["client", "card", client])
        #expect(card.code == 0, "\(card.diagnostics)")
        #expect(card.output.contains("Иван Петров") && card.output.contains("call by anna") && card.output.contains("balance 0.00"))
        let id = overdue.output.split(separator: "\n")[1].split(separator: " ").first.map(String.init) ?? ""
        #expect(run(["task", "done", id]).output.contains("done"))
        #expect(run(["task", "add", "--title", "x", "--due", "someday"]).code == 6)
    }

    @Test func reportsPrintTablesCSVAndJSONForOwnersOnly() throws {
        #expect(run(["report", "revenue"]).code == 5)
        let table = run(["report", "revenue", "--by", "client"], as: "olga")
        #expect(table.code == 0 && table.output.contains("REVENUE") && table.output.contains("Итого"))
        let csv = run(["report", "overdue-tasks", "--format", "csv"], as: "olga")
        #expect(csv.code == 0 && csv.output.hasPrefix("assignee,open,overdue,due_today"))
        let json = run(["report", "pipeline", "--format", "json"], as: "olga")
        #expect(try ERPJSON.decode(JSONValue.self, from: Array(json.output.utf8))["report"] == .string("pipeline"))
        #expect(run(["report", "write-offs", "--by", "colour"], as: "olga").code == 6)
        for top in ["-1", "0", "1001", "lots"] {
            let refused = run(["report", "revenue", "--top", top], as: "olga")
            #expect(refused.code == 6 && refused.diagnostics.contains("top"), "--top \(top)")
        }
        #expect(run(["report", "revenue", "--top", "2"], as: "olga").code == 0)
        let dates = run(["report", "revenue", "--from", "yesterday", "--to", "2026-13-01"], as: "olga")
        #expect(dates.code == 6 && dates.output.isEmpty)
        #expect(dates.diagnostics == "error: invalid values:\n  --from: 'yesterday' is not a date like 2026-12-01\n"
                + "  --to: '2026-13-01' is not a date like 2026-12-01\n", "\(dates.diagnostics)")
        #expect(run(["report", "stock", "--by", "product"], as: "olga").code == 0)
    }

    @Test func reportsReadTheReportsDatabaseWhenOneIsConfigured() throws {
        let replica = CLIRun(["report", "pipeline", "--as", "olga"], database: db,
                             environment: ["ERP_REPORTS_DATABASE_URL": db.url])
        #expect(replica.code == 0, "\(replica.diagnostics)")
        // An unreachable reports database is used, not silently skipped: the report is unavailable.
        let down = CLIRun(["report", "pipeline", "--as", "olga"], database: db,
                          environment: ["ERP_REPORTS_DATABASE_URL": "postgresql://x@/nodb?host=/nonexistent"])
        #expect(down.code == 7, "\(down.diagnostics)")
        #expect(run(["client", "card", client]).code == 0)  // everything else keeps the main database
    }
}
