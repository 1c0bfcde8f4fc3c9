// Incoming payments: recorded by accountants (and owners) with their allocation to the client's
// invoices — as given, or automatically oldest first — and whatever is left over kept as the
// client's credit. A mistaken payment is reversed, never deleted: its allocations stop counting.
// Invoices are locked in id order while allocating, so two payments never over-pay one invoice.

import ERPCore
import Foundation
import Parties
import Postgres

/// An amount of a payment applied to an invoice.
package struct Allocation: Codable, Sendable, Equatable {
    package var documentID: DocumentID
    package var amount: Money

    package init(documentID: DocumentID, amount: Money) {
        self.documentID = documentID
        self.amount = amount
    }
}

/// `POST /api/v1/payments`.
package struct NewPayment: Codable, Sendable, Equatable {
    package var clientID: PartyID
    package var amount: Money
    package var date: CalendarDate
    package var bankRef: String?
    package var note: String?
    /// Absent: allocate automatically to the oldest unpaid invoices; `[]`: keep it all as credit.
    package var allocations: [Allocation]?

    package init(clientID: PartyID, amount: Money, date: CalendarDate, bankRef: String? = nil, note: String? = nil,
                 allocations: [Allocation]? = nil) {
        self.clientID = clientID
        self.amount = amount
        self.date = date
        self.bankRef = bankRef
        self.note = note
        self.allocations = allocations
    }
}

/// Posted, or reversed (kept for history, counting for nothing).
package enum PaymentStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case posted
    case reversed
}

/// A payment as the API returns it.
package struct Payment: Codable, Sendable, Equatable {
    package var id: PaymentID
    package var number: String
    package var clientID: PartyID
    package var amount: Money
    package var date: CalendarDate
    package var bankRef: String?
    package var note: String?
    package var status: PaymentStatus
    package var allocations: [Allocation]
    /// What no invoice took: the client's credit.
    package var unallocated: Money
    package var createdAt: Date
    package var createdBy: String
    package var reversedAt: Date?
    package var reversalReason: String?
    /// The client's name beside `client_id`.
    package var clientName: String? = nil
}

enum Payments {
    /// Reverses a posted payment: it stays, marked reversed with who and why, and counts for nothing.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (already reversed),
    ///   `.validationFailed` (no reason).
    static func reverse(_ id: PaymentID, reason: String, by principal: Principal, at now: Date, in tx: Transaction) throws -> Payment {
        try principal.require(.recordPayments)
        let payment = try get(id, by: principal, lock: true, in: tx)
        guard payment.status == .posted else {
            throw ERPError.invalidState(entity: "payment \(payment.number)", current: payment.status.rawValue, action: "reverse")
        }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty, why.count <= 500 else {
            throw ERPError.validationFailed(fields: ["reason": "must be 1–500 characters"])
        }
        try tx.query("""
            UPDATE payments SET status = 'reversed', reversed_at = \(now), reversed_by_login = \(principal.login), reversal_reason = \(why)
            WHERE id = \(id) AND status = 'posted'
            """)
        try Audit.record(in: tx, by: principal, action: "payment.reverse", entityType: "payment", entityID: id,
                         change: .object(["number": .string(payment.number), "reason": .string(why)]))
        try ChangeEvents.record(NewChangeEvent(.paymentReversed, entity: "payment", id: id, client: payment.clientID.rawValue,
                                               data: .object(["number": .string(payment.number)])), in: tx)
        return try fetch(id, in: tx)
    }

