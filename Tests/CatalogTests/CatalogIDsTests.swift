import Catalog
import Testing

@Suite("Catalog ids")
struct CatalogIDsTests {
    @Test func productIDsParseFromPathSegmentsOnly() throws {
        #expect(try ProductID(parsing: "42").rawValue == 42)
        #expect(throws: (any Error).self) { try ProductID(parsing: "abc") }
    }
}
