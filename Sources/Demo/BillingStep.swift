// The billing history, reacting to each day's sales: an invoice when a company's order is
// confirmed (by its manager or the accountant), a UPD for every shipment, an act once an order
// with services is shipped, a credit note for every return, the invoice of a cancelled order
// annulled; and payments as each client pays — promptly, late, half now and half later, not at
// all, or in cash at the shop — so the receivables have current, late and overdue debt.

import Billing
import ERPCore
import Parties
import Sales

/// Closing documents and payments.
final class BillingStep: DemoStep {
    let title = "billing"

    /// A payment a client will make: on which order's account and how much, in kopecks.
    struct PlannedPayment {
        var client: PartyID
        var order: SalesOrderID
        var amount: Int64
    }

    /// Each order's invoice, and whether the client paid it in advance.
    private var invoices: [SalesOrderID: DocumentID] = [:]
    private var prepaid: Set<SalesOrderID> = []
    /// What each invoice still asks for, as the payments' allocations left it.
    private var owes: [DocumentID: Int64] = [:]
    private var totals: [DocumentID: Int64] = [:]
    /// Payments planned per day index.
    private var planned: [Int: [PlannedPayment]] = [:]
    private var annulledOnce = false
    private var reversedOnce = false

    init() {}

    func day(_ demo: DemoState) throws {
        let accountant = demo.company.accountant
        for order in demo.today.confirmed {
            guard let client = demo.client(order.clientID), !client.retail, demo.random.chance(demo.plan.invoicePercent) else { continue }
            let invoice = try issue(.invoice, for: order, by: demo.random.chance(60) ? client.manager : accountant, demo)
            invoices[order.id] = invoice.id
            owes[invoice.id] = invoice.total.minorUnits
            totals[invoice.id] = invoice.total.minorUnits
            if client.habit == .prompt && demo.random.chance(25) {
                prepaid.insert(order.id)
                plan(PlannedPayment(client: client.id, order: order.id, amount: invoice.total.minorUnits), in: demo.random.int(in: 0...2), demo)
            }
        }
        for (order, shipment) in demo.today.shipped {
            var due = try issueUPD(for: order, shipment: shipment, demo).total.minorUnits
            if order.status == .shipped && order.lines.contains(where: { $0.kind == .service }) {
                due += try issue(.act, for: order, by: accountant, demo).total.minorUnits
            }
            guard let client = demo.client(order.clientID), !prepaid.contains(order.id) else { continue }
            planPayments(of: due, for: order, by: client, demo)
        }
        for (order, taken) in demo.today.returned {
            let correction = try issue(.correction, for: order, by: accountant, demo, IssueRequest(type: .correction, returnID: taken.id))
            // What was returned is no longer owed (InvoiceBalance): the invoice asks for less (a УКД's total is negative).
            if let invoice = invoices[order.id], let open = owes[invoice] { owes[invoice] = max(0, open + correction.total.minorUnits) }
        }
        for order in demo.today.cancelled {
            // An invoice something was paid against stays; the client gets the money back otherwise.
            guard let invoice = invoices[order.id], owes[invoice] == totals[invoice], !prepaid.contains(order.id),
                  order.lines.allSatisfy({ $0.shipped.isZero }) else { continue }
            demo.tick()
            _ = try demo.billing.annul(invoice, reason: "Заказ отменён клиентом", by: accountant, on: demo.connection)
            owes[invoice] = nil
            demo.tally.annulledDocuments += 1
        }
        // One transfer per client and day, paying every order due, in the order they fell due.
        var due: [(client: PartyID, payments: [PlannedPayment])] = []
        for payment in planned.removeValue(forKey: demo.clock.dayIndex) ?? [] {
            if let index = due.firstIndex(where: { $0.client == payment.client }) {
                due[index].payments.append(payment)
            } else {
                due.append((payment.client, [payment]))
            }
        }
        for (_, payments) in due { try pay(payments, demo) }
    }

    /// Issues a document of `type` for `order` at the current time.
    private func issue(_ type: DocumentType, for order: SalesOrder, by principal: Principal, _ demo: DemoState,
                       _ request: IssueRequest? = nil) throws -> IssuedDocument {
        demo.tick()
        let document = try demo.billing.issue(request ?? IssueRequest(type: type), for: order.id, by: principal, on: demo.connection)
        demo.tally.count(document)
        return document
    }

