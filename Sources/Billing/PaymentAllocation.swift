// Deciding which invoices a payment pays: the client's live invoices are locked (in id order, so
// concurrent payments queue instead of deadlocking), then what each still owes is read (the one
// rule of InvoiceBalance: net of its order's credit notes and earlier payments); explicit
// allocations are checked against that, automatic ones fill the oldest invoices first. What is
// left is the client's credit.

import ERPCore
import Postgres

enum PaymentAllocation {
    /// The allocations `command` makes, checked.
    /// - Throws: `ERPError.validationFailed` naming each bad allocation; `PostgresError`.
    static func plan(_ command: NewPayment, in tx: Transaction) throws -> [Allocation] {
        // Lock, then read what each invoice still owes: a payment committed while we waited for
        // the locks must count, so the sums come from a statement that starts after locking.
        let locked = try tx.query("""
            SELECT id FROM closing_documents
            WHERE client_id = \(command.clientID) AND type = 'invoice' AND status = 'issued'
            ORDER BY id FOR UPDATE
            """).map { (row) throws(PostgresError) in try row.decode(0, as: Int64.self) }
        let owed = try InvoiceBalances.of(locked.map(DocumentID.init(rawValue:)), in: tx).map { (id: $0.documentID, owes: $0.owed.minorUnits) }
        guard let explicit = command.allocations else { return try oldestFirst(command, owed: owed, in: tx) }

        var problems = FieldErrors()
        var total: Int64 = 0
        var exceeded = false
        var seen = Set<DocumentID>()
        for (index, allocation) in explicit.enumerated() {
            let field = "allocations[\(index)]"
            guard let invoice = owed.first(where: { $0.id == allocation.documentID }) else {
                problems.add("\(field).document_id", "document \(allocation.documentID) is not an issued invoice of this client")
                continue
            }
            if !seen.insert(allocation.documentID).inserted { problems.add("\(field).document_id", "is allocated twice") }
            if allocation.amount.minorUnits <= 0 {
                problems.add("\(field).amount", "must be greater than zero")
            } else if allocation.amount.minorUnits > invoice.owes {
                problems.add("\(field).amount", "the invoice owes only \(Money(minorUnits: invoice.owes))")
            }
            // Checked: amounts come from the client, and their sum may not fit in Int64.
            let (sum, overflow) = total.addingReportingOverflow(max(0, allocation.amount.minorUnits))
            (total, exceeded) = (sum, exceeded || overflow)
        }
        if exceeded || total > command.amount.minorUnits { problems.add("allocations", "allocate at most the payment's \(command.amount)") }
        try problems.throwIfAny()
        return explicit
    }

    /// Fills the oldest invoices (by date, then number) until the payment runs out.
    private static func oldestFirst(_ command: NewPayment, owed: [(id: DocumentID, owes: Int64)], in tx: Transaction) throws -> [Allocation] {
        let dates = try tx.query("""
            SELECT id FROM closing_documents WHERE id = ANY(\(owed.map(\.id.rawValue))) ORDER BY doc_date, id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: DocumentID.self) }
        let owes = Dictionary(owed.map { ($0.id, $0.owes) }, uniquingKeysWith: { first, _ in first })
        var left = command.amount.minorUnits
        var allocations: [Allocation] = []
        for id in dates where left > 0 {
            guard let due = owes[id], due > 0 else { continue }
            let part = min(due, left)
            allocations.append(Allocation(documentID: id, amount: Money(minorUnits: part)))
            left -= part
        }
        return allocations
    }
}
