import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

@Suite("Audit")
struct AuditTests {
    @Test func everyAccessMutationIsRecordedWithActorAndChannel() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection, password: "owner-password")
        let (keeper, _) = try AccessFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        let cliOwner = owner.withChannel(.cli)
        let issued = try Tokens.issue(for: keeper.id, by: cliOwner, on: connection)
        _ = try Tokens.revoke(prefix: issued.info.prefix, by: cliOwner, on: connection)
        _ = try Users.setPassword("keeper-password", forLogin: "keeper", by: owner, on: connection)
        _ = try Login.attempt(login: "keeper", password: "keeper-password", on: connection)
        _ = try Users.disable(login: "keeper", by: owner, on: connection)

        let page = try Audit.entries(matching: AuditFilter(), by: owner, on: connection)
        let summary = page.items.reversed().map { "\($0.action) \($0.entityType) by \($0.actorLogin) via \($0.channel)" }
        #expect(summary == [
            "user.create user by owner via cli",
            "user.create user by owner via api",
            "token.issue token by owner via cli",
            "token.revoke token by owner via cli",
            "user.password user by owner via api",
            "token.issue token by keeper via api",
            "user.disable user by owner via api",
        ])
        let create = try #require(page.items.last(where: { $0.action == "user.create" && $0.entityID == keeper.id.rawValue }))
        #expect(create.change["role"] == .string("storekeeper"))
        #expect(create.change["login"] == .string("keeper"))
        #expect(page.items.allSatisfy { !$0.change.description.contains("keeper-password") })
    }

    @Test(arguments: [
        "UPDATE audit_log SET action = 'user.nothing'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ])
    func theDatabaseRefusesToChangeTheLogEvenToItsOwner(statement: String) throws {
        // The application role lacks the privilege (ApplicationRoleTests); the trigger holds for the owner too.
        let db = try TestDatabase.make()
        let connection = try db.connectAsOwner()
        _ = try AccessFixtures.owner(connection)
        let before = try AccessFixtures.count("audit_log", connection)
        var refusal: PostgresError?
        do {
            try connection.query(PostgresQuery(unsafeSQL: statement))
        } catch {
            refusal = error
        }
        let error = try #require(refusal)
        #expect(error.sqlState == "42501")
        #expect(error.message.hasPrefix("audit_log is append-only: "))
        #expect(try AccessFixtures.count("audit_log", connection) == before)
        #expect(before == 1)
    }

    @Test func entriesRollBackWithTheirMutation() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try connection.transaction { tx in
                try Audit.record(in: tx, by: owner, action: "thing.create", entityType: "thing", entityID: UserID(rawValue: 9),
                                 change: .object([:]))
                throw Abandon()
            }
        }
        #expect(try AccessFixtures.count("audit_log", connection) == 1)
    }

    @Test func theSystemIsRecordedWithoutAUserID() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        _ = try connection.transaction { tx in
            try Audit.record(in: tx, by: .system(), action: "party.export", entityType: "party",
                             change: .object(["rows": .number(12)]))
        }
        let entry = try #require(try Audit.entries(matching: AuditFilter(action: "party.export"), by: owner, on: connection).items.first)
        #expect(entry.actorID == nil && entry.actorLogin == "system" && entry.channel == .system && entry.entityID == nil)
        #expect(entry.change == .object(["rows": .number(12)]))
    }

    @Test func filtersNarrowByEntityActorActionAndTime() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (ownerUser, owner) = try AccessFixtures.owner(connection)
        let (second, secondOwner) = try AccessFixtures.user("second", role: .owner, by: owner, on: connection)
        _ = try AccessFixtures.user("third", role: .manager, by: secondOwner, on: connection)
        _ = try Tokens.issue(for: second.id, by: secondOwner, on: connection)

        func actions(_ filter: AuditFilter) throws -> [String] {
            try Audit.entries(matching: filter, by: owner, on: connection).items.map { "\($0.action):\($0.actorLogin)" }
        }
        #expect(try actions(AuditFilter(actorID: second.id)) == ["token.issue:second", "user.create:second"])
        #expect(try actions(AuditFilter(actorID: ownerUser.id)) == ["user.create:owner", "user.create:owner"])
        #expect(try actions(AuditFilter(entityType: "token")) == ["token.issue:second"])
        #expect(try actions(AuditFilter(entityType: "user", entityID: second.id.rawValue)) == ["user.create:owner"])
        #expect(try actions(AuditFilter(action: "user.create", limit: 500)).count == 3)

        let times = try connection.query("SELECT min(at), max(at) FROM audit_log").single()
        let first = try times.decode(0, as: Date.self)
        let last = try times.decode(1, as: Date.self)
        #expect(try actions(AuditFilter(from: first, to: last.addingTimeInterval(0.000_001))).count == 4)
        #expect(try actions(AuditFilter(to: first)).isEmpty)
        #expect(try actions(AuditFilter(from: last.addingTimeInterval(1))).isEmpty)
        #expect(throws: ERPError.validationFailed(fields: ["from": "must not be after to"])) {
            try actions(AuditFilter(from: last, to: first.addingTimeInterval(-1)))
        }
    }

    @Test func pagesWalkTheWholeLogNewestFirstWithoutRepeats() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        try connection.transaction { tx in
            for index in 1...9 {
                try Audit.record(in: tx, by: owner, action: "thing.touch", entityType: "thing",
                                 entityID: UserID(rawValue: Int64(index)), change: .object([:]))
            }
        }
        var ids: [Int64] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try Audit.entries(matching: AuditFilter(limit: 3, cursor: cursor), by: owner, on: connection)
            ids += page.items.map(\.id.rawValue)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil
        #expect(pages == 4)  // 10 entries: 3 + 3 + 3 + 1
        #expect(ids == ids.sorted(by: >) && Set(ids).count == 10)
        #expect(throws: ERPError.validationFailed(fields: ["limit": "must be between 1 and 500", "cursor": "is not a cursor returned by this list"])) {
            try Audit.entries(matching: AuditFilter(limit: 0, cursor: "-4"), by: owner, on: connection)
        }
    }

    @Test(arguments: [Role.accountant, .manager, .storekeeper])
    func onlyOwnersReadTheLog(role: Role) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (_, other) = try AccessFixtures.user("other", role: role, by: owner, on: connection)
        #expect(throws: ERPError.forbidden(action: "read the audit log")) {
            try Audit.entries(matching: AuditFilter(), by: other, on: connection)
        }
    }

    @Test func manyEntitiesAreRecordedInOneStatementInTheOrderGiven() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let changes: [(entityID: UserID, change: JSONValue)] = (1...3).map { index in
            (UserID(rawValue: Int64(index * 10)), .object(["name": .string("n\"\(index)"), "n": .number(index)]))
        }
        try connection.transaction { tx in
            try Audit.record(in: tx, by: owner.withChannel(.import), action: "user.import", entityType: "user",
                             changes: changes.map { ($0.entityID, AuditChange($0.change)) })
            try Audit.record(in: tx, by: owner, action: "user.import", entityType: "user", changes: [(entityID: UserID, change: AuditChange)]())
        }
        let page = try Audit.entries(matching: AuditFilter(action: "user.import"), by: owner, on: connection)
        let entries = page.items.reversed()
        #expect(entries.map(\.entityID) == [10, 20, 30])
        #expect(entries.map(\.change) == changes.map(\.change))
        #expect(entries.allSatisfy { $0.actorLogin == "owner" && $0.channel == .import })
    }
}
