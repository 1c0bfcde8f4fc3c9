@testable import ERPCLI
import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

/// `erp` run in-process against a test database (see `CLIRun`).
private typealias AccessRun = CLIRun

@Suite("erp user, token and audit commands")
struct UserCommandsTests {
    @Test func userAddBootstrapsTheOwnerAndPrintsTheTokenOnce() throws {
        let db = try TestDatabase.make()
        let run = AccessRun(["user", "add", "--login", "olga", "--role", "owner", "--password-stdin"], database: db,
                            input: "olga-password\n")
        #expect(run.code == 0, "\(run.diagnostics)")
        let token = run.output.trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("erp_") && token.count == 47)
        #expect(run.diagnostics.contains("shown this once"))
        let connection = try db.connect()
        #expect(try Tokens.authenticate(token: token, channel: .api, in: connection).login == "olga")
        #expect(try Login.attempt(login: "olga", password: "olga-password", on: connection).user.login == "olga")

        // The second user needs --as; with it the JSON has the API's shape.
        let missing = AccessRun(["user", "add", "--login", "kim", "--role", "storekeeper"], database: db)
        #expect(missing.code == 5 && missing.diagnostics.contains("sign in as an owner"))
        let json = AccessRun(["user", "add", "--login", "kim", "--role", "storekeeper", "--warehouse", "2", "--as", "olga", "--json"],
                             database: db)
        #expect(json.code == 0, "\(json.diagnostics)")
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.output.utf8))
        #expect(value["user"]?["login"] == .string("kim") && value["user"]?["warehouse_scope"] == .array([.number(2)]))
        #expect(value["token"].map { if case .string(let t) = $0 { t.hasPrefix("erp_") } else { false } } == true)
        let audit = try connection.query("SELECT channel, actor_login FROM audit_log WHERE action = 'user.create' ORDER BY id DESC LIMIT 1").single()
        #expect(try audit.decode(0, as: String.self) == "cli" && audit.decode(1, as: String.self) == "olga")
    }

    @Test func listDisableIssueRevokeAndAuditActAsTheGivenUser() throws {
        let db = try TestDatabase.make()
        #expect(AccessRun(["user", "add", "--login", "olga", "--role", "owner"], database: db).code == 0)
        #expect(AccessRun(["user", "add", "--login", "kim", "--role", "manager", "--as", "olga"], database: db).code == 0)

        let list = AccessRun(["user", "list"], database: db, environment: ["ERP_USER": "olga"])
        #expect(list.code == 0 && list.output.contains("kim") && list.output.contains("manager"))
        #expect(AccessRun(["user", "list", "--as", "kim"], database: db).code == 5)
        #expect(AccessRun(["user", "list"], database: db).code == 2)

        let issued = AccessRun(["token", "issue", "--login", "kim", "--as", "kim"], database: db)
        #expect(issued.code == 0, "\(issued.diagnostics)")
        let token = issued.output.trimmingCharacters(in: .newlines)
        let prefix = String(token.dropFirst(4).prefix(8))
        let revoked = AccessRun(["token", "revoke", "erp_" + prefix, "--as", "olga", "--json"], database: db)
        #expect(revoked.code == 0 && revoked.output.contains("\"revoked_at\":\""))
        #expect(AccessRun(["token", "revoke", "ZZZZZZZZ", "--as", "olga"], database: db).code == 3)

        #expect(AccessRun(["user", "disable", "kim", "--as", "olga"], database: db).code == 0)
        #expect(AccessRun(["user", "disable", "olga", "--as", "olga"], database: db).code == 4)  // last owner

        let audit = AccessRun(["audit", "--as", "olga", "--action", "user.disable", "--json"], database: db)
        #expect(audit.code == 0)
        let page = try JSONDecoder().decode(JSONValue.self, from: Data(audit.output.utf8))
        #expect(page["next_cursor"] == .null)
        guard case .array(let items)? = page["items"] else {
            Issue.record("no items in \(audit.output)")
            return
        }
        #expect(items.count == 1 && items.first?["actor_login"] == .string("olga") && items.first?["channel"] == .string("cli"))
        #expect(AccessRun(["audit", "--as", "olga", "--from", "yesterday"], database: db).code == 2)
    }

    @Test func tokenIssueExpiresInNinetyDaysUnlessToldOtherwise() throws {
        let db = try TestDatabase.make()
        #expect(AccessRun(["user", "add", "--login", "olga", "--role", "owner"], database: db).code == 0)
        let connection = try db.connect()
        func expiry(_ extra: [String]) throws -> Double? {
            let run = AccessRun(["token", "issue", "--login", "olga", "--as", "olga"] + extra, database: db)
            #expect(run.code == 0, "\(run.diagnostics)")
            return try connection.query("SELECT extract(epoch FROM expires_at - created_at)::float8 FROM tokens ORDER BY id DESC LIMIT 1")
                .single().decode(0, as: Double?.self)
        }
        #expect(try expiry([]) == 90 * 86_400)
        #expect(try expiry(["--expires-days", "7"]) == 7 * 86_400)
        #expect(try expiry(["--no-expiry"]) == nil)
        let tokens = try connection.query("SELECT count(*) FROM tokens").single().decode(0, as: Int64.self)
        for (bad, code) in [(["--expires-days", "x"], 2), (["--expires-days", "0"], 6), (["--no-expiry", "--expires-days", "7"], 6)] {
            #expect(AccessRun(["token", "issue", "--login", "olga", "--as", "olga"] + bad, database: db).code == code, "\(bad)")
        }
        #expect(try connection.query("SELECT count(*) FROM tokens").single().decode(0, as: Int64.self) == tokens)
    }

    @Test func everyAccessCommandHasHelpThatFitsEightyColumns() throws {
        for command in UserCommands.all {
            let parsed = try CLI.rootSpec(UserCommands.all).parse(command.path + ["--help"])
            #expect(parsed.isHelpRequested, "\(command.path)")
            #expect(parsed.helpText().split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(command.path)")
        }
    }
}
