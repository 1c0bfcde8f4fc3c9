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
        // delivery first, so what stays open is the newest deliveries worth `open` = max(0,
        // delivered − credit): of the deliveries up to 30 days old (worth `d30`), min(d30, open) is
        // open, and so on for 60 and 90 days. One pass sums each client's deliveries by age —
        // no running total per document (docs/decisions.md, "Receivables").
        let rows = try tx.query("""
            WITH docs AS (
                SELECT client_id, sum(amount) FILTER (WHERE amount > 0) AS delivered, -sum(amount) FILTER (WHERE amount < 0) AS taken_back,
                       sum(amount) FILTER (WHERE amount > 0 AND age <= 30) AS d30, sum(amount) FILTER (WHERE amount > 0 AND age <= 60) AS d60,
                       sum(amount) FILTER (WHERE amount > 0 AND age <= 90) AS d90
                FROM (SELECT client_id, (\(day)::date - doc_date) AS age,
                             CASE WHEN type = 'credit_note' THEN -gross_minor ELSE gross_minor END AS amount
                      FROM closing_documents
                      WHERE status = 'issued' AND type IN ('upd', 'act', 'credit_note', 'ukd') AND doc_date <= \(day)::date
                        AND (\(client)::bigint IS NULL OR client_id = \(client))
                        AND (\(visible)::bigint[] IS NULL OR client_id = ANY(\(visible)))) d
                GROUP BY client_id),
            paid AS (
                SELECT client_id, sum(amount_minor) AS paid FROM payments
                WHERE status = 'posted' AND paid_on <= \(day)::date
                  AND (\(client)::bigint IS NULL OR client_id = \(client)) AND (\(visible)::bigint[] IS NULL OR client_id = ANY(\(visible)))
                GROUP BY client_id),
            balances AS (
                SELECT COALESCE(d.client_id, p.client_id) AS client_id, COALESCE(d.delivered, 0) AS delivered,
                       COALESCE(d.taken_back, 0) + COALESCE(p.paid, 0) AS credit,
                       COALESCE(d.d30, 0) AS d30, COALESCE(d.d60, 0) AS d60, COALESCE(d.d90, 0) AS d90
                FROM docs d FULL JOIN paid p ON p.client_id = d.client_id),
            open AS (SELECT *, greatest(0, delivered - credit) AS open FROM balances)
            SELECT client_id, (delivered - credit)::bigint, least(d30, open)::bigint, (least(d60, open) - least(d30, open))::bigint,
                   (least(d90, open) - least(d60, open))::bigint, (open - least(d90, open))::bigint
            FROM open
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
