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
    /// The offsets each UPD of a batch (a client and the UPD's gross) makes, in the order given:
    /// a client's later UPD takes what its earlier ones left. Locks the payments of the clients'
    /// advance invoices first (advance invoices are append-only, so their own rows cannot be
    /// locked); two statements whatever the batch.
    /// - Throws: `PostgresError`, `ValueError`, `ERPError` (stored content that does not decode).
    static func plan(_ upds: [(client: PartyID, gross: Money)], in tx: Transaction) throws -> [[AdvanceOffset]] {
        guard !upds.isEmpty else { return [] }
        let clients = Array(Set(upds.map(\.client.rawValue)))
        try tx.query("""
            SELECT p.id FROM payments p JOIN advance_invoices a ON a.payment_id = p.id WHERE a.client_id = ANY(\(clients)::bigint[])
            ORDER BY p.id FOR UPDATE OF p
            """)
        let rows = try tx.query("""
            SELECT a.id, a.amount_minor, a.vat_minor, a.content::text,
                   COALESCE(sum(o.amount_minor) FILTER (WHERE d.status = 'issued'), 0)::bigint,
                   COALESCE(sum(o.vat_minor) FILTER (WHERE d.status = 'issued'), 0)::bigint, a.client_id
            FROM advance_invoices a JOIN payments p ON p.id = a.payment_id AND p.status = 'posted'
            LEFT JOIN advance_offsets o ON o.advance_invoice_id = a.id LEFT JOIN closing_documents d ON d.id = o.document_id
            WHERE a.client_id = ANY(\(clients)::bigint[]) GROUP BY a.id ORDER BY a.id
            """)
        var open: [(client: PartyID, id: AdvanceInvoiceID, amount: Int64, vat: Int64, taken: Int64, vatTaken: Int64,
                    payment: DocumentReference)] = []
        for row in rows {
            let content = try ERPJSON.decode(AdvanceInvoiceContent.self, from: Array(try row.decode(3, as: String.self).utf8))
            open.append((try row.decode(6, as: PartyID.self), try row.decode(0, as: AdvanceInvoiceID.self), try row.decode(1, as: Int64.self),
                         try row.decode(2, as: Int64.self), try row.decode(4, as: Int64.self), try row.decode(5, as: Int64.self),
                         content.payment))
        }
        return upds.map { upd in
            var left = upd.gross.minorUnits
            var offsets: [AdvanceOffset] = []
            for index in open.indices where open[index].client == upd.client && left > 0 {
                let advance = open[index]
                let take = min(advance.amount - advance.taken, left)
                guard take > 0 else { continue }
                let share: Int64 = take == advance.amount - advance.taken ? advance.vat - advance.vatTaken
                    : Int64(DecimalText.divideRoundingHalfUp(Int128(advance.vat) * Int128(take), by: Int128(advance.amount)))
                offsets.append(AdvanceOffset(advanceID: advance.id, amount: Money(minorUnits: take), vat: Money(minorUnits: share),
                                             payment: advance.payment))
                open[index].taken += take
                open[index].vatTaken += share
                left -= take
            }
            return offsets
        }
    }

    /// Records each UPD's `offsets` against it (one statement).
    /// - Throws: `PostgresError`.
    static func record(_ upds: [(offsets: [AdvanceOffset], document: DocumentID)], in tx: Transaction) throws {
        let offsets = upds.flatMap { upd in upd.offsets.map { ($0, upd.document) } }
        guard !offsets.isEmpty else { return }
        try tx.query("""
            INSERT INTO advance_offsets (advance_invoice_id, document_id, amount_minor, vat_minor)
            SELECT o.a, o.d, o.m, o.v FROM unnest(\(offsets.map(\.0.advanceID.rawValue))::bigint[], \(offsets.map(\.1.rawValue))::bigint[],
                   \(offsets.map(\.0.amount.minorUnits))::bigint[], \(offsets.map(\.0.vat.minorUnits))::bigint[]) AS o(a, d, m, v)
            """)
    }
}
