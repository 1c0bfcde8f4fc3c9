// The billing history, reacting to each day's sales: an invoice when a company's order is
// confirmed (by its manager or the accountant), a UPD for every shipment, an act once an order
// with services is shipped, a УКД for every return, the invoice of a cancelled order annulled;
// and payments as each client pays — promptly, late, half now and half later, not at all, or in
// cash at the shop — so the receivables have current, late and overdue debt. The day's invoices,
// UPDs and acts are issued in batches and its payments recorded as one bank statement.

import Billing
import ERPCore
import Parties
import Sales

/// Closing documents and payments.
final class BillingStep: DemoStep {
    let title = "billing"
    let lane = DemoLane.books

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
        try invoice(demo)
        // The day's UPDs (and the acts of orders shipped in full with services) in one batch per
        // round: an order shipped twice today gets its second UPD in the next round.
        var rounds: [[(order: SalesOrder, shipment: Shipment)]] = []
        for item in demo.today.shipped {
            if let index = rounds.firstIndex(where: { !$0.contains { $0.order.id == item.order.id } }) {
                rounds[index].append(item)
            } else {
                rounds.append([item])
            }
        }
        for round in rounds {
            var batch: [DocumentIssue] = []
            for (order, shipment) in round {
                batch.append(DocumentIssue(orderID: order.id, request: IssueRequest(type: .upd, shipmentID: shipment.id)))
                if hasAct(order) { batch.append(DocumentIssue(orderID: order.id, request: IssueRequest(type: .act))) }
            }
            var issued = try issue(batch, by: accountant, demo)[...]
            for (order, shipment) in round {
                var due = try reissuedOnce(issued.removeFirst(), for: order, shipment: shipment, demo).total.minorUnits
                if hasAct(order) { due += issued.removeFirst().total.minorUnits }
                guard let client = demo.client(order.clientID), !prepaid.contains(order.id) else { continue }
                planPayments(of: due, for: order, by: client, demo)
            }
        }
        for (order, taken) in demo.today.returned {
            let correction = try issue([DocumentIssue(orderID: order.id, request: IssueRequest(type: .correction, returnID: taken.id))],
                                       by: accountant, demo)[0]
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
        try pay(due.map(\.payments), demo)
    }

    /// The invoices of the companies' orders confirmed today, by their manager or the accountant:
    /// one batch per person issuing them.
    private func invoice(_ demo: DemoState) throws {
        var wanted: [(order: SalesOrder, client: DemoClient, by: Principal)] = []
        for order in demo.today.confirmed {
            guard let client = demo.client(order.clientID), !client.retail, demo.random.chance(demo.plan.invoicePercent) else { continue }
            wanted.append((order, client, demo.random.chance(60) ? client.manager : demo.company.accountant))
        }
        var issuers: [Principal] = []
        for item in wanted where !issuers.contains(where: { $0.userID == item.by.userID }) { issuers.append(item.by) }
        for issuer in issuers {
            let batch = wanted.filter { $0.by.userID == issuer.userID }
            let issued = try issue(batch.map { DocumentIssue(orderID: $0.order.id, request: IssueRequest(type: .invoice)) }, by: issuer, demo)
            for ((order, client, _), invoice) in zip(batch, issued) {
                invoices[order.id] = invoice.id
                owes[invoice.id] = invoice.total.minorUnits
                totals[invoice.id] = invoice.total.minorUnits
                if client.habit == .prompt && demo.random.chance(25) {
                    prepaid.insert(order.id)
                    plan(PlannedPayment(client: client.id, order: order.id, amount: invoice.total.minorUnits), in: demo.random.int(in: 0...2), demo)
                }
            }
        }
    }

    /// Whether the order, shipped in full, gets an act for its services.
    private func hasAct(_ order: SalesOrder) -> Bool {
        order.status == .shipped && order.lines.contains(where: { $0.kind == .service })
    }

    /// Issues `batch` at the current time.
    private func issue(_ batch: [DocumentIssue], by principal: Principal, _ demo: DemoState) throws -> [IssuedDocument] {
        guard !batch.isEmpty else { return [] }
        demo.tick()
        let documents = try demo.billing.issue(batch, by: principal, on: demo.connection)
        for document in documents { demo.tally.count(document) }
        return documents
    }

    /// `upd`, or once in the history, annulled for a wrong address and issued again.
    private func reissuedOnce(_ upd: IssuedDocument, for order: SalesOrder, shipment: Shipment, _ demo: DemoState) throws -> IssuedDocument {
        let accountant = demo.company.accountant
        guard !annulledOnce && demo.clock.dayIndex * 10 >= demo.clock.days.count * 3 else { return upd }
        annulledOnce = true
        demo.tick()
        _ = try demo.billing.annul(upd.id, reason: "Ошибка в адресе грузополучателя", by: accountant, on: demo.connection)
        demo.tally.annulledDocuments += 1
        return try issue([DocumentIssue(orderID: order.id, request: IssueRequest(type: .upd, shipmentID: shipment.id))], by: accountant, demo)[0]
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

    /// Records the day's bank statement as the accountant: one payment per client for its
    /// `payments`, allocated to each order's invoice while that still asks for money (otherwise
    /// the service settles the oldest invoices first), in one batch. Once in the history an amount
    /// is mistyped, and that payment reversed and recorded again.
    private func pay(_ clients: [[PlannedPayment]], _ demo: DemoState) throws {
        var statement: [NewPayment] = []
        for payments in clients {
            guard let first = payments.first else { continue }
            let client = demo.client(first.client)
            let bankRef = client?.retail == true ? "Чек № \(demo.random.int(in: 1_000...9_999))" : "п/п № \(demo.random.int(in: 100...9_999))"
            if !reversedOnce && client?.retail == false && demo.clock.dayIndex * 2 >= demo.clock.days.count {
                reversedOnce = true
                let wrong = try record([payment(payments, bankRef: bankRef, times: 10, demo)], demo)[0]
                demo.tick()
                _ = try demo.billing.reverse(wrong.id, reason: "Ошибка в сумме при разнесении выписки", by: demo.company.accountant,
                                             on: demo.connection)
                for allocation in wrong.allocations { owes[allocation.documentID, default: 0] += allocation.amount.minorUnits }
                demo.tally.reversedPayments += 1
            }
            statement.append(payment(payments, bankRef: bankRef, demo))
        }
        _ = try record(statement, demo)
    }

    /// One payment of the sum of `payments` (`times` over, for a mistyped amount), with its
    /// allocations (the payments are all of one client, whose invoices no other payment touches).
    private func payment(_ payments: [PlannedPayment], bankRef: String, times: Int64 = 1, _ demo: DemoState) -> NewPayment {
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
        return NewPayment(clientID: payments[0].client, amount: Money(minorUnits: amount), date: demo.clock.today, bankRef: bankRef,
                          allocations: allocations.isEmpty ? nil : allocations)
    }

    /// Records `statement` at the current time, counting its payments and what they allocated.
    private func record(_ statement: [NewPayment], _ demo: DemoState) throws -> [Payment] {
        guard !statement.isEmpty else { return [] }
        demo.tick()
        let recorded = try demo.billing.record(statement, by: demo.company.accountant, on: demo.connection)
        for allocation in recorded.flatMap(\.allocations) { owes[allocation.documentID, default: 0] -= allocation.amount.minorUnits }
        demo.tally.payments += recorded.count
        return recorded
    }
}
