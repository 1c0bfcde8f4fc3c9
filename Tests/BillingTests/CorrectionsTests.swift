import ERPCore
import Foundation
import Postgres
import Sales
import Testing
import TestSupport

@testable import Billing

@Suite("УКД")
struct CorrectionsTests {
    /// A shipped order of three hammers at 1200.00 (VAT included) with its invoice and UPD.
    private func shippedWithUPD(_ shop: BillingShop) throws -> (SalesOrder, invoice: IssuedDocument, upd: IssuedDocument) {
        let order = try shop.confirmedOrder(hammers: "3")
        let invoice = try shop.issue(.invoice, for: order)
        try shop.ship(order)
        return (order, invoice, try shop.issue(.upd, for: order))
    }

    private func takeReturn(_ shop: BillingShop, _ order: SalesOrder, _ qty: String) throws {
        _ = try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity(qty)!)]),
                                      against: order.id, by: shop.keeper, on: shop.connection)
    }

    /// (closing documents, the УКД counter): what a refused correction must leave as it was.
    private func stored(_ shop: BillingShop) throws -> [Int64] {
        let row = try shop.connection.query("""
            SELECT (SELECT count(*) FROM closing_documents),
                   COALESCE((SELECT sum(last_number) FROM document_counters WHERE series = 'doc_ukd'), 0)::bigint,
                   (SELECT count(*) FROM audit_log WHERE action = 'document.issue')
            """).single()
        return [try row.decode(0, as: Int64.self), try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self)]
    }

    private func balances(_ shop: BillingShop, invoice: IssuedDocument) throws -> (outstanding: Money?, receivable: Money, closing: Money) {
        let outstanding = try shop.billing.document(invoice.id, by: shop.accountant, on: shop.connection).outstanding
        let receivable = try shop.billing.receivables(asOf: CalendarDate("2026-11-30"), client: shop.client.id, by: shop.accountant,
                                                      on: shop.connection).items.first?.balance ?? .zero()
        let statement = try shop.billing.reconciliation(of: shop.client.id, from: CalendarDate("2026-11-01"), to: CalendarDate("2026-11-30"),
                                                        by: shop.accountant, on: shop.connection)
        #expect(try statement.openingBalance + statement.debitTurnover - statement.creditTurnover == statement.closingBalance)
        return (outstanding, receivable, statement.closingBalance)
    }

    @Test func aReturnIsCorrectedByAUKDThatLowersWhatIsOwedAndLeavesTheUPDAsIssued() throws {
        let shop = try BillingShop.make()
        let (order, invoice, upd) = try shippedWithUPD(shop)
        try takeReturn(shop, order, "1")
        let ukd = try shop.issue(.correction, for: order)
        #expect(ukd.number == "УКД-2026-000001" && ukd.type == .correction && ukd.content.vatPayer)
        #expect(ukd.content.correctedDocument == DocumentReference(number: upd.number, date: upd.date))
        let line = try #require(ukd.content.corrections?.first)
        // 3600.00 holds 649.18 VAT, 2400.00 holds 432.79: a decrease of 1200.00, of which 216.39 VAT.
        #expect(line.before.qty == Quantity("3") && line.before.gross == Money("3600.00") && line.before.vat == Money("649.18"))
        #expect(line.after.qty == Quantity("2") && line.after.gross == Money("2400.00") && line.after.vat == Money("432.79"))
        #expect(line.decrease == CorrectionAmounts(qty: Quantity("1")!, price: .zero(), net: Money("983.61")!, vat: Money("216.39")!,
                                                   gross: Money("1200.00")!))
        #expect(ukd.total == Money("-1200.00") && ukd.returnIDs.count == 1)
        // The corrected document is frozen: its content and total are as issued.
        let reread = try shop.billing.document(upd.id, by: shop.accountant, on: shop.connection)
        #expect(reread.content == upd.content && reread.total == Money("3600.00"))
        let (outstanding, receivable, closing) = try balances(shop, invoice: invoice)
        #expect(outstanding == Money("2400.00") && receivable == Money("2400.00") && closing == receivable)
        #expect(throws: ERPError.self) { try shop.issue(.correction, for: order) }  // the return is documented
    }

    @Test func aPriceCorrectionRaisesWhatIsOwedAndChainsOnTheEarlierUKD() throws {
        let shop = try BillingShop.make()
        let (order, invoice, upd) = try shippedWithUPD(shop)
        try takeReturn(shop, order, "1")
        let first = try shop.issue(.correction, for: order)
        let levels = try shop.connection.query("SELECT on_hand::text FROM stock_levels ORDER BY product_id, warehouse_id")
            .map { try $0.decode(0, as: String.self) }
        let second = try shop.billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: Money("1250.00"))]), of: upd.id,
                                              by: shop.accountant, on: shop.connection)
        #expect(second.number == "УКД-2026-000002")  // gapless
        let line = try #require(second.content.corrections?.first)
        #expect(line.before == first.content.corrections?.first?.after)
        #expect(line.increase == CorrectionAmounts(qty: .zero, price: Money("50.00")!, net: Money("81.97")!, vat: Money("18.03")!,
                                                   gross: Money("100.00")!))
        #expect(second.total == Money("100.00"))
        #expect(try shop.connection.query("SELECT on_hand::text FROM stock_levels ORDER BY product_id, warehouse_id")
            .map { try $0.decode(0, as: String.self) } == levels)  // no stock moved
        let (outstanding, receivable, closing) = try balances(shop, invoice: invoice)
        #expect(outstanding == Money("2500.00") && receivable == Money("2500.00") && closing == receivable)
        let page = try shop.billing.print(second.id, by: shop.accountant, on: shop.connection)
        for text in ["Универсальный корректировочный документ", "Статус: <b>1</b>", "УКД-2026-000002", "№ \(upd.number) от 30.11.2026",
                     "до изменения", "после изменения", "увеличение", "уменьшение", "Всего увеличение (сумма строк В)",
                     "Всего уменьшение (сумма строк Г)", "ИНН/КПП покупателя",
                     PrintFormat.money(Money("1024.59")!)] {  // column 4 is without VAT: 2049.18 ÷ 2
            #expect(page.contains(text), "\(text)")
        }
    }

    @Test func refusedCorrectionsChangeNothing() throws {
        let shop = try BillingShop.make()
        let (order, invoice, upd) = try shippedWithUPD(shop)
        let before = try stored(shop)
        func refused(_ lines: [CorrectedLine], of id: DocumentID? = nil, by principal: Principal? = nil) -> ERPError? {
            #expect(throws: ERPError.self) {
                try shop.billing.correct(CorrectionRequest(lines: lines), of: id ?? upd.id, by: principal ?? shop.accountant, on: shop.connection)
            }
            do {
                _ = try shop.billing.correct(CorrectionRequest(lines: lines), of: id ?? upd.id, by: principal ?? shop.accountant,
                                             on: shop.connection)
                return nil
            } catch { return error }
        }
        #expect(refused([]) == .validationFailed(fields: ["lines": "name at least one line to correct"]))
        #expect(refused([CorrectedLine(position: 2, qty: Quantity("1"))]) == .validationFailed(fields: ["lines[0].position": "the UPD has lines 1–1"]))
        #expect(refused([CorrectedLine(position: 1, qty: Quantity("-1"))]).map { "\($0)" }?.contains("lines[0].qty") == true)
        #expect(refused([CorrectedLine(position: 1, price: Money("1200.00"))]) == .validationFailed(
            fields: ["lines[0]": "changes nothing: give a new qty or price"]))
        #expect(refused([CorrectedLine(position: 1, qty: Quantity("2")), CorrectedLine(position: 1, qty: Quantity("1"))])
            == .validationFailed(fields: ["lines[1].position": "line 1 is named twice"]))
        #expect(refused([CorrectedLine(position: 1, qty: Quantity("2"))], of: invoice.id).map { "\($0)" }?.contains("only a live UPD") == true)
        #expect(refused([CorrectedLine(position: 1, qty: Quantity("2"))], by: shop.manager)
            == .forbidden(action: "issue documents other than invoices"))
        #expect(throws: ERPError.validationFailed(fields: ["type": "credit notes are no longer issued: a return is corrected by a ukd"])) {
            try shop.issue(.creditNote, for: order)
        }
        #expect(try stored(shop) == before)
    }

    @Test func onlyTheNewestCorrectionIsAnnulledAndAUPDWithALiveCorrectionIsNot() throws {
        let shop = try BillingShop.make()
        let (_, _, upd) = try shippedWithUPD(shop)
        let first = try shop.billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, qty: Quantity("2"))]), of: upd.id,
                                             by: shop.accountant, on: shop.connection)
        let second = try shop.billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: Money("1000.00"))]), of: upd.id,
                                              by: shop.accountant, on: shop.connection)
        for id in [upd.id, first.id] {
            let error = try #require(throws: ERPError.self) {
                try shop.billing.annul(id, reason: "ошибка", by: shop.accountant, on: shop.connection)
            }
            guard case .invalidState = error else { Issue.record("\(error)"); continue }
            #expect(try shop.billing.document(id, by: shop.accountant, on: shop.connection).status == .issued)
        }
        _ = try shop.billing.annul(second.id, reason: "ошибка", by: shop.accountant, on: shop.connection)
        _ = try shop.billing.annul(first.id, reason: "ошибка", by: shop.accountant, on: shop.connection)
        // With both annulled, a new correction starts again from the UPD as issued, under the next number.
        let third = try shop.billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, qty: Quantity("1"))]), of: upd.id,
                                             by: shop.accountant, on: shop.connection)
        #expect(third.number == "УКД-2026-000003" && third.content.corrections?.first?.before == upd.content.lines.first)
    }

    @Test func anIncreaseThatAPaymentReliesOnIsNotAnnulledAndTheMoneyCheckStaysClean() throws {
        let shop = try BillingShop.make()
        let (_, invoice, upd) = try shippedWithUPD(shop)
        let raise = try shop.billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: Money("1333.33"))]), of: upd.id,
                                             by: shop.accountant, on: shop.connection)
        #expect(raise.total == Money("399.99"))
        let payment = try shop.pay("3999.99")
        #expect(payment.allocations == [Allocation(documentID: invoice.id, amount: Money("3999.99")!)])
        #expect(try shop.billing.check(on: shop.connection) == [])
        let error = try #require(throws: ERPError.self) {
            try shop.billing.annul(raise.id, reason: "ошибка", by: shop.accountant, on: shop.connection)
        }
        guard case .invalidState = error else { Issue.record("\(error)"); return }
        _ = try shop.billing.reverse(payment.id, reason: "ошибка", by: shop.accountant, on: shop.connection)
        #expect(try shop.billing.annul(raise.id, reason: "ошибка", by: shop.accountant, on: shop.connection).status == .annulled)
        #expect(try shop.billing.check(on: shop.connection) == [])
    }

    /// The annulment reads what is paid after its lock on the invoice is granted: read in the
    /// locking statement, a payment committed during the wait went unseen and the invoice ended
    /// over-paid (the randomized concurrency test found it).
    @Test func annullingAnIncreaseRacingAPaymentThatReliesOnItNeverOverpaysTheInvoice() throws {
        let shop = try BillingShop.make()
        let billing = shop.billing, accountant = shop.accountant
        let rounds = try TwoPartyRace.run(rounds: 12, db: shop.db, setup: { _ in
            let (order, invoice, upd) = try shippedWithUPD(shop)
            let raise = try billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: Money("1333.33"))]), of: upd.id,
                                            by: accountant, on: shop.connection)
            return (raise.id, order.clientID, invoice.id)
        }, first: { ids, connection in
            try billing.annul(ids.0, reason: "ошибка", by: accountant, on: connection)
        }, second: { ids, connection in
            // All of it to the invoice: 3600.00 plus the increase's 399.99.
            try billing.record(NewPayment(clientID: ids.1, amount: Money("3999.99")!, date: CalendarDate("2026-11-30")!,
                                          allocations: [Allocation(documentID: ids.2, amount: Money("3999.99")!)]),
                               by: accountant, on: connection)
        })
        for round in rounds {
            let annulled = (try? round.first.get()) != nil, paid = (try? round.second.get()) != nil
            #expect(annulled != paid, "exactly one of them wins: annulled \(annulled), paid \(paid)")
        }
        #expect(try shop.billing.check(on: shop.connection) == [])
    }

    @Test func aReturnsUKDAndAPriceCorrectionRacingOnOneUPDQueueAndChain() throws {
        let shop = try BillingShop.make()
        let billing = shop.billing, accountant = shop.accountant
        let rounds = try TwoPartyRace.run(rounds: 12, db: shop.db, setup: { _ in
            let (order, _, upd) = try shippedWithUPD(shop)
            try takeReturn(shop, order, "1")
            return (order.id, upd.id)
        }, first: { ids, connection in
            try billing.correct(CorrectionRequest(lines: [CorrectedLine(position: 1, price: Money("1100.00"))]), of: ids.1,
                                by: accountant, on: connection)
        }, second: { ids, connection in
            try billing.issue(IssueRequest(type: .correction), for: ids.0, by: accountant, on: connection)
        })
        for round in rounds {
            let first = try round.first.get(), second = try round.second.get()
            let (earlier, later) = first.id.rawValue < second.id.rawValue ? (first, second) : (second, first)
            let from = try #require(earlier.content.corrections?.first?.after), to = try #require(later.content.corrections?.first?.before)
            #expect(from.qty == to.qty && from.price == to.price && from.gross == to.gross)
            // Either way the UPD ends at 2 × 1100.00.
            #expect(later.content.corrections?.first?.after.gross == Money("2200.00"))
        }
    }
}
