import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Party lists")
struct PartyListTests {
    @Test func theINNFilterIsExactAndTheSearchTextIsBounded() throws {
        let (connection, owner) = try PartyFixtures.database()
        let sber = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        _ = try PartiesService().create(PartyFixtures.company(name: "Other", inn: "7736207543", kpp: nil), by: owner, on: connection)
        let exact = try PartiesService().parties(matching: PartyFilter(inn: PartyFixtures.sberINN), by: owner, on: connection)
        #expect(exact.items.map(\.id) == [sber.id])
        let prefix = String(PartyFixtures.sberINN.prefix(5))
        #expect(try PartiesService().parties(matching: PartyFilter(inn: prefix), by: owner, on: connection).items.isEmpty)
        let error = #expect(throws: ERPError.self) {
            try PartiesService().parties(matching: PartyFilter(q: String(repeating: "x", count: 201)), by: owner, on: connection)
        }
        #expect(error == .validationFailed(fields: ["q": "must be at most 200 characters"]))
    }

    @Test func filtersCombineAndPagesFollowTheCursor() throws {
        let (connection, owner) = try PartyFixtures.database()
        let manager = try PartyFixtures.user("kate", role: .manager, by: owner, on: connection)
        let a = try PartiesService().create(NewParty(kind: .company, name: "Romashka Trading", isClient: true, tags: ["vip"]),
                                          by: owner, on: connection)
        let b = try PartiesService().create(NewParty(kind: .company, name: "Vasilek Supply", isSupplier: true),
                                          by: owner, on: connection)
        let c = try PartiesService().create(PartyFixtures.company(ownerID: manager.userID), by: owner, on: connection)
        func ids(_ filter: PartyFilter) throws -> [PartyID] {
            try PartiesService().parties(matching: filter, by: owner, on: connection).items.map(\.id)
        }
        #expect(try ids(PartyFilter()) == [a.id, b.id, c.id])
        #expect(try ids(PartyFilter(isClient: true)) == [a.id, c.id])
        #expect(try ids(PartyFilter(isSupplier: true)) == [b.id])
        #expect(try ids(PartyFilter(ownerID: manager.userID)) == [c.id])
        #expect(try ids(PartyFilter(tag: "VIP")) == [a.id])
        #expect(try ids(PartyFilter(q: "romash")) == [a.id])
        #expect(try ids(PartyFilter(q: "Romashko")) == [a.id])  // a typo still finds it (trigrams)
        #expect(try ids(PartyFilter(q: "77070")) == [c.id])  // INN prefix
        #expect(try ids(PartyFilter(q: "%")).isEmpty)

        let first = try PartiesService().parties(matching: PartyFilter(limit: 2), by: owner, on: connection)
        #expect(first.items.map(\.id) == [a.id, b.id] && first.nextCursor == String(b.id.rawValue))
        let second = try PartiesService().parties(matching: PartyFilter(limit: 2, cursor: first.nextCursor), by: owner, on: connection)
        #expect(second.items.map(\.id) == [c.id] && second.nextCursor == nil)
        #expect(throws: ERPError.validationFailed(fields: ["limit": "must be between 1 and 500"])) {
            try PartiesService().parties(matching: PartyFilter(limit: 0), by: owner, on: connection)
        }
    }
}
