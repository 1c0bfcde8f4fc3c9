import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Party visibility")
struct VisibilityTests {
    @Test func aManagerSeesAndChangesOnlyTheirOwnParties() throws {
        let (connection, owner) = try PartyFixtures.database()
        let kate = try PartyFixtures.user("kate", role: .manager, by: owner, on: connection)
        let lev = try PartyFixtures.user("lev", role: .manager, by: owner, on: connection)
        let mine = try PartiesService().create(NewParty(kind: .company, name: "Kate Client"), by: kate, on: connection)
        let theirs = try PartiesService().create(PartyFixtures.company(name: "Lev Client"), by: lev, on: connection)
        // A manager creating a party becomes its owner.
        #expect(mine.ownerID == kate.userID && theirs.ownerID == lev.userID)

        let hidden = ERPError.notFound(entity: "party", id: String(theirs.id.rawValue))
        #expect(throws: hidden) { try PartiesService().party(theirs.id, by: kate, on: connection) }
        var change = PartyChanges(version: 1)
        change.name = "Stolen"
        #expect(throws: hidden) { try PartiesService().update(theirs.id, with: change, by: kate, on: connection) }
        #expect(throws: hidden) { try PartiesService().contacts(of: theirs.id, by: kate, on: connection) }
        #expect(try PartiesService().parties(matching: PartyFilter(), by: kate, on: connection).items.map(\.id) == [mine.id])
        #expect(try PartiesService().parties(matching: PartyFilter(q: "Lev"), by: kate, on: connection).items.isEmpty)
        #expect(try PartiesService().parties(matching: PartyFilter(q: PartyFixtures.sberINN), by: kate, on: connection).items.isEmpty)
        #expect(try PartiesService().parties(matching: PartyFilter(ownerID: lev.userID), by: kate, on: connection).items.isEmpty)
        #expect(try PartiesService().parties(inn: PartyFixtures.sberINN, by: kate, on: connection).isEmpty)
        // A list's names: the invisible party and an unknown id are left out.
        let ids = [mine.id, theirs.id, try PartyID(parsing: "999999")]
        #expect(try PartiesService().names(of: ids, by: kate, on: connection) == [mine.id: "Kate Client"])
        #expect(try PartiesService().names(of: ids, by: owner, on: connection) == [mine.id: "Kate Client", theirs.id: "Lev Client"])
        // A duplicate of an invisible party is refused without naming it.
        #expect(throws: ERPError.duplicate(entity: "party", field: "inn, kpp", existingID: nil)) {
            try PartiesService().create(PartyFixtures.company(name: "Copy"), by: kate, on: connection)
        }
        #expect(try PartiesService().party(theirs.id, by: owner, on: connection).name == "Lev Client")
    }

    @Test(arguments: Role.allCases)
    func onlyRolesWithPartyDetailsReadRequisitesAndChannelsStorekeepersGetTheShippingView(role: Role) throws {
        let (connection, owner) = try PartyFixtures.database()
        let viewer = role == .owner ? owner : try PartyFixtures.user("viewer", role: role, allClients: role == .manager ? true : nil,
                                                                      by: owner, on: connection)
        var command = PartyFixtures.company(tags: ["vip"])
        command.phones = ["+7 (495) 500-55-50", "+7 (495) 500-55-51"]
        let party = try PartiesService().create(command, by: owner, on: connection)
        for contact in ["Склад: Иван", "Директор"] {
            _ = try PartiesService().addContact(NewContact(name: contact, position: "должность", phones: ["+7 900 000-00-00"],
                                                         emails: ["x@example.ru"]), to: party.id, by: owner, on: connection)
        }
        let shown = [
            try PartiesService().party(party.id, by: viewer, on: connection),
            try #require(try PartiesService().parties(matching: PartyFilter(), by: viewer, on: connection).items.first),
            try #require(try PartiesService().parties(inn: PartyFixtures.sberINN, by: viewer, on: connection).first),
        ]
        let contacts = try PartiesService().contacts(of: party.id, by: viewer, on: connection)
        let details = Permission.readPartyDetails.roles.contains(role)
        #expect(details == (role != .storekeeper))
        for view in shown {
            #expect(view.name == party.name && view.address == "Moscow")
            if details {
                #expect(view == party)
            } else {
                #expect(view.phones == Array(party.phones.prefix(1)) && party.phones.count == 2, "one delivery phone")
                #expect(view.inn == nil && view.kpp == nil && view.ogrn == nil && view.bank == nil && view.ownerID == nil)
                #expect(view.emails.isEmpty && view.tags.isEmpty)
            }
        }
        #expect(contacts.count == (details ? 2 : 1))
        #expect(contacts.allSatisfy { ($0.emails.isEmpty && $0.position == nil) == !details })
        // Nor can what is hidden be probed by searching or filtering for it.
        if !details {
            let before = try PartyFixtures.count("audit_log", connection)
            for filter in [PartyFilter(ownerID: owner.userID), PartyFilter(tag: "vip")] {
                #expect(throws: ERPError.forbidden(action: Permission.readPartyDetails.phrase)) {
                    try PartiesService().parties(matching: filter, by: viewer, on: connection)
                }
            }
            #expect(try PartyFixtures.count("audit_log", connection) == before)
        }
        #expect(try PartiesService().parties(matching: PartyFilter(q: String(PartyFixtures.sberINN.prefix(6))), by: viewer, on: connection)
            .items.count == (details ? 1 : 0))
    }

    @Test func aManagerWithAllClientsSeesEveryParty() throws {
        let (connection, owner) = try PartyFixtures.database()
        let lev = try PartyFixtures.user("lev", role: .manager, by: owner, on: connection)
        let head = try PartyFixtures.user("head", role: .manager, allClients: true, by: owner, on: connection)
        let theirs = try PartiesService().create(PartyFixtures.company(), by: lev, on: connection)
        let unowned = try PartiesService().create(NewParty(kind: .company, name: "Nobody's"), by: owner, on: connection)
        #expect(try PartiesService().party(theirs.id, by: head, on: connection).id == theirs.id)
        #expect(try PartiesService().parties(matching: PartyFilter(), by: head, on: connection).items.map(\.id) == [theirs.id, unowned.id])
        // …and may reassign.
        var reassign = PartyChanges(version: 1)
        reassign.ownerID = head.userID
        #expect(try PartiesService().update(theirs.id, with: reassign, by: head, on: connection).ownerID == head.userID)
    }

    @Test func onlyOwnersAccountantsAndAllClientsManagersReassign() throws {
        let (connection, owner) = try PartyFixtures.database()
        let kate = try PartyFixtures.user("kate", role: .manager, by: owner, on: connection)
        let lev = try PartyFixtures.user("lev", role: .manager, by: owner, on: connection)
        let accountant = try PartyFixtures.user("acc", role: .accountant, by: owner, on: connection)
        #expect(throws: ERPError.forbidden(action: "assign a party to another manager")) {
            try PartiesService().create(NewParty(kind: .company, name: "Gift", ownerID: lev.userID), by: kate, on: connection)
        }
        let party = try PartiesService().create(NewParty(kind: .company, name: "Kate's"), by: kate, on: connection)
        var give = PartyChanges(version: 1)
        give.ownerID = lev.userID
        #expect(throws: ERPError.forbidden(action: "assign a party to another manager")) {
            try PartiesService().update(party.id, with: give, by: kate, on: connection)
        }
        let moved = try PartiesService().update(party.id, with: give, by: accountant, on: connection)
        #expect(moved.ownerID == lev.userID)
        #expect(throws: ERPError.notFound(entity: "party", id: String(party.id.rawValue))) {
            try PartiesService().party(party.id, by: kate, on: connection)
        }
        let assigned = try PartiesService().create(NewParty(kind: .company, name: "Assigned", ownerID: kate.userID),
                                                 by: owner, on: connection)
        #expect(assigned.ownerID == kate.userID)
        #expect(throws: ERPError.validationFailed(fields: ["owner_id": "refers to a record that does not exist"])) {
            try PartiesService().create(NewParty(kind: .company, name: "Ghost", ownerID: UserID(rawValue: 999)), by: owner, on: connection)
        }
        #expect(try PartyFixtures.actions(connection) == ["party.create", "party.update", "party.create"])
    }
}
