import Parties
import Testing

@Suite("Party ids")
struct PartyIDsTests {
    @Test func partyIDsParseFromPathSegmentsOnly() throws {
        #expect(try PartyID(parsing: "7").rawValue == 7)
        #expect(throws: (any Error).self) { try PartyID(parsing: "-7") }
    }
}
