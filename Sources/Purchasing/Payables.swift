// What we owe suppliers — the mirror of receivables: every bill less the posted payments allocated
// to it, the open part aged by the bill's date (0–30, 31–60, 61–90, over 90 days; older than 30
// days is overdue). An advance not allocated to a bill does not lower what the bills say we owe.

import ERPCore
import Foundation
import Parties
import Postgres

/// One supplier's open bills and their ageing.
package struct SupplierBalance: Codable, Sendable, Equatable {
    package var supplierID: PartyID
    package var name: String
    /// Bills less allocated posted payments.
    package var owed: Money
    package var days0To30: Money
    package var days31To60: Money
    package var days61To90: Money
    package var daysOver90: Money
    package var overdue: Money

    private enum CodingKeys: String, CodingKey {
        case supplierID, name, owed, overdue
        case days0To30 = "days_0_30", days31To60 = "days_31_60", days61To90 = "days_61_90", daysOver90 = "days_over_90"
    }
}

/// `GET /api/v1/reports/payables`.
package struct PayablesReport: Codable, Sendable, Equatable {
    package var asOf: CalendarDate
    package var items: [SupplierBalance]
    /// What all suppliers are owed.
    package var total: Money

    /// The report as CSV, one row per supplier and a total row.
    package var csv: String {
        let header = ["supplier_id", "supplier", "owed", "days_0_30", "days_31_60", "days_61_90", "days_over_90", "overdue"]
        let rows = items.map { item in
            [String(item.supplierID.rawValue), item.name, item.owed.description, item.days0To30.description, item.days31To60.description,
             item.days61To90.description, item.daysOver90.description, item.overdue.description]
        }
        return CSVDocument.write([header] + rows + [["", "total", total.description, "", "", "", "", ""]])
    }
}

enum Payables {
    /// Every supplier with open bills (or `supplier` only), largest debt first, as of `asOf`.
    /// - Throws: `ERPError.forbidden`; `PostgresError`, `ValueError`.
    static func report(asOf: CalendarDate, supplier: PartyID?, by principal: Principal, in tx: Transaction) throws -> PayablesReport {
        try principal.require(.readPayables)
        // The bills' payments summed once for all bills (a join), not by a subquery per bill.
        let rows = try tx.query("""
            SELECT b.supplier_id, (\(asOf.description)::date - b.bill_date)::bigint, (b.amount_minor - COALESCE(paid.amount, 0))::bigint
            FROM supplier_bills b LEFT JOIN (
                SELECT a.bill_id, sum(a.amount_minor) AS amount FROM supplier_payment_allocations a
                JOIN supplier_payments p ON p.id = a.payment_id AND p.status = 'posted' GROUP BY a.bill_id) paid ON paid.bill_id = b.id
            WHERE b.bill_date <= \(asOf.description)::date AND (\(supplier)::bigint IS NULL OR b.supplier_id = \(supplier))
            """)
        var balances: [PartyID: SupplierBalance] = [:]
        for row in rows {
            let id = try row.decode(0, as: PartyID.self)
            let age = try row.decode(1, as: Int64.self)
            let open = Money(minorUnits: try row.decode(2, as: Int64.self))
            guard !open.isZero else { continue }
            var balance = balances[id] ?? SupplierBalance(supplierID: id, name: "", owed: .zero(), days0To30: .zero(), days31To60: .zero(),
                                                          days61To90: .zero(), daysOver90: .zero(), overdue: .zero())
            balance.owed = try balance.owed + open
            switch age {
            case ...30: balance.days0To30 = try balance.days0To30 + open
            case 31...60: balance.days31To60 = try balance.days31To60 + open
            case 61...90: balance.days61To90 = try balance.days61To90 + open
            default: balance.daysOver90 = try balance.daysOver90 + open
            }
            if age > 30 { balance.overdue = try balance.overdue + open }
            balances[id] = balance
        }
        var items: [SupplierBalance] = []
        for var balance in balances.values {
            balance.name = try Parties.get(balance.supplierID, by: principal, in: tx).name
            items.append(balance)
        }
        items.sort { ($0.owed.minorUnits, $1.supplierID.rawValue) > ($1.owed.minorUnits, $0.supplierID.rawValue) }
        return PayablesReport(asOf: asOf, items: items, total: try Money.sum(items.map(\.owed)))
    }
}
