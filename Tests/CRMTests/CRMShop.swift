import Foundation
import TestShop

@testable import CRM

/// The shop of the CRM tests: TestShop with hammers at 1200.00 and a thousand of each in stock.
typealias CRMShop = TestShop

extension TestShop {
    static func make() throws -> TestShop {
        try TestShop(.stocked)
    }

    func crm(at date: Date = TestShop.now) -> CRMService { CRMService(time: .fixed(date)) }
}
