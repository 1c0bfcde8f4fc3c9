// Supplier bills: what a supplier says we owe, by their own number and date, for the receipts it
// names. A bill is recorded once and never changed; what is paid of it comes from the posted
// payments allocated to it (SupplierPayments), and what is left is payable.

import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// `POST /api/v1/supplier-bills`.
package struct NewSupplierBill: Codable, Sendable, Equatable {
    package var supplierID: PartyID
    /// The supplier's own number and date.
    package var number: String
    package var date: CalendarDate
    /// With VAT: what we owe.
    package var amount: Money
    /// The VAT contained in `amount`.
    package var vat: Money
    package var receiptIDs: [StockDocumentID]?
    package var note: String?

    package init(supplierID: PartyID, number: String, date: CalendarDate, amount: Money, vat: Money = .zero(),
                 receiptIDs: [StockDocumentID]? = nil, note: String? = nil) {
        self.supplierID = supplierID
        self.number = number
        self.date = date
        self.amount = amount
        self.vat = vat
        self.receiptIDs = receiptIDs
        self.note = note
    }
}

/// A supplier bill with what is paid of it.
package struct SupplierBill: Codable, Sendable, Equatable {
    package var id: SupplierBillID
    package var supplierID: PartyID
    package var number: String
    package var date: CalendarDate
    package var amount: Money
    package var vat: Money
    package var receiptIDs: [StockDocumentID]
    package var note: String?
    /// What posted payments allocated to it.
    package var paid: Money
    /// `amount − paid`.
    package var open: Money
    package var createdAt: Date
    package var createdBy: String
    /// The supplier's name beside `supplier_id`.
    package var supplierName: String? = nil
}

enum SupplierBills {
    /// Records a bill.
    /// - Throws: `ERPError.forbidden`, `.notFound` (supplier), `.validationFailed` (amounts, date,
    ///   a receipt that is not a posted receipt of this supplier), `.duplicate` (the supplier's
    ///   number again); `PostgresError`.
    static func record(_ command: NewSupplierBill, by principal: Principal, at now: Date, in tx: Transaction) throws -> SupplierBill {
        try principal.require(.recordSupplierBills)
        var problems = FieldErrors()
        let supplier = try Parties.get(command.supplierID, by: principal, in: tx)
        if !supplier.isSupplier { problems.add("supplier_id", "\(supplier.name) is not marked as a supplier") }
        let number = command.number.trimmingCharacters(in: .whitespacesAndNewlines)
        if number.isEmpty || number.count > 100 { problems.add("number", "must be 1 to 100 characters long") }
        if command.amount.minorUnits <= 0 { problems.add("amount", "must be greater than zero") }
        if command.amount > .largestEntered { problems.add("amount", "must be at most \(Money.largestEntered)") }
        if command.vat.isNegative || command.vat > command.amount { problems.add("vat", "must be between zero and the amount") }
        let note = command.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 2000 { problems.add("note", "must be at most 2000 characters") }
        CalendarDate.checkEntered(command.date, field: "date", today: try CompanyCalendar.day(of: now, in: tx), problems: &problems)
        let receipts = command.receiptIDs ?? []
        let warehouse = WarehouseService(time: .fixed(now))
        for (index, id) in receipts.enumerated() {
            let receipt = try? warehouse.document(id, type: .receipt, by: principal, in: tx)
            if receipt?.status != .posted || receipt?.supplierID != command.supplierID {
                problems.add("receipt_ids[\(index)]", "is not a posted receipt from \(supplier.name)")
            }
        }
        try problems.throwIfAny()
        let id = try tx.query("""
            INSERT INTO supplier_bills (supplier_id, number, bill_date, amount_minor, vat_minor, note, created_at, created_by_login)
            VALUES (\(command.supplierID), \(number), \(command.date.description)::date, \(command.amount.minorUnits),
                    \(command.vat.minorUnits), \(note?.isEmpty == true ? nil : note), \(now), \(principal.login))
            ON CONFLICT (supplier_id, number) DO NOTHING
            RETURNING id
            """).firstRow?.decode(0, as: SupplierBillID.self)
        guard let id else { throw ERPError.duplicate(entity: "supplier bill", field: "number", existingID: nil) }
        try tx.query("""
            INSERT INTO supplier_bill_receipts (bill_id, receipt_id)
            SELECT DISTINCT \(id), r FROM unnest(\(receipts.map(\.rawValue))::bigint[]) AS r
            """)
        let bill = try fetch([id], in: tx)[0]
        let change: JSONValue = .object([
            "supplier_id": .number(command.supplierID.rawValue), "number": .string(number), "amount": .string(command.amount.description),
        ])
        try Audit.record(in: tx, by: principal, action: "supplier_bill.record", entityType: "supplier_bill", entityID: id, change: change)
        try ChangeEvents.record(NewChangeEvent(.supplierBillRecorded, entity: "supplier_bill", id: id, data: change), in: tx)
        return bill
    }

