// VAT by date: a product carries a VAT category; the percentage of each category comes from the
// dated `vat_rates` table (sql/0016), so a change of rate — 20 % → 22 % on 1 January 2026 — is a
// row, not code. A document line takes the rate in force on the date that matters for it (the
// shipment date for a UPD, the document date for an invoice or act, the order's date for an order).

import Postgres

/// What kind of VAT a product bears, independent of the year: `standard` is 20 % until 2025 and
/// 22 % from 2026.
///
/// JSON form: `"standard"`, `"reduced"`, `"zero"`, `"exempt"`, `"simplified_7"`, `"simplified_5"`.
package enum VATCategory: String, Codable, Sendable, CaseIterable {
    /// The standard rate (20 %, 22 % from 2026).
    case standard
    /// The reduced rate, 10 % (some food, children's goods, medicines).
    case reduced
    /// 0 % (exports).
    case zero
    /// Without VAT ("Без НДС").
    case exempt
    /// A simplified-tax payer's 7 %.
    case simplified7 = "simplified_7"
    /// A simplified-tax payer's 5 %.
    case simplified5 = "simplified_5"
}

extension VATRate {
    /// The category a rate belongs to: 20 % and 22 % are both `standard`. The SQL function
    /// `vat_category_of` is the same mapping (a test keeps them equal).
    package var category: VATCategory {
        switch basisPoints {
        case nil: .exempt
        case 0: .zero
        case 1000: .reduced
        case 700: .simplified7
        case 500: .simplified5
        default: .standard
        }
    }

    /// The rate a change asks for: `given`, unless it names this rate's own category (20 and 22
    /// are both the standard rate), which is no change — a catalog re-imported with "20" in 2026
    /// stays as it is.
    package func changed(to given: VATRate?) -> VATRate {
        guard let given, given.category != category else { return self }
        return given
    }

    /// The rates of these rates' categories in force on `day`, in the same order (one query).
    /// - Throws: `PostgresError`.
    package static func inForce(_ rates: [VATRate], on day: CalendarDate, in tx: Transaction) throws -> [VATRate] {
        guard !rates.isEmpty else { return [] }
        let rows = try tx.query("""
            SELECT vat_rate_in_force(r.bp::integer, \(day.description)::date)::bigint
            FROM unnest(\(rates.map(\.basisPoints))::bigint[]) WITH ORDINALITY AS r(bp, n) ORDER BY r.n
            """)
        return try rows.map { row in
            let stored = try row.decode(0, as: Int64?.self)
            do { return try VATRate(basisPoints: stored) } catch {
                throw PostgresError(.decoding, message: "vat_rates.rate_bp: \(error)")
            }
        }
    }

    /// The rate of this rate's category in force on `day`: `.percent20.inForce(on: 2026-01-01)` is 22 %.
    /// - Throws: `PostgresError`.
    package func inForce(on day: CalendarDate, in tx: Transaction) throws -> VATRate {
        try Self.inForce([self], on: day, in: tx)[0]
    }
}
