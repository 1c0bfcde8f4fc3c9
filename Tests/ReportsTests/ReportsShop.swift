import TestShop

/// The shop of the report tests: the CRM suites' stocked shop, so figures match across them.
typealias ReportsShop = TestShop

extension TestShop {
    static func make() throws -> TestShop {
        try TestShop(.stocked)
    }
}
