// Deciding which invoices payments pay: the clients' live invoices are locked (in id order, so
// concurrent payments queue instead of deadlocking), then what each still owes is read (the one
// rule of InvoiceBalance: net of its order's credit notes and earlier payments); explicit
// allocations are checked against that, automatic ones fill the oldest invoices first. What is
// left is the client's credit. A batch (a day's bank statement) plans its payments in order, each
// against what the earlier ones left.

import ERPCore
import Parties
import Postgres

enum PaymentAllocation {
    /// The allocations each of `commands` makes, checked, in the order given; `names[i]` names
    /// payment i in errors (empty for a single payment).
    /// - Throws: `ERPError.validationFailed` naming each bad allocation; `PostgresError`.
    static func plan(_ commands: [NewPayment], names: [String], in tx: Transaction) throws -> [[Allocation]] {
        // Lock, then read what each invoice still owes: a payment committed while we waited for
        // the locks must count, so the sums come from a statement that starts after locking.
        let locked = try tx.query("""
            SELECT id, client_id, doc_date::text FROM closing_documents
            WHERE client_id = ANY(\(Array(Set(commands.map(\.clientID.rawValue))))::bigint[]) AND type = 'invoice' AND status = 'issued'
            ORDER BY id FOR UPDATE
            """).map { (row) throws(PostgresError) in
            (id: try row.decode(0, as: DocumentID.self), client: try row.decode(1, as: PartyID.self), date: try row.decode(2, as: String.self))
        }
        var owes = Dictionary(try InvoiceBalances.of(locked.map(\.id), in: tx).map { ($0.documentID, $0.owed.minorUnits) },
                              uniquingKeysWith: { first, _ in first })
        // Oldest first: by date (ISO text sorts as dates do), then number order (id).
        let oldestFirst = locked.sorted { ($0.date, $0.id.rawValue) < ($1.date, $1.id.rawValue) }
        let clientOf = Dictionary(locked.map { ($0.id, $0.client) }, uniquingKeysWith: { first, _ in first })
        var problems = FieldErrors()
        var plans: [[Allocation]] = []
        for (index, command) in commands.enumerated() {
            let plan = command.allocations.map { explicit in
                checked(explicit, of: command, owes: owes.filter { clientOf[$0.key] == command.clientID }, field: names[index],
                        problems: &problems)
            }
                ?? automatic(command, invoices: oldestFirst.filter { $0.client == command.clientID }.map(\.id), owes: owes)
            for allocation in plan { owes[allocation.documentID, default: 0] -= allocation.amount.minorUnits }
            plans.append(plan)
        }
        try problems.throwIfAny()
        return plans
    }

    /// `explicit` checked against what the client's invoices still owe.
    private static func checked(_ explicit: [Allocation], of command: NewPayment, owes: [DocumentID: Int64], field prefix: String,
                                problems: inout FieldErrors) -> [Allocation] {
        var total: Int64 = 0
        var exceeded = false
        var seen = Set<DocumentID>()
        let before = problems
        for (index, allocation) in explicit.enumerated() {
            let field = "\(prefix)allocations[\(index)]"
            guard let owed = owes[allocation.documentID] else {
                problems.add("\(field).document_id", "document \(allocation.documentID) is not an issued invoice of this client")
                continue
            }
            if !seen.insert(allocation.documentID).inserted { problems.add("\(field).document_id", "is allocated twice") }
            if allocation.amount.minorUnits <= 0 {
                problems.add("\(field).amount", "must be greater than zero")
            } else if allocation.amount.minorUnits > owed {
                problems.add("\(field).amount", "the invoice owes only \(Money(minorUnits: max(0, owed)))")
            }
            // Checked: amounts come from the client, and their sum may not fit in Int64.
            let (sum, overflow) = total.addingReportingOverflow(max(0, allocation.amount.minorUnits))
            (total, exceeded) = (sum, exceeded || overflow)
        }
        if exceeded || total > command.amount.minorUnits { problems.add("\(prefix)allocations", "allocate at most the payment's \(command.amount)") }
        return problems == before ? explicit : []
    }

    /// Fills the oldest of `invoices` (given oldest first) until the payment runs out.
    private static func automatic(_ command: NewPayment, invoices: [DocumentID], owes: [DocumentID: Int64]) -> [Allocation] {
        var left = command.amount.minorUnits
        var allocations: [Allocation] = []
        for id in invoices where left > 0 {
            guard let due = owes[id], due > 0 else { continue }
            let part = min(due, left)
            allocations.append(Allocation(documentID: id, amount: Money(minorUnits: part)))
            left -= part
        }
        return allocations
    }
}