    /// Bills newest first: one supplier's, or everyone's; only those still open when `openOnly`.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(supplier: PartyID?, openOnly: Bool, limit: Int, cursor: String?, by principal: Principal,
                     in tx: Transaction) throws -> Page<SupplierBill> {
        try principal.require(.readPayables)
        let before = try PageRequest.validate(limit: limit, cursor: cursor) ?? Int64.max
        let filter: PostgresQuery = """
            SELECT b.id FROM supplier_bills b
            WHERE b.id < \(before) AND (\(supplier)::bigint IS NULL OR b.supplier_id = \(supplier))
              AND (NOT \(openOnly) OR b.amount_minor > (
            """
        let rows = try tx.query(filter + paidSQL + ")) ORDER BY b.id DESC LIMIT \(Int64(limit) + 1)")
        let ids = try rows.prefix(limit).map { (row) throws(PostgresError) in try row.decode(0, as: SupplierBillID.self) }
        return Page(items: try fetch(ids, in: tx), nextCursor: rows.count > limit ? ids.last.map { String($0.rawValue) } : nil)
    }

    /// What posted payments allocated to bill `b` (a fragment over the alias `b`).
    static let paidSQL: PostgresQuery = """
        COALESCE((SELECT sum(a.amount_minor) FROM supplier_payment_allocations a
                  JOIN supplier_payments p ON p.id = a.payment_id AND p.status = 'posted' WHERE a.bill_id = b.id), 0)
        """

    /// The bills `ids`, in that order.
    static func fetch(_ ids: [SupplierBillID], in tx: Transaction) throws -> [SupplierBill] {
        let rows = try tx.query("SELECT b.id, b.supplier_id, b.number, b.bill_date::text, b.amount_minor, b.vat_minor, b.note, "
            + "b.created_at, b.created_by_login, (" + paidSQL + """
            )::bigint,
                   (SELECT COALESCE(string_agg(r.receipt_id::text, ',' ORDER BY r.receipt_id), '') FROM supplier_bill_receipts r
                    WHERE r.bill_id = b.id)
            FROM supplier_bills b WHERE b.id = ANY(\(ids.map(\.rawValue))::bigint[])
            """)
        var bills: [SupplierBillID: SupplierBill] = [:]
        for row in rows {
            let amount = Money(minorUnits: try row.decode(4, as: Int64.self)), paid = Money(minorUnits: try row.decode(9, as: Int64.self))
            let bill = SupplierBill(
                id: try row.decode(0, as: SupplierBillID.self), supplierID: try row.decode(1, as: PartyID.self),
                number: try row.decode(2, as: String.self), date: try CalendarDate(parsing: try row.decode(3, as: String.self)),
                amount: amount, vat: Money(minorUnits: try row.decode(5, as: Int64.self)),
                receiptIDs: try row.decode(10, as: String.self).split(separator: ",").compactMap { Int64($0) }
                    .map(StockDocumentID.init(rawValue:)),
                note: try row.decode(6, as: String?.self), paid: paid, open: try amount.subtracting(paid),
                createdAt: try row.decode(7, as: Date.self), createdBy: try row.decode(8, as: String.self))
            bills[bill.id] = bill
        }
        let names = try Parties.names(of: bills.values.map(\.supplierID), in: tx)
        for (id, bill) in bills { bills[id]?.supplierName = names[bill.supplierID] }
        return ids.compactMap { bills[$0] }
    }
}
