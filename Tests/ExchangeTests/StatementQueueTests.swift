import Billing
import ERPCore
import Foundation
import Parties
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// The queue resolved by hand: a line paid by the client the accountant chooses, refused when the
/// choice cannot be right, dismissed with a reason and reopened.
@Suite("Statement queue")
struct StatementQueueTests {
    /// The shop's open invoice and a statement with one line from a payer no client matches.
    private func shopWithQueuedLine(amount: String = "77.00") throws -> (TestShop, IssuedDocument, StatementLine) {
        let shop = try TestShop.exchangeShop()
        let invoice = try shop.hammerInvoice()
        let file = StatementFile(entries: [.init(number: "102", amount: amount, payerINN: "500100732259", payer: "ИП Неизвестный",
                                                 purpose: "За товар")])
        _ = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        let line = try #require(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).first)
        return (shop, invoice, line)
    }

    /// What a refused request must leave as it was: payments, allocations, the lines' states, the audit log.
    private func snapshot(_ shop: TestShop) throws -> [String] {
        let counts = [try shop.count("payments"), try shop.count("payment_allocations"), try shop.count("supplier_payments"),
                      try shop.count("audit_log")].map(String.init)
        let lines = try shop.connection.query("""
            SELECT id || ':' || status || ':' || coalesce(dismissal, '-') || ':' || coalesce(payment_id::text, '-')
            FROM bank_statement_lines ORDER BY id
            """).map { row in try row.decode(0, as: String.self) }
        return counts + lines
    }

    private func auditCount(_ action: String, _ shop: TestShop) throws -> Int64? {
        try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = \(action)").firstRow?.decode(0, as: Int64.self)
    }

    @Test func theQueueSaysWhyEachLineIsUnmatched() throws {
        let (_, _, line) = try shopWithQueuedLine()
        #expect(line.status == "queued" && line.reason == "no client has INN 500100732259" && line.payerName == "ИП Неизвестный")
    }

