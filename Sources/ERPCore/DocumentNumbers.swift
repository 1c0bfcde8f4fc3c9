// Gapless document numbers (docs/architecture.md, "Invariants": numbering). The
// counter row of a series and year is locked until the taking transaction ends, so numbers are
// handed out one transaction at a time: a rollback gives its number back, two commits never share
// one. Callers take the number as late as they can, to hold that lock briefly.

import Foundation
import Postgres

/// Gapless numbering per series and year (`RCP-2026-000123`).
package enum DocumentNumbers {
    /// Takes the next number of `series` for `year` inside `tx` (1 for the first of a year).
    /// - Throws: `PostgresError` (let it roll the transaction back; the number is returned).
    package static func next(series: String, year: Int, in tx: Transaction) throws(PostgresError) -> Int64 {
        try next(count: 1, series: series, year: year, in: tx).lowerBound
    }

    /// Takes the next `count` numbers (at least one) of `series` for `year` in one statement: a
    /// batch of documents numbered in the order they are written.
    /// - Throws: `PostgresError` (let it roll the transaction back; the numbers are returned).
    package static func next(count: Int, series: String, year: Int, in tx: Transaction) throws(PostgresError) -> ClosedRange<Int64> {
        let count = Int64(max(1, count))
        let last = try tx.query("""
            INSERT INTO document_counters (series, year, last_number) VALUES (\(series), \(Int64(year)), \(count))
            ON CONFLICT (series, year) DO UPDATE SET last_number = document_counters.last_number + EXCLUDED.last_number
            RETURNING last_number
            """).single().decode(0, as: Int64.self)
        return (last - count + 1)...last
    }

    /// The SQL expression that takes the next number of `series` for `year` and prints it as
    /// `format(prefix:year:sequence:)` does, inside the statement that writes the document (its
    /// `number` value; read it back with RETURNING): the same locked counter row as `next`, so as
    /// gapless, at no round trip of its own (migration 0035, `take_document_number`).
    package static func taking(prefix: String, series: String, year: Int) -> PostgresQuery {
        "take_document_number(\(prefix), \(series), \(Int32(clamping: year)))"
    }

    /// `taking(prefix:series:year:)` for the company's calendar year of `instant`, found in the same
    /// statement (`company_day`, as `CompanyCalendar.year` finds it): no round trip for the year
    /// either, so the number can be taken in the transaction's last statement (stock documents).
    package static func taking(prefix: String, series: String, at instant: Date) -> PostgresQuery {
        "take_document_number(\(prefix), \(series), EXTRACT(YEAR FROM company_day(\(instant)))::integer)"
    }

    /// The printed form: `prefix-YYYY-NNNNNN` (six digits at least; more once a year needs them).
    package static func format(prefix: String, year: Int, sequence: Int64) -> String {
        let digits = String(sequence), yearDigits = String(year)
        return prefix + "-" + String(repeating: "0", count: max(0, 4 - yearDigits.count)) + yearDigits
            + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