    /// The UPD of one shipment; once in the history it is annulled for a wrong address and issued again.
    private func issueUPD(for order: SalesOrder, shipment: Shipment, _ demo: DemoState) throws -> IssuedDocument {
        let accountant = demo.company.accountant
        let request = IssueRequest(type: .upd, shipmentID: shipment.id)
        let upd = try issue(.upd, for: order, by: accountant, demo, request)
        guard !annulledOnce && demo.clock.dayIndex * 10 >= demo.clock.days.count * 3 else { return upd }
        annulledOnce = true
        demo.tick()
        _ = try demo.billing.annul(upd.id, reason: "Ошибка в адресе грузополучателя", by: accountant, on: demo.connection)
        demo.tally.annulledDocuments += 1
        return try issue(.upd, for: order, by: accountant, demo, request)
    }

    /// Plans how `client` pays `amount` kopecks delivered on `order`, by their habit.
    private func planPayments(of amount: Int64, for order: SalesOrder, by client: DemoClient, _ demo: DemoState) {
        let payment = PlannedPayment(client: client.id, order: order.id, amount: amount)
        switch client.habit {
        case .cash: plan(payment, in: 0, demo)
        case .prompt: plan(payment, in: demo.random.int(in: 1...7), demo)
        case .slow: plan(payment, in: demo.random.int(in: 15...35), demo)
        case .partial:
            var half = payment
            half.amount = amount / 2
            plan(half, in: demo.random.int(in: 3...12), demo)
            half.amount = amount - amount / 2
            if demo.random.chance(60) { plan(half, in: demo.random.int(in: 30...60), demo) }
        case .defaulter:
            if demo.random.chance(35) { plan(payment, in: demo.random.int(in: 25...50), demo) }
        }
    }

    /// Plans `payment` `days` working days from today — for a company, on the next of its weekly
    /// payment days, when its accountant sends one transfer for everything due.
    private func plan(_ payment: PlannedPayment, in days: Int, _ demo: DemoState) {
        guard payment.amount > 0 else { return }
        var day = demo.clock.dayIndex + days
        if let client = demo.client(payment.client), !client.retail {
            let payday = 2 + Int(client.id.rawValue % 5)
            while demo.clock.weekday(ofDay: day) != payday && day < demo.clock.days.count { day += 1 }
        }
        planned[day, default: []].append(payment)
    }

    /// Records one payment as the accountant for `payments` (all of one client), allocated to
    /// each order's invoice while that still asks for money (otherwise the service settles the
    /// oldest invoices first). Once in the history the amount is mistyped, and the payment
    /// reversed and recorded again.
    private func pay(_ payments: [PlannedPayment], _ demo: DemoState) throws {
        guard let first = payments.first else { return }
        let client = demo.client(first.client)
        let bankRef = client?.retail == true ? "Чек № \(demo.random.int(in: 1_000...9_999))" : "п/п № \(demo.random.int(in: 100...9_999))"
        if !reversedOnce && client?.retail == false && demo.clock.dayIndex * 2 >= demo.clock.days.count {
            reversedOnce = true
            let wrong = try record(payments, bankRef: bankRef, times: 10, demo)
            demo.tick()
            _ = try demo.billing.reverse(wrong.id, reason: "Ошибка в сумме при разнесении выписки", by: demo.company.accountant,
                                         on: demo.connection)
            for allocation in wrong.allocations { owes[allocation.documentID, default: 0] += allocation.amount.minorUnits }
            demo.tally.reversedPayments += 1
        }
        _ = try record(payments, bankRef: bankRef, demo)
    }

    /// Records the sum of `payments` (`times` over, for a mistyped amount), with its allocations.
    private func record(_ payments: [PlannedPayment], bankRef: String, times: Int64 = 1, _ demo: DemoState) throws -> Payment {
        let amount = payments.reduce(0) { $0 + $1.amount } * times
        var left = amount
        var allocations: [Allocation] = []
        for payment in payments {
            guard let invoice = invoices[payment.order], let open = owes[invoice], left > 0 else { continue }
            let index = allocations.firstIndex { $0.documentID == invoice }
            let taken = index.map { allocations[$0].amount.minorUnits } ?? 0
            let part = min(open - taken, payment.amount * times, left)
            guard part > 0 else { continue }
            if let index {
                allocations[index].amount = Money(minorUnits: taken + part)
            } else {
                allocations.append(Allocation(documentID: invoice, amount: Money(minorUnits: part)))
            }
            left -= part
        }
        demo.tick()
        let recorded = try demo.billing.record(NewPayment(clientID: payments[0].client, amount: Money(minorUnits: amount),
                                                          date: demo.clock.today, bankRef: bankRef,
                                                          allocations: allocations.isEmpty ? nil : allocations),
                                               by: demo.company.accountant, on: demo.connection)
        for allocation in recorded.allocations { owes[allocation.documentID, default: 0] -= allocation.amount.minorUnits }
        demo.tally.payments += 1
        return recorded
    }
}
