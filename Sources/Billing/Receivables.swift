// Who owes what. A client's balance is what was delivered — live UPDs and acts, and the increases
// of live УКДs — less what was taken back (live credit notes, УКД decreases) and what was paid
// (posted payments); invoices are requests for payment, not debt. Payments, credit notes and
// decreases settle the oldest debt first, and what is left is
// aged by the date of its document: 0–30, 31–60, 61–90 and over 90 days. Debt older than 30
// days is overdue. A negative balance is the client's credit (an advance).

import ERPCore
import Foundation
import Parties
import Postgres

/// One client's balance and its ageing.
package struct ClientBalance: Codable, Sendable, Equatable {
    package var clientID: PartyID
    package var name: String
    /// Delivered less returned less paid; negative: the client has credit with us.
    package var balance: Money
    package var days0To30: Money
    package var days31To60: Money
    package var days61To90: Money
    package var daysOver90: Money
    /// Debt older than 30 days.
    package var overdue: Money

    private enum CodingKeys: String, CodingKey {
        case clientID, name, balance, overdue
        case days0To30 = "days_0_30", days31To60 = "days_31_60", days61To90 = "days_61_90", daysOver90 = "days_over_90"
    }
}

/// `GET /api/v1/reports/receivables`.
package struct ReceivablesReport: Codable, Sendable, Equatable {
    package var asOf: CalendarDate
    package var items: [ClientBalance]
    package var totals: ReceivablesTotals
}

/// The column sums of a receivables report.
package struct ReceivablesTotals: Codable, Sendable, Equatable {
    package var clients: Int
    package var balance: Money
    package var days0To30: Money
    package var days31To60: Money
    package var days61To90: Money
    package var daysOver90: Money
    package var overdue: Money

    private enum CodingKeys: String, CodingKey {
        case clients, balance, overdue
        case days0To30 = "days_0_30", days31To60 = "days_31_60", days61To90 = "days_61_90", daysOver90 = "days_over_90"
    }
}

