// Зачёт аванса: a UPD issued for a client with open advances offsets them, oldest first, up to
// its total; each offset carries its share of the advance's VAT (the last one the rest, so the
// shares add up to the advance invoice's VAT exactly). The UPD names the payments on its line (5).
// Offsets are append-only and count while their UPD is live: annulling the UPD frees the advance.

import ERPCore
import Parties
import Postgres

/// What one UPD takes of one advance.
struct AdvanceOffset: Sendable, Equatable {
    var advanceID: AdvanceInvoiceID
    var amount: Money
    var vat: Money
    var payment: DocumentReference
}

enum AdvanceOffsets {
    /// The offsets a UPD of `gross` for `client` makes. Locks the payments of the client's advance
    /// invoices first (advance invoices are append-only, so their own rows cannot be locked).
    /// - Throws: `PostgresError`, `ValueError`, `ERPError` (stored content that does not decode).
    static func plan(client: PartyID, gross: Money, in tx: Transaction) throws -> [AdvanceOffset] {
        try tx.query("""
            SELECT p.id FROM payments p JOIN advance_invoices a ON a.payment_id = p.id WHERE a.client_id = \(client)
            ORDER BY p.id FOR UPDATE OF p
            """)
        let rows = try tx.query("""
            SELECT a.id, a.amount_minor, a.vat_minor, a.content::text,
                   COALESCE(sum(o.amount_minor) FILTER (WHERE d.status = 'issued'), 0)::bigint,
                   COALESCE(sum(o.vat_minor) FILTER (WHERE d.status = 'issued'), 0)::bigint
            FROM advance_invoices a JOIN payments p ON p.id = a.payment_id AND p.status = 'posted'
            LEFT JOIN advance_offsets o ON o.advance_invoice_id = a.id LEFT JOIN closing_documents d ON d.id = o.document_id
            WHERE a.client_id = \(client) GROUP BY a.id ORDER BY a.id
            """)
        var left = gross.minorUnits
        var offsets: [AdvanceOffset] = []
        for row in rows where left > 0 {
            let amount = try row.decode(1, as: Int64.self), vat = try row.decode(2, as: Int64.self)
            let taken = try row.decode(4, as: Int64.self), vatTaken = try row.decode(5, as: Int64.self)
            let take = min(amount - taken, left)
            guard take > 0 else { continue }
            let share: Int64 = take == amount - taken ? vat - vatTaken
                : Int64(DecimalText.divideRoundingHalfUp(Int128(vat) * Int128(take), by: Int128(amount)))
            let content = try ERPJSON.decode(AdvanceInvoiceContent.self, from: Array(try row.decode(3, as: String.self).utf8))
            offsets.append(AdvanceOffset(advanceID: try row.decode(0, as: AdvanceInvoiceID.self), amount: Money(minorUnits: take),
                                         vat: Money(minorUnits: share), payment: content.payment))
            left -= take
        }
        return offsets
    }

    /// Records `offsets` against UPD `document`.
    /// - Throws: `PostgresError`.
    static func record(_ offsets: [AdvanceOffset], against document: DocumentID, in tx: Transaction) throws {
        guard !offsets.isEmpty else { return }
        try tx.query("""
            INSERT INTO advance_offsets (advance_invoice_id, document_id, amount_minor, vat_minor)
            SELECT o.a, \(document), o.m, o.v FROM unnest(\(offsets.map(\.advanceID.rawValue))::bigint[],
                   \(offsets.map(\.amount.minorUnits))::bigint[], \(offsets.map(\.vat.minorUnits))::bigint[]) AS o(a, m, v)
            """)
    }
}