    /// The payment `id` if `principal` sees its client.
    static func get(_ id: PaymentID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> Payment {
        try principal.require(.readPayments)
        let payment = try fetch(id, lock: lock, in: tx)
        if let clients = try Parties.visibleIDs(for: principal, in: tx), !clients.contains(payment.clientID) {
            throw ERPError.notFound(entity: "payment", id: String(id.rawValue))
        }
        return payment
    }

    /// The payment with this number (`PAY-2026-000196`) or id, as `get` shows it.
    static func get(reference: String, by principal: Principal, in tx: Transaction) throws -> Payment {
        let byNumber = try tx.query("SELECT id FROM payments WHERE upper(number) = upper(\(reference))").firstRow
        guard let id = try byNumber?.decode(0, as: PaymentID.self) ?? (try? PaymentID(parsing: reference)) else {
            throw ERPError.notFound(entity: "payment", id: reference)
        }
        return try get(id, by: principal, in: tx)
    }

    /// The payments `principal` sees (of one client when given), newest first.
    static func list(client: PartyID?, limit: Int, cursor: String?, by principal: Principal, in tx: Transaction) throws -> Page<Payment> {
        try principal.require(.readPayments)
        let before = try PageRequest.validate(limit: limit, cursor: cursor) ?? Int64.max
        let clients = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        let rows = try tx.query("""
            SELECT id FROM payments WHERE id < \(before) AND (\(client)::bigint IS NULL OR client_id = \(client))
              AND (\(clients)::bigint[] IS NULL OR client_id = ANY(\(clients)))
            ORDER BY id DESC LIMIT \(Int64(limit) + 1)
            """)
        let ids = try rows.prefix(limit).map { (row) throws(PostgresError) in try row.decode(0, as: PaymentID.self) }
        return Page(items: try fetch(ids, named: true, in: tx), nextCursor: rows.count > limit ? ids.last.map { String($0.rawValue) } : nil)
    }

    /// The payment as stored, with its client's name unless locked (a change's first step) or
    /// not `named` (a list names its payments all at once).
    static func fetch(_ id: PaymentID, lock: Bool = false, named: Bool = true, in tx: Transaction) throws -> Payment {
        try fetch([id], lock: lock, named: named && !lock, in: tx)[0]
    }

    /// The payments `ids` as stored (with `lock`, locked first), in the order given, with their
    /// clients' names when `named`: three statements at most whatever their number.
    /// - Throws: `ERPError.notFound` for one missing; `PostgresError`, `ValueError`.
    static func fetch(_ ids: [PaymentID], lock: Bool = false, named: Bool, in tx: Transaction) throws -> [Payment] {
        let wanted = ids.map(\.rawValue)
        let headers = try tx.query("""
            SELECT number, client_id, amount_minor, paid_on::text, bank_ref, note, status, created_at, created_by_login,
                   reversed_at, reversal_reason, id FROM payments WHERE id = ANY(\(wanted)::bigint[]) ORDER BY id
            """ + (lock ? " FOR UPDATE" : ""))
        var allocations: [PaymentID: [Allocation]] = [:]
        for row in try tx.query("""
            SELECT payment_id, document_id, amount_minor FROM payment_allocations WHERE payment_id = ANY(\(wanted)::bigint[])
            ORDER BY payment_id, document_id
            """) {
            allocations[try row.decode(0, as: PaymentID.self), default: []].append(Allocation(
                documentID: try row.decode(1, as: DocumentID.self), amount: Money(minorUnits: try row.decode(2, as: Int64.self))))
        }
        var read: [PaymentID: Payment] = [:]
        for row in headers {
            guard let status = PaymentStatus(rawValue: try row.decode(6, as: String.self)) else {
                throw PostgresError(.decoding, message: "payments.status is unknown")
            }
            let id = try row.decode(11, as: PaymentID.self)
            let amount = Money(minorUnits: try row.decode(2, as: Int64.self))
            read[id] = Payment(
                id: id, number: try row.decode(0, as: String.self), clientID: try row.decode(1, as: PartyID.self), amount: amount,
                date: try CalendarDate(parsing: try row.decode(3, as: String.self)), bankRef: try row.decode(4, as: String?.self),
                note: try row.decode(5, as: String?.self), status: status, allocations: allocations[id] ?? [],
                unallocated: try amount - Money.sum((allocations[id] ?? []).map(\.amount)), createdAt: try row.decode(7, as: Date.self),
                createdBy: try row.decode(8, as: String.self), reversedAt: try row.decode(9, as: Date?.self),
                reversalReason: try row.decode(10, as: String?.self))
        }
        let names = named ? try Parties.names(of: read.values.map(\.clientID), in: tx) : [:]
        return try ids.map { id throws(ERPError) in
            guard var payment = read[id] else { throw ERPError.notFound(entity: "payment", id: String(id.rawValue)) }
            if named { payment.clientName = names[payment.clientID] }
            return payment
        }
    }
}
