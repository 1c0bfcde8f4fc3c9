// Payments to suppliers: recorded by accountants (and owners), allocated to the supplier's bills —
// as given, or oldest first — and reversed, never deleted, when made by mistake (their allocations
// stop counting). The supplier's bills are locked in id order before what each still owes is read,
// so two payments never over-pay one bill.

import ERPCore
import Foundation
import Parties
import Postgres

/// An amount of a payment applied to a bill.
package struct BillAllocation: Codable, Sendable, Equatable {
    package var billID: SupplierBillID
    package var amount: Money

    package init(billID: SupplierBillID, amount: Money) {
        self.billID = billID
        self.amount = amount
    }
}

/// `POST /api/v1/supplier-payments`.
package struct NewSupplierPayment: Codable, Sendable, Equatable {
    package var supplierID: PartyID
    package var amount: Money
    package var date: CalendarDate
    package var bankRef: String?
    package var note: String?
    /// Absent: the oldest open bills first; `[]`: an advance to the supplier.
    package var allocations: [BillAllocation]?

    package init(supplierID: PartyID, amount: Money, date: CalendarDate, bankRef: String? = nil, note: String? = nil,
                 allocations: [BillAllocation]? = nil) {
        self.supplierID = supplierID
        self.amount = amount
        self.date = date
        self.bankRef = bankRef
        self.note = note
        self.allocations = allocations
    }
}

/// A payment to a supplier as the API returns it.
package struct SupplierPayment: Codable, Sendable, Equatable {
    package var id: SupplierPaymentID
    /// `OUT-2026-000001`.
    package var number: String
    package var supplierID: PartyID
    package var amount: Money
    package var date: CalendarDate
    package var bankRef: String?
    package var note: String?
    /// `posted` or `reversed`.
    package var status: String
    package var allocations: [BillAllocation]
    package var createdAt: Date
    package var createdBy: String
    package var reversalReason: String?
}

enum SupplierPayments {
    /// Records a payment and allocates it.
    /// - Throws: `ERPError.forbidden`, `.notFound` (supplier), `.validationFailed` (amount, date, an
    ///   allocation to another supplier's bill, more than a bill still owes or than the payment).
    static func record(_ command: NewSupplierPayment, by principal: Principal, at now: Date, in tx: Transaction) throws -> SupplierPayment {
        try principal.require(.paySuppliers)
        var problems = FieldErrors()
        let supplier = try Parties.get(command.supplierID, by: principal, in: tx)
        if !supplier.isSupplier { problems.add("supplier_id", "\(supplier.name) is not marked as a supplier") }
        if command.amount.minorUnits <= 0 { problems.add("amount", "must be greater than zero") }
        if command.amount > .largestEntered { problems.add("amount", "must be at most \(Money.largestEntered)") }
        let bankRef = command.bankRef?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let bankRef, bankRef.count > 100 { problems.add("bank_ref", "must be at most 100 characters") }
        let note = command.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 2000 { problems.add("note", "must be at most 2000 characters") }
        CalendarDate.checkEntered(command.date, field: "date", today: try CompanyCalendar.day(of: now, in: tx), problems: &problems)
        try problems.throwIfAny()
        let allocations = try plan(command, in: tx)

        let number = DocumentNumbers.format(prefix: "OUT", year: command.date.year,
                                            sequence: try DocumentNumbers.next(series: "supplier_payment", year: command.date.year, in: tx))
        let id = try tx.query("""
            INSERT INTO supplier_payments (number, supplier_id, amount_minor, paid_on, bank_ref, note, status, created_at, created_by_login)
            VALUES (\(number), \(command.supplierID), \(command.amount.minorUnits), \(command.date.description)::date,
                    \(bankRef?.isEmpty == true ? nil : bankRef), \(note?.isEmpty == true ? nil : note), 'posted', \(now), \(principal.login))
            RETURNING id
            """).single().decode(0, as: SupplierPaymentID.self)
        try tx.query("""
            INSERT INTO supplier_payment_allocations (payment_id, bill_id, amount_minor)
            SELECT \(id), a.b, a.m FROM unnest(\(allocations.map(\.billID.rawValue))::bigint[],
                                              \(allocations.map(\.amount.minorUnits))::bigint[]) AS a(b, m)
            """)
        let change: JSONValue = .object(["number": .string(number), "supplier_id": .number(command.supplierID.rawValue),
                                         "amount": .string(command.amount.description)])
        try Audit.record(in: tx, by: principal, action: "supplier_payment.record", entityType: "supplier_payment", entityID: id,
                         change: change)
        try ChangeEvents.record(NewChangeEvent(.supplierPaymentMade, entity: "supplier_payment", id: id, data: change), in: tx)
        return try fetch(id, in: tx)
    }

