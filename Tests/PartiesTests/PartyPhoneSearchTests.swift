import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Party search by phone")
struct PartyPhoneSearchTests {
    @Test(arguments: [
        ("+7 912 345-67-89", "9123456789"), ("89123456789", "9123456789"), ("912 345 67 89", "9123456789"),
        ("8 (912) 345", "8912345"), ("345-67", "34567"), ("+44 20 7946 0958", "442079460958"),
    ])
    func aPhoneTypedAnyWayBecomesTheDigitsToLookFor(typed: String, digits: String) {
        #expect(Requisites.phoneSearchDigits(typed) == digits)
    }

    @Test(arguments: ["Ромашка", "912", "12-34", "ООО 912 345"])
    func textThatIsNotAPhoneLooksForNoPhone(typed: String) {
        #expect(Requisites.phoneSearchDigits(typed) == nil)
    }

    @Test func clientsAreFoundByPhoneHoweverItIsTypedByThoseWhoSeeDetails() throws {
        let (connection, owner) = try PartyFixtures.database()
        let service = PartiesService()
        let anna = try service.create(NewParty(kind: .person, name: "Анна", isClient: true, phones: ["+7 (912) 345-67-89"]), by: owner, on: connection)
        let boris = try service.create(NewParty(kind: .person, name: "Борис", isClient: true, phones: ["912 345 67 88", "8 343 200-00-00"]),
                                       by: owner, on: connection)
        func found(_ q: String, by principal: Principal = owner) throws -> [PartyID] {
            try service.parties(matching: PartyFilter(q: q), by: principal, on: connection).items.map(\.id)
        }
        for typed in ["+7 912 345-67-89", "89123456789", "912 345 67 89", "9123456789"] {
            #expect(try found(typed) == [anna.id], "\(typed)")
        }
        #expect(try found("912 345 67") == [anna.id, boris.id])
        #expect(try found("8 (343) 200-00-00") == [boris.id])
        #expect(try found("912 345 67 80").isEmpty)
        // A storekeeper does not see phones, so cannot find by them either.
        let keeper = try PartyFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        #expect(try found("89123456789", by: keeper).isEmpty)
    }
}
