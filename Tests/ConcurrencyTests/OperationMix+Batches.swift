// The batch billing operations of the randomized test: a batch of a few orders' documents (a day's
// invoices and a wave's UPDs, all or nothing) and a bank statement of a few payments, racing the
// single issues, payments, annulments and reversals on the same orders and invoices.

import Billing
import ERPCore
import Sales
import TestShop

extension Worker {
    /// Runs a batch operation; false when there was nothing to act on yet.
    mutating func performBatch(_ operation: Operation) throws -> Bool {
        let (billing, accountant) = (world.billing, world.people.accountant)
        if operation == .issueDocuments {
            let batch: [DocumentIssue] = world.tally.withLock { tally in
                var picked: [DocumentIssue] = []
                for _ in 0..<3 {
                    let state = [OrderState.open, .shipped].randomElement(using: &random)!
                    guard let id = tally.orderIDs.filter({ tally.order($0, is: state) }).randomElement(using: &random),
                          !picked.contains(where: { $0.orderID == id }) else { continue }
                    picked.append(DocumentIssue(orderID: id, request: IssueRequest(type: state == .open ? .invoice : .upd)))
                }
                return picked
            }
            guard !batch.isEmpty else { return false }
            let documents = try billing.issue(batch, by: accountant, on: connection)
            world.tally.withLock { tally in documents.forEach { tally.recordIssued($0) } }
        } else {
            let statement: [NewPayment] = world.tally.withLock { tally in
                (0..<Int.random(in: 2...3, using: &random)).map { _ in
                    let client = world.sellers.randomElement(using: &random)!.client
                    let invoice = tally.liveDocuments.values.filter { $0.type == .invoice && $0.clientID == client }.randomElement(using: &random)
                    let amount = Money(minorUnits: Int64.random(in: 10_000...300_000, using: &random))
                    let allocations = invoice.flatMap { invoice in
                        Bool.random(using: &random) ? [Allocation(documentID: invoice.id, amount: min(amount, invoice.total))] : nil
                    }
                    return NewPayment(clientID: client, amount: amount, date: world.today, allocations: allocations)
                }
            }
            let payments = try billing.record(statement, by: accountant, on: connection)
            world.tally.withLock { tally in payments.forEach { tally.recordPayment($0) } }
        }
        return true
    }
}