    @Test func resolvingIsAuditedWithThePaymentItMade() throws {
        let (shop, invoice, line) = try shopWithQueuedLine()
        let resolved = try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.client.id, invoiceID: invoice.id),
                                                 by: shop.accountant, on: shop.connection)
        let change = try shop.connection.query("""
            SELECT change->>'payment_id' FROM audit_log WHERE action = 'bank_statement_line.resolve' AND entity_id = \(line.id.rawValue)
            """).firstRow?.decode(0, as: String?.self)
        #expect(change == resolved.paymentID.map { String($0.rawValue) })
    }

    @Test func resolveRefusesAPartyThatIsNotAClientAndChangesNothing() throws {
        let (shop, _, line) = try shopWithQueuedLine()
        let before = try snapshot(shop)
        #expect { try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.supplier.id), by: shop.accountant,
                                            on: shop.connection) } throws: { error in
            if case ERPError.validationFailed(let fields) = error { fields["client_id"] != nil } else { false }
        }
        #expect(try snapshot(shop) == before)
    }

    @Test func resolveRefusesAnInvoiceOfAnotherClientAndChangesNothing() throws {
        let (shop, invoice, line) = try shopWithQueuedLine()
        let before = try snapshot(shop)
        #expect { try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.otherClient.id, invoiceID: invoice.id),
                                            by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.validationFailed(let fields) = error { fields["invoice_id"] != nil } else { false }
        }
        #expect(try snapshot(shop) == before)
    }

    @Test func resolveRefusesAnUnknownLineOrInvoiceAndChangesNothing() throws {
        let (shop, _, line) = try shopWithQueuedLine()
        let before = try snapshot(shop)
        #expect { try shop.exchange.resolve(StatementLineID(rawValue: 999_999), StatementResolution(clientID: shop.client.id),
                                            by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.notFound = error { true } else { false }
        }
        #expect { try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.client.id, invoiceID: DocumentID(rawValue: 999_999)),
                                            by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.notFound = error { true } else { false }
        }
        #expect(try snapshot(shop) == before)
    }

    @Test func moneyOverWhatTheInvoiceOwesPaysItInFullAndLeavesTheRestUnallocated() throws {
        let (shop, invoice, line) = try shopWithQueuedLine(amount: "5000.00")
        let resolved = try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.client.id, invoiceID: invoice.id),
                                                 by: shop.accountant, on: shop.connection)
        let payment = try shop.billing.payment(try #require(resolved.paymentID), by: shop.accountant, on: shop.connection)
        #expect(payment.amount == Money("5000.00") && payment.allocations == [Allocation(documentID: invoice.id, amount: invoice.total)])
        #expect(payment.unallocated.minorUnits == 500_000 - invoice.total.minorUnits)
        #expect(try shop.billing.document(invoice.id, by: shop.accountant, on: shop.connection).outstanding == Money("0.00"))
    }

    @Test func aDismissedLineLeavesTheQueueWithItsReasonAndReopeningBringsItBack() throws {
        let (shop, _, line) = try shopWithQueuedLine()
        let payments = try shop.count("payments")
        let dismissed = try shop.exchange.dismiss(line.id, StatementDismissal(reason: .ownTransfer, comment: "  с карты директора "),
                                                  by: shop.accountant, on: shop.connection)
        #expect(dismissed.status == "dismissed" && dismissed.dismissal == StatementDismissal(reason: .ownTransfer, comment: "с карты директора"))
        #expect(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).isEmpty)
        #expect(try shop.exchange.statementQueue(dismissed: true, by: shop.accountant, on: shop.connection).map(\.id) == [line.id])
        #expect(try shop.count("payments") == payments && auditCount("bank_statement_line.dismiss", shop) == 1)

        let reopened = try shop.exchange.reopen(line.id, by: shop.accountant, on: shop.connection)
        #expect(reopened.status == "queued" && reopened.dismissal == nil && reopened.reason == line.reason)
        #expect(try shop.exchange.statementQueue(by: shop.accountant, on: shop.connection).map(\.id) == [line.id])
        #expect(try auditCount("bank_statement_line.reopen", shop) == 1)
    }

    @Test(arguments: [
        (StatementDismissal(reason: .other), "comment"),
        (StatementDismissal(reason: .other, comment: "   "), "comment"),
        (StatementDismissal(reason: .bankFee, comment: String(repeating: "я", count: 501)), "comment"),
    ])
    func dismissRefusesAMissingOrOverlongCommentAndChangesNothing(_ dismissal: StatementDismissal, _ field: String) throws {
        let (shop, _, line) = try shopWithQueuedLine()
        let before = try snapshot(shop)
        #expect { try shop.exchange.dismiss(line.id, dismissal, by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.validationFailed(let fields) = error { fields[field] != nil } else { false }
        }
        #expect(try snapshot(shop) == before)
    }

    @Test func aResolvedLineCannotBeDismissedNorALineInTheQueueReopened() throws {
        let (shop, _, line) = try shopWithQueuedLine()
        #expect { try shop.exchange.reopen(line.id, by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.invalidState = error { true } else { false }
        }
        _ = try shop.exchange.resolve(line.id, StatementResolution(clientID: shop.client.id), by: shop.accountant, on: shop.connection)
        let before = try snapshot(shop)
        #expect { try shop.exchange.dismiss(line.id, StatementDismissal(reason: .tax), by: shop.accountant, on: shop.connection) } throws: { error in
            if case ERPError.invalidState = error { true } else { false }
        }
        #expect(try snapshot(shop) == before)
    }

    @Test func aStorekeeperMayNotDismissOrReopenAndNothingChanges() throws {
        let (shop, _, line) = try shopWithQueuedLine()
        let before = try snapshot(shop)
        #expect { try shop.exchange.dismiss(line.id, StatementDismissal(reason: .bankFee), by: shop.keeper, on: shop.connection) } throws: { error in
            if case ERPError.forbidden = error { true } else { false }
        }
        #expect { try shop.exchange.reopen(line.id, by: shop.keeper, on: shop.connection) } throws: { error in
            if case ERPError.forbidden = error { true } else { false }
        }
        #expect(try snapshot(shop) == before)
    }
}
