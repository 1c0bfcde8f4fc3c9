// The GUID each exported object carries, kept in `exchange_guids` so it never changes: the UPD's
// file id (exporting a document twice gives the same file), and 1C's `Ссылка` of counterparties,
// items, sales, purchases and returns (loading the next period updates the objects instead of
// duplicating them).

import ERPCore
import Postgres

/// What a GUID names.
enum GUIDKind: String, Sendable {
    case updFile = "upd_file"
    case party
    case product
    case sale
    case purchase
    case vatInvoice = "vat_invoice"
}

enum ExchangeGUIDs {
    /// The GUID of `kind` `objectID`, made (random, by PostgreSQL) the first time it is asked for.
    /// Concurrent first requests agree: the insert that loses the race reads the winner's row.
    /// - Throws: `PostgresError`.
    static func guid(_ kind: GUIDKind, _ objectID: Int64, in tx: Transaction) throws -> String {
        try tx.query("""
            INSERT INTO exchange_guids (kind, object_id) VALUES (\(kind.rawValue), \(objectID))
            ON CONFLICT (kind, object_id) DO NOTHING
            """)
        guard let row = try tx.query("""
            SELECT guid::text FROM exchange_guids WHERE kind = \(kind.rawValue) AND object_id = \(objectID)
            """).firstRow else {
            throw PostgresError(.decoding, message: "exchange_guids: no row after insert")
        }
        return try row.decode(0, as: String.self)
    }

    /// The GUID of the return `returnID` that reverses a `kind` (a return from a client: a sale,
    /// keyed by its credit note's id; a return to a supplier: a purchase, keyed by its own id). It is
    /// kept under the kind it reverses with the id negated: ids are positive, so the keys never meet
    /// a document's own.
    /// - Throws: `PostgresError`.
    static func returnGUID(reversing kind: GUIDKind, _ returnID: Int64, in tx: Transaction) throws -> String {
        try guid(kind, -returnID, in: tx)
    }
}