    /// Reverses a posted payment: it stays, marked reversed with why, and counts for nothing.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (already reversed), `.validationFailed` (reason).
    static func reverse(_ id: SupplierPaymentID, reason: String, by principal: Principal, at now: Date,
                        in tx: Transaction) throws -> SupplierPayment {
        try principal.require(.paySuppliers)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty, why.count <= 500 else { throw ERPError.validationFailed(fields: ["reason": "must be 1–500 characters"]) }
        let changed = try tx.query("""
            UPDATE supplier_payments SET status = 'reversed', reversed_at = \(now), reversed_by_login = \(principal.login),
                   reversal_reason = \(why)
            WHERE id = \(id) AND status = 'posted' RETURNING number
            """)
        guard let number = try changed.firstRow?.decode(0, as: String.self) else {
            let payment = try fetch(id, in: tx)
            throw ERPError.invalidState(entity: "supplier payment \(payment.number)", current: payment.status, action: "reverse")
        }
        try Audit.record(in: tx, by: principal, action: "supplier_payment.reverse", entityType: "supplier_payment", entityID: id,
                         change: .object(["number": .string(number), "reason": .string(why)]))
        let payment = try fetch(id, in: tx)
        try ChangeEvents.record(NewChangeEvent(.supplierPaymentReversed, entity: "supplier_payment", id: id, data: .object([
            "number": .string(number), "supplier_id": .number(payment.supplierID.rawValue), "amount": .string(payment.amount.description),
        ])), in: tx)
        return payment
    }

