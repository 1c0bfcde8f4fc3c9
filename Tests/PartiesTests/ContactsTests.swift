import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Party contacts")
struct ContactsTests {
    @Test func contactsAreAddedListedAndAudited() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        let anna = try PartiesService().addContact(
            NewContact(name: " Anna Smirnova ", position: "Buyer", phones: ["8 (916) 123-45-67"], emails: ["anna@sber.example"]),
            to: party.id, by: owner, on: connection)
        #expect(anna.name == "Anna Smirnova" && anna.partyID == party.id && anna.phones == ["79161234567"])
        let boris = try PartiesService().addContact(NewContact(name: "Boris"), to: party.id, by: owner, on: connection)
        #expect(try PartiesService().contacts(of: party.id, by: owner, on: connection).map(\.id) == [anna.id, boris.id])
        #expect(try PartyFixtures.actions(connection) == ["party.create", "party_contact.create", "party_contact.create"])
    }

    @Test func badContactsAndUnknownPartiesChangeNothing() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        #expect(throws: ERPError.validationFailed(fields: ["name": "must be 1 to 200 characters",
                                                          "emails[0]": "'x' is not an e-mail address"])) {
            try PartiesService().addContact(NewContact(name: "", emails: ["x"]), to: party.id, by: owner, on: connection)
        }
        #expect(throws: ERPError.notFound(entity: "party", id: "999")) {
            try PartiesService().addContact(NewContact(name: "Nobody"), to: PartyID(rawValue: 999), by: owner, on: connection)
        }
        #expect(try PartyFixtures.count("party_contacts", connection) == 0)
    }
}
