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
        let people = try CLIPeople([("anna", .manager)])
        db = people.db
        let (connection, owner, anna) = (people.connection, people.owner, people.users["anna"]!)
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

    @Test func dueTimesAreTypedAndPrintedOnTheCompanysClockNotUTC() throws {
        // The commands run at 03:53 on 30 November in Moscow (00:53 UTC).
        let late = run(["task", "add", "--title", "Поздно", "--due", "2026-11-30 23:30"])
        #expect(late.code == 0 && late.output.contains("2026-11-30 23:30"), "\(late.output)")
        let first = run(["task", "add", "--title", "Первого", "--due", "2026-12-01"])
        #expect(first.code == 0 && first.output.contains("2026-12-01 00:00"), "\(first.output)")
        #expect(run(["task", "add", "--title", "Точно", "--due", "2026-12-01T09:00:00Z"]).output.contains("2026-12-01 12:00"))
        let connection = try db.connect()
        let stored = try connection.query("SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM tasks ORDER BY id")
            .map { try $0.decode(0, as: String.self) }
        #expect(stored == ["2026-11-30 20:30", "2026-11-30 21:00", "2026-12-01 09:00"])
        let today = run(["task", "list", "--mine", "--today"])
        #expect(today.output.contains("Поздно") && !today.output.contains("Первого") && today.output.contains("1 task\n"), "\(today.output)")
        #expect(run(["task", "list", "--mine", "--upcoming"]).output.contains("Первого"))

        for wrong in ["2026-12-01 24:00", "2026-12-01 9:00", "2026-12-01X10:00", "01.12.2026"] {
            let refused = run(["task", "add", "--title", "x", "--due", wrong])
            #expect(refused.code == 6 && refused.diagnostics.contains("--due"), "\(wrong): \(refused.diagnostics)")
        }
        #expect(try connection.query("SELECT count(*) FROM tasks").single().decode(0, as: Int64.self) == 3)
    }

    @Test func aClientIsNamedByINNAndAnINNSharedByBranchesNeedsTheKPP() throws {
        let connection = try db.connect()
        let owner = try Users.principal(forLogin: "olga", channel: .cli, on: connection)
        let anna = try Users.principal(forLogin: "anna", channel: .cli, on: connection)
        for (name, kpp) in [("ООО «Вектор»", "773601001"), ("ООО «Вектор», филиал", "784201001")] {
            _ = try PartiesService().create(NewParty(kind: .company, name: name, isClient: true, inn: "7736207543", kpp: kpp,
                                                     ownerID: anna.userID), by: owner, on: connection)
        }
        let activities = { try connection.query("SELECT count(*) FROM activities").single().decode(0, as: Int64.self) }
        let ambiguous = run(["activity", "log", "--client", "7736207543", "--text", "Звонок"])
        #expect(ambiguous.code == 6 && ambiguous.diagnostics.contains("2 parties have INN 7736207543: give client_kpp"),
                "\(ambiguous.diagnostics)")
        #expect(try activities() == 0)
        let unknown = run(["task", "add", "--title", "x", "--due", "2026-12-01", "--client", "7707083893"])
        #expect(unknown.code == 6 && unknown.diagnostics.contains("no client has INN 7707083893"), "\(unknown.diagnostics)")
        #expect(run(["activity", "log", "--client", "7736207543", "--client-kpp", "784201001", "--text", "Звонок"]).code == 0)
        let card = run(["client", "card", "7736207543", "--client-kpp", "784201001"])
        #expect(card.code == 0 && card.output.contains("филиал") && card.output.contains("note by anna"), "\(card.output)")
        let tasks = run(["task", "list", "--client", "7736207543", "--client-kpp", "773601001"])
        #expect(tasks.code == 0 && tasks.output.contains("0 tasks"), "\(tasks.output)")
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