enum Receivables {
    /// The balances of every client `principal` sees with a non-zero balance (or `client` only),
    /// largest debt first, as of `asOf`.
    /// - Throws: `ERPError.forbidden`; `PostgresError`, `ValueError`.
    static func report(asOf: CalendarDate, client: PartyID?, by principal: Principal, in tx: Transaction) throws -> ReceivablesReport {
        try principal.require(.readPayments)
        let visible = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        let day = asOf.description
        // Payments, credit notes and decreasing УКДs (a УКД's total is signed) settle the oldest
        // delivery first: a document keeps what the client's credit does not cover of the running
        // total up to it (oldest first), so each client's buckets are summed here, one row per
        // client, however many documents there are.
        // Planned with this call's values every time: the generic plan a cached statement turns to
        // after five runs guesses one document per client and joins the credit to every document in a
        // loop (3 s instead of 0.2 s for the large demo's 19,000 documents; docs/decisions.md).
        try tx.query("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")
        let rows = try tx.query("""
            WITH docs AS (
                SELECT client_id, id, (\(day)::date - doc_date) AS age,
                       CASE WHEN type = 'credit_note' THEN -gross_minor ELSE gross_minor END AS amount
                FROM closing_documents
                WHERE status = 'issued' AND type IN ('upd', 'act', 'credit_note', 'ukd') AND doc_date <= \(day)::date
                  AND (\(client)::bigint IS NULL OR client_id = \(client)) AND (\(visible)::bigint[] IS NULL OR client_id = ANY(\(visible)))),
            credit AS (
                SELECT client_id, sum(paid) AS credit FROM (
                    SELECT client_id, sum(amount_minor) AS paid FROM payments
                    WHERE status = 'posted' AND paid_on <= \(day)::date
                      AND (\(client)::bigint IS NULL OR client_id = \(client)) AND (\(visible)::bigint[] IS NULL OR client_id = ANY(\(visible)))
                    GROUP BY client_id
                    UNION ALL
                    SELECT client_id, -sum(amount) FROM docs WHERE amount < 0 GROUP BY client_id) c
                GROUP BY client_id),
            owed AS (
                SELECT d.client_id, d.age, d.amount, COALESCE(c.credit, 0) AS credit,
                       sum(d.amount) OVER (PARTITION BY d.client_id ORDER BY d.age DESC, d.id ROWS UNBOUNDED PRECEDING) AS through
                FROM docs d LEFT JOIN credit c ON c.client_id = d.client_id WHERE d.amount > 0),
            left_over AS (
                SELECT client_id, age, amount, credit, greatest(0, least(amount, through - credit)) AS open FROM owed)
            SELECT COALESCE(l.client_id, c.client_id),
                   (COALESCE(sum(l.amount), 0) - COALESCE(max(c.credit), 0))::bigint,
                   COALESCE(sum(l.open) FILTER (WHERE l.age <= 30), 0)::bigint,
                   COALESCE(sum(l.open) FILTER (WHERE l.age > 30 AND l.age <= 60), 0)::bigint,
                   COALESCE(sum(l.open) FILTER (WHERE l.age > 60 AND l.age <= 90), 0)::bigint,
                   COALESCE(sum(l.open) FILTER (WHERE l.age > 90), 0)::bigint
            FROM left_over l FULL JOIN credit c ON c.client_id = l.client_id
            GROUP BY 1
            """)
        var balances: [(id: PartyID, figures: [Int64])] = []
        for row in rows {
            balances.append((try row.decode(0, as: PartyID.self), try (1...5).map { (index) throws(PostgresError) in try row.decode(index, as: Int64.self) }))
        }
        let owing = balances.filter { $0.figures[0] != 0 }
        let names = try Parties.names(of: owing.map(\.id), in: tx)
        var items = try owing.map { id, figures in
            let buckets = figures[1...].map { Money(minorUnits: $0) }
            return ClientBalance(clientID: id, name: names[id] ?? "", balance: Money(minorUnits: figures[0]),
                                 days0To30: buckets[0], days31To60: buckets[1], days61To90: buckets[2], daysOver90: buckets[3],
                                 overdue: try Money.sum(buckets[1...]))
        }
        items.sort { ($0.balance.minorUnits, $1.name) > ($1.balance.minorUnits, $0.name) }
        return ReceivablesReport(asOf: asOf, items: items, totals: try total(items))
    }

    private static func total(_ items: [ClientBalance]) throws -> ReceivablesTotals {
        ReceivablesTotals(clients: items.count, balance: try Money.sum(items.map(\.balance)),
                          days0To30: try Money.sum(items.map(\.days0To30)), days31To60: try Money.sum(items.map(\.days31To60)),
                          days61To90: try Money.sum(items.map(\.days61To90)), daysOver90: try Money.sum(items.map(\.daysOver90)),
                          overdue: try Money.sum(items.map(\.overdue)))
    }
}

extension ReceivablesReport {
    /// The report in the shape every report has (what `?format=csv` and `erp report receivables
    /// --format csv` give), with a total row. Its file is handed out only through
    /// `BillingService.csv(of:by:on:)`, which audits the export.
    package var table: Report {
        let rows = items.map { item -> [ReportCell] in
            [.integer(item.clientID.rawValue), .text(item.name), .money(item.balance), .money(item.days0To30), .money(item.days31To60),
             .money(item.days61To90), .money(item.daysOver90), .money(item.overdue)]
        }
        return Report(name: "receivables", parameters: ["as_of": asOf.description],
                      columns: ["client_id", "client", "balance", "days_0_30", "days_31_60", "days_61_90", "days_over_90", "overdue"],
                      rows: rows,
                      totals: [.text(""), .text("total"), .money(totals.balance), .money(totals.days0To30), .money(totals.days31To60),
                               .money(totals.days61To90), .money(totals.daysOver90), .money(totals.overdue)])
    }
}

/// `{"reason"}`: why a document is annulled or a payment reversed.
package struct ReasonRequest: Codable, Sendable, Equatable {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }
}
