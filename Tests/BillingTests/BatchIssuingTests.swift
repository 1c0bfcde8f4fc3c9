import Catalog
import ERPCore
import Foundation
import Postgres
import Sales
import Testing
import TestShop
import TestSupport

@testable import Billing

/// Issuing many closing documents in one call (a wave's UPDs, a day's invoices): the same
/// documents as one call each, numbered in the batch's order, all or nothing.
@Suite("Batch issuing")
struct BatchIssuingTests {
    /// How many closing documents are stored.
    private func documentCount(_ shop: BillingShop) throws -> Int64 {
        try shop.connection.query("SELECT count(*) FROM closing_documents").single().decode(0, as: Int64.self)
    }

    /// Two orders, the first with a delivery, both shipped in full (the second in two parts).
    private func shippedOrders(_ shop: BillingShop) throws -> [SalesOrder] {
        let first = try shop.confirmedOrder(hammers: "2", delivery: true)
        let second = try shop.confirmedOrder(hammers: "5")
        try shop.ship(first)
        try shop.ship(second, "3")
        try shop.ship(second)
        return [first, second]
    }

    @Test func aBatchIssuesTheSameDocumentsAsOneCallEachNumberedInItsOrder() throws {
        let single = try BillingShop.make(), batched = try BillingShop.make()
        let requests = [IssueRequest(type: .invoice), IssueRequest(type: .upd), IssueRequest(type: .act), IssueRequest(type: .invoice),
                        IssueRequest(type: .upd)]
        let singleOrders = try shippedOrders(single), batchOrders = try shippedOrders(batched)
        let owners = [0, 0, 0, 1, 1]
        let one = try requests.indices.map { index in
            try single.billing.issue(requests[index], for: singleOrders[owners[index]].id, by: single.accountant, on: single.connection)
        }
        let many = try batched.billing.issue(requests.indices.map { DocumentIssue(orderID: batchOrders[owners[$0]].id, request: requests[$0]) },
                                             by: batched.accountant, on: batched.connection)
        #expect(many.map(\.number) == one.map(\.number))
        #expect([many[0].number, many[3].number] == ["INV-2026-000001", "INV-2026-000002"])
        #expect(many.map(\.content) == one.map(\.content))
        #expect(many.map(\.total) == one.map(\.total) && many.map(\.outstanding) == one.map(\.outstanding))
        #expect(many.map(\.shipmentIDs.count) == [0, 1, 0, 0, 2])
        let audited = try batched.connection.query("SELECT count(*) FROM audit_log WHERE action = 'document.issue'").single().decode(0, as: Int64.self)
        #expect(audited == 5)
        #expect(try batched.billing.check(on: batched.connection).isEmpty)
    }

    @Test func aBatchIsAllOrNothingAndNamesTheDocumentThatFails() throws {
        let shop = try BillingShop.make()
        let shipped = try shop.confirmedOrder(hammers: "1")
        try shop.ship(shipped)
        let unshipped = try shop.confirmedOrder(hammers: "1")
        let refused = try #require(throws: ERPError.self) {
            try shop.billing.issue([DocumentIssue(orderID: shipped.id, request: IssueRequest(type: .upd)),
                                    DocumentIssue(orderID: unshipped.id, request: IssueRequest(type: .upd))],
                                   by: shop.accountant, on: shop.connection)
        }
        guard case .invalidState(let entity, _, _) = refused else { Issue.record("\(refused)"); return }
        #expect(entity == "documents[1].order \(unshipped.number)")
        #expect(try documentCount(shop) == 0)
        #expect(try shop.issue(.upd, for: shipped).number == "УПД-2026-000001", "no number was taken")
    }

    @Test func aBatchRefusesAnOrdersDocumentTwiceAndALiveDuplicate() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder()
        let invoice = DocumentIssue(orderID: order.id, request: IssueRequest(type: .invoice))
        #expect(throws: ERPError.validationFailed(fields: ["documents[1]": "covers what an earlier document of the batch covers"])) {
            try shop.billing.issue([invoice, invoice], by: shop.accountant, on: shop.connection)
        }
        let first = try shop.issue(.invoice, for: order)
        #expect(throws: ERPError.duplicate(entity: "document", field: "documents[0].order_id", existingID: first.id.rawValue)) {
            try shop.billing.issue([invoice], by: shop.accountant, on: shop.connection)
        }
        #expect(try documentCount(shop) == 1)
    }

    @Test func aManagersBatchMayHoldInvoicesOnly() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(delivery: true)
        #expect(throws: ERPError.forbidden(action: "issue documents other than invoices")) {
            try shop.billing.issue([DocumentIssue(orderID: order.id, request: IssueRequest(type: .invoice)),
                                    DocumentIssue(orderID: order.id, request: IssueRequest(type: .act))],
                                   by: shop.manager, on: shop.connection)
        }
        #expect(try documentCount(shop) == 0)
        #expect(try shop.billing.issue([DocumentIssue(orderID: order.id, request: IssueRequest(type: .invoice))],
                                       by: shop.manager, on: shop.connection).map(\.type) == [.invoice])
    }

    @Test func updsOfDifferentShipmentsOfOneOrderGoInOneBatch() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "5")
        try shop.ship(order, "2")
        try shop.ship(order)
        let shipments = try shop.connection.query("SELECT id FROM shipments WHERE order_id = \(order.id) ORDER BY id")
            .map { (row) throws(PostgresError) in try row.decode(0, as: ShipmentID.self) }
        let upds = try shop.billing.issue(shipments.map { DocumentIssue(orderID: order.id, request: IssueRequest(type: .upd, shipmentID: $0)) },
                                          by: shop.accountant, on: shop.connection)
        #expect(upds.map { $0.content.lines.map(\.qty) } == [[Quantity("2")!], [Quantity("3")!]])
        #expect(upds.map(\.shipmentIDs) == shipments.map { [$0] })
    }
}
