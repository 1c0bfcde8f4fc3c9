import ERPCore
import Foundation
import Testing

@testable import Billing

@Suite("Company settings")
struct CompanySettingsTests {
    @Test func ownersSaveCheckedRequisitesAtTheirVersion() throws {
        let shop = try BillingShop.make()
        let current = try CompanySettings.get(by: shop.keeper, on: shop.connection)
        #expect(current.name == "ООО «Инструмент»" && current.version == 1)
        var changed = current
        changed.pricesIncludeVAT = false
        #expect(throws: ERPError.forbidden(action: "change the company settings")) {
            try CompanySettings.save(changed, by: shop.accountant, on: shop.connection)
        }
        let saved = try CompanySettings.save(changed, by: shop.owner, on: shop.connection)
        #expect(saved.version == 2 && !saved.pricesIncludeVAT)
        #expect(throws: ERPError.versionConflict(current: 2)) { try CompanySettings.save(changed, by: shop.owner, on: shop.connection) }
        var bad = saved
        bad.inn = "7736207544"
        bad.kpp = "12"
        bad.name = " "
        bad.bank = BankDetails(bic: "044525225", account: "40702810938000012346")
        let error = try #require(throws: ERPError.self) { try CompanySettings.save(bad, by: shop.owner, on: shop.connection) }
        guard case .validationFailed(let fields) = error else { Issue.record("\(error)"); return }
        #expect(fields.keys.sorted() == ["bank.account", "inn", "kpp", "name"])
    }

    @Test func ordersFollowThePricesIncludeVATSetting() throws {
        let shop = try BillingShop.make()
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.pricesIncludeVAT = false
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        let order = try shop.confirmedOrder(hammers: "1")
        #expect(!order.pricesIncludeVAT)
        // 22 % on top: the order is of 30.11.2026.
        #expect(order.totals.net == Money("1200.00") && order.totals.gross == Money("1464.00"))
        let invoice = try shop.issue(.invoice, for: order)
        #expect(invoice.total == Money("1464.00") && !invoice.content.pricesIncludeVAT)
    }
}