    /// Payments newest first, one supplier's or everyone's.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(supplier: PartyID?, limit: Int, cursor: String?, by principal: Principal, in tx: Transaction) throws -> Page<SupplierPayment> {
        try principal.require(.readPayables)
        let before = try PageRequest.validate(limit: limit, cursor: cursor) ?? Int64.max
        let rows = try tx.query("""
            SELECT id FROM supplier_payments WHERE id < \(before) AND (\(supplier)::bigint IS NULL OR supplier_id = \(supplier))
            ORDER BY id DESC LIMIT \(Int64(limit) + 1)
            """)
        let ids = try rows.prefix(limit).map { (row) throws(PostgresError) in try row.decode(0, as: SupplierPaymentID.self) }
        return Page(items: try ids.map { try fetch($0, in: tx) }, nextCursor: rows.count > limit ? ids.last.map { String($0.rawValue) } : nil)
    }

    /// The payment named by its number (`OUT-2026-000012`, any letter case) or its id.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func get(reference: String, by principal: Principal, in tx: Transaction) throws -> SupplierPayment {
        try principal.require(.readPayables)
        let byNumber = try tx.query("SELECT id FROM supplier_payments WHERE upper(number) = upper(\(reference))").firstRow
        guard let id = try byNumber?.decode(0, as: SupplierPaymentID.self) ?? (try? SupplierPaymentID(parsing: reference)) else {
            throw ERPError.notFound(entity: "supplier payment", id: reference)
        }
        return try fetch(id, in: tx)
    }

    /// The payment `id` with its allocations.
    static func fetch(_ id: SupplierPaymentID, in tx: Transaction) throws -> SupplierPayment {
        guard let row = try tx.query("""
            SELECT number, supplier_id, amount_minor, paid_on::text, bank_ref, note, status, created_at, created_by_login, reversal_reason
            FROM supplier_payments WHERE id = \(id)
            """).firstRow else { throw ERPError.notFound(entity: "supplier payment", id: String(id.rawValue)) }
        let allocations = try tx.query("""
            SELECT bill_id, amount_minor FROM supplier_payment_allocations WHERE payment_id = \(id) ORDER BY bill_id
            """).map { (line) throws(PostgresError) in
            BillAllocation(billID: try line.decode(0, as: SupplierBillID.self), amount: Money(minorUnits: try line.decode(1, as: Int64.self)))
        }
        return SupplierPayment(
            id: id, number: try row.decode(0, as: String.self), supplierID: try row.decode(1, as: PartyID.self),
            amount: Money(minorUnits: try row.decode(2, as: Int64.self)), date: try CalendarDate(parsing: try row.decode(3, as: String.self)),
            bankRef: try row.decode(4, as: String?.self), note: try row.decode(5, as: String?.self), status: try row.decode(6, as: String.self),
            allocations: allocations, createdAt: try row.decode(7, as: Date.self), createdBy: try row.decode(8, as: String.self),
            reversalReason: try row.decode(9, as: String?.self))
    }

    /// The allocations `command` makes, decided under a lock on the supplier's payments: bills are
    /// append-only (no row lock is granted on them), so payments to one supplier take turns.
    private static func plan(_ command: NewSupplierPayment, in tx: Transaction) throws -> [BillAllocation] {
        try tx.query("SELECT pg_advisory_xact_lock(hashtextextended('supplier payments ' || \(command.supplierID.rawValue), 0))")
        // Read after the lock: a payment committed while we waited must count.
        let open = try tx.query("SELECT b.id, (b.amount_minor - " + SupplierBills.paidSQL
            + ")::bigint FROM supplier_bills b WHERE b.supplier_id = \(command.supplierID) ORDER BY b.bill_date, b.id")
        var owed: [(id: SupplierBillID, owes: Int64)] = []
        for row in open { owed.append((try row.decode(0, as: SupplierBillID.self), try row.decode(1, as: Int64.self))) }
        guard let explicit = command.allocations else {
            var left = command.amount.minorUnits
            var allocations: [BillAllocation] = []
            for bill in owed where left > 0 && bill.owes > 0 {
                let part = min(bill.owes, left)
                allocations.append(BillAllocation(billID: bill.id, amount: Money(minorUnits: part)))
                left -= part
            }
            return allocations
        }
        var problems = FieldErrors()
        var total: Int64 = 0
        var exceeded = false
        var seen = Set<SupplierBillID>()
        for (index, allocation) in explicit.enumerated() {
            let field = "allocations[\(index)]"
            guard let bill = owed.first(where: { $0.id == allocation.billID }) else {
                problems.add("\(field).bill_id", "bill \(allocation.billID) is not a bill of this supplier")
                continue
            }
            if !seen.insert(allocation.billID).inserted { problems.add("\(field).bill_id", "is allocated twice") }
            if allocation.amount.minorUnits <= 0 {
                problems.add("\(field).amount", "must be greater than zero")
            } else if allocation.amount.minorUnits > bill.owes {
                problems.add("\(field).amount", "the bill is owed only \(Money(minorUnits: bill.owes))")
            }
            let (sum, overflow) = total.addingReportingOverflow(max(0, allocation.amount.minorUnits))
            (total, exceeded) = (sum, exceeded || overflow)
        }
        if exceeded || total > command.amount.minorUnits { problems.add("allocations", "allocate at most the payment's \(command.amount)") }
        try problems.throwIfAny()
        return explicit
    }
}
