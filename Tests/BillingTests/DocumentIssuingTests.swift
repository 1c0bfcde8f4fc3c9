import Catalog
import ERPCore
import Foundation
import Parties
import Sales
import Synchronization
import Testing
import TestSupport
import Warehouse

@testable import Billing

@Suite("Document issuing")
struct DocumentIssuingTests {
    @Test func anInvoiceFreezesRequisitesLinesAndTotals() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "3", delivery: true)
        let invoice = try shop.issue(.invoice, for: order)
        #expect(invoice.number == "INV-2026-000001")
        #expect(invoice.status == .issued)
        #expect(invoice.content.seller.name == "ООО «Инструмент»" && invoice.content.seller.director == "Иванов И. И.")
        #expect(invoice.content.buyer.inn == "7707083893")
        #expect(invoice.content.lines.map(\.sku) == ["HAM-1", "DLV"])
        #expect(invoice.total == Money("4100.00") && invoice.content.totals.vat == Money("739.34"))  // 22/122 of 3600.00 and of 500.00
        #expect(invoice.paid == .zero() && invoice.outstanding == Money("4100.00"))
        // Later edits of the client card do not change the issued document.
        let card = try PartiesService().party(shop.client.id, by: shop.owner, on: shop.connection)
        var rename = PartyChanges(version: card.version)
        rename.name = "ООО «Новое имя»"
        _ = try PartiesService().update(card.id, with: rename, by: shop.owner, on: shop.connection)
        #expect(try shop.billing.document(invoice.id, by: shop.owner, on: shop.connection).content.buyer.name == "ООО «Ромашка»")
    }

    @Test func oneLiveInvoicePerOrderAndAnnullingKeepsTheNumber() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder()
        let first = try shop.issue(.invoice, for: order)
        #expect(throws: ERPError.duplicate(entity: "document", field: "order_id", existingID: first.id.rawValue)) {
            try shop.issue(.invoice, for: order)
        }
        #expect(throws: ERPError.validationFailed(fields: ["reason": "must not be empty"])) {
            try shop.billing.annul(first.id, reason: " ", by: shop.accountant, on: shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: "annul closing documents")) {
            try shop.billing.annul(first.id, reason: "ошибка", by: shop.manager, on: shop.connection)
        }
        let annulled = try shop.billing.annul(first.id, reason: "неверная цена", by: shop.accountant, on: shop.connection)
        #expect(annulled.status == .annulled && annulled.number == "INV-2026-000001" && annulled.annulReason == "неверная цена")
        #expect(try shop.issue(.invoice, for: order).number == "INV-2026-000002")
    }

    @Test func updsDocumentShippedGoodsOnceAndAnnulmentFreesThem() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "5")
        #expect(throws: ERPError.self) { try shop.issue(.upd, for: order) }  // nothing shipped yet
        try shop.ship(order, "2")
        let first = try shop.issue(.upd, for: order)
        #expect(first.number == "УПД-2026-000001")
        #expect(first.content.lines.map(\.qty) == [Quantity("2")])
        #expect(first.content.consignee?.name == "ООО «Ромашка»")
        try shop.ship(order)
        let second = try shop.issue(.upd, for: order)
        #expect(second.content.lines.map(\.qty) == [Quantity("3")])
        let none = try #require(throws: ERPError.self) { try shop.issue(.upd, for: order) }
        guard case .invalidState = none else { Issue.record("\(none)"); return }
        _ = try shop.billing.annul(first.id, reason: "переоформить", by: shop.owner, on: shop.connection)
        #expect(try shop.issue(.upd, for: order).shipmentIDs == first.shipmentIDs)
    }

    @Test func anActCoversServicesAndAUKDCorrectsTheUPDForAReturn() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "2", delivery: true)
        let act = try shop.issue(.act, for: order)
        #expect(act.content.lines.map(\.sku) == ["DLV"] && act.total == Money("500.00"))
        try shop.ship(order)
        let upd = try shop.issue(.upd, for: order)
        _ = try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                      against: order.id, by: shop.keeper, on: shop.connection)
        let correction = try shop.issue(.correction, for: order)
        #expect(correction.number == "УКД-2026-000001")
        #expect(correction.total == Money("-1200.00"))
        #expect(correction.content.correctedDocument?.number == upd.number)
        #expect(throws: ERPError.self) { try shop.issue(.correction, for: order) }
    }

    @Test func aUPDNamesTheShippingWarehouseAsConsignorWhenTheGoodsLeaveFromElsewhere() throws {
        let shop = try BillingShop.make()
        let fromMain = try shop.confirmedOrder(hammers: "1")
        try shop.ship(fromMain)
        #expect(try shop.issue(.upd, for: fromMain).content.consignor == nil)  // MAIN has no address: "он же"
        let stock = WarehouseService(time: .fixed(BillingShop.now))
        let address = "198095, г. Санкт-Петербург, ул. Швецова, д. 41"
        let spb = try stock.create(NewWarehouse(code: "SPB", name: "Склад СПб", address: address), by: shop.owner, on: shop.connection)
        _ = try stock.post(.receipt(NewReceipt(warehouseID: spb.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: Quantity("2")!, unitCost: Money("700.00")!)])), by: shop.owner, on: shop.connection)
        let draft = try shop.sales.create(NewOrder(clientID: shop.client.id, warehouseID: spb.id, lines: [
            NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!)]), by: shop.manager, on: shop.connection)
        let order = try shop.sales.confirm(draft.id, by: shop.manager, on: shop.connection)
        try shop.ship(order)
        let upd = try shop.issue(.upd, for: order)
        #expect(upd.content.consignor == PartyRequisites(name: "ООО «Инструмент»", inn: "7736207543", kpp: "773601001", address: address))
        #expect(try PrintForm.html(for: upd.content).contains("<td class=\"upd-line\">ООО «Инструмент», \(address)</td>"))
        // A warehouse at our legal address (however spaced or cased) is "он же".
        let office = try stock.create(NewWarehouse(code: "OFFICE", name: "Офис", address: " москва, ул. Ленина, 1 "), by: shop.owner,
                                      on: shop.connection)
        let company = try CompanySettings.get(by: shop.owner, on: shop.connection)
        #expect(try shop.connection.transaction { tx in try DocumentIssuing.consignor(company, shippingFrom: office.id, in: tx) } == nil)
    }

    @Test func aNonVATPayerIssuesDocumentsWithoutVAT() throws {
        let shop = try BillingShop.make(vatPayer: false)
        let order = try shop.confirmedOrder(hammers: "1")
        let invoice = try shop.issue(.invoice, for: order)
        #expect(invoice.content.vatPayer == false)
        #expect(invoice.content.lines.allSatisfy { $0.vatRate == .withoutVAT })
        #expect(invoice.content.totals.vat == .zero())
    }

    @Test func managersIssueInvoicesForTheirClientsOnlyAndStorekeepersSeeTheirUPDs() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder()
        let invoice = try shop.issue(.invoice, for: order, by: shop.manager)
        #expect(invoice.issuedBy == "anna")
        #expect(throws: ERPError.forbidden(action: "issue documents other than invoices")) { try shop.issue(.upd, for: order, by: shop.manager) }
        #expect(throws: ERPError.notFound(entity: "order", id: String(order.id.rawValue))) {
            try shop.issue(.invoice, for: order, by: shop.otherManager)
        }
        #expect(throws: ERPError.notFound(entity: "document", id: String(invoice.id.rawValue))) {
            try shop.billing.document(invoice.id, by: shop.otherManager, on: shop.connection)
        }
        try shop.ship(order)
        let upd = try shop.issue(.upd, for: order)
        #expect(try shop.billing.documents(DocumentFilter(), by: shop.keeper, on: shop.connection).items.map(\.id) == [upd.id])
        #expect(throws: ERPError.notFound(entity: "document", id: String(invoice.id.rawValue))) {
            try shop.billing.document(invoice.id, by: shop.keeper, on: shop.connection)
        }
        #expect(try shop.billing.documents(DocumentFilter(orderID: order.id), by: shop.owner, on: shop.connection).items.count == 2)
    }

    @Test func concurrentIssuingGivesGaplessNumbersWithoutDuplicates() throws {
        let shop = try BillingShop.make()
        let orders = try (0..<12).map { _ in try shop.confirmedOrder(hammers: "1") }
        let numbers = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        Threads.run(orders.count) { index in
            do {
                let connection = try shop.db.connect()
                let document = try shop.billing.issue(IssueRequest(type: .invoice), for: orders[index].id, by: shop.accountant, on: connection)
                numbers.withLock { $0.append(document.number) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(numbers.withLock { $0 }.sorted() == (1...12).map { String(format: "INV-2026-%06d", $0) })
    }

    @Test func thePrintFormEscapesWhatUsersTyped() throws {
        let shop = try BillingShop.make()
        let card = try PartiesService().party(shop.client.id, by: shop.owner, on: shop.connection)
        var rename = PartyChanges(version: card.version)
        rename.name = "<script>alert(1)</script>"
        _ = try PartiesService().update(card.id, with: rename, by: shop.owner, on: shop.connection)
        let order = try shop.confirmedOrder()
        try shop.ship(order)
        let upd = try shop.issue(.upd, for: order)
        let page = try shop.billing.print(upd.id, by: shop.owner, on: shop.connection)
        #expect(page.hasPrefix("<!doctype html>") || page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script>") && page.contains("&lt;script&gt;"))
        #expect(page.contains("УПД-2026-000001"))
    }
}
