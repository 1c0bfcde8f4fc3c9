// Issuing a УКД: the lines of one UPD as they stand after its earlier live corrections, changed by
// a return (a decrease of quantity) or by a price/quantity correction of shipped lines that moves
// no stock (an increase or a decrease). A УКД keeps the corrected UPD's VAT rates, VAT status and
// price basis; what the client owes changes by its signed total (InvoiceBalances, Receivables).
//
// Races: every УКД of an order is issued holding the order's row lock and then the UPD's, so two
// corrections of one UPD queue up and the second reads the first's result as its "before";
// annulling a УКД locks its UPD too, and only the newest live УКД of a UPD may be annulled.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// `POST /api/v1/documents/{id}/corrections`: new quantities or prices for lines of a UPD.
///
/// JSON: `{"date": "2026-12-07", "lines": [{"position": 1, "qty": "2", "price": "990.00"}]}`; a
/// line names the UPD's line by its number and gives the new quantity, price or both.
package struct CorrectionRequest: Codable, Sendable, Equatable {
    /// The УКД's date (default: today); not before the corrected UPD.
    package var date: CalendarDate?
    /// The corrected lines, each at most once.
    package var lines: [CorrectedLine]

    package init(date: CalendarDate? = nil, lines: [CorrectedLine]) {
        self.date = date
        self.lines = lines
    }
}

/// One line of a `CorrectionRequest`.
package struct CorrectedLine: Codable, Sendable, Equatable {
    /// The line's number in the corrected UPD.
    package var position: Int
    /// The new quantity (default: unchanged).
    package var qty: Quantity?
    /// The new unit price, as the UPD's prices are (with or without VAT; default: unchanged).
    package var price: Money?

    package init(position: Int, qty: Quantity? = nil, price: Money? = nil) {
        self.position = position
        self.qty = qty
        self.price = price
    }
}

enum Corrections {
    /// Corrects lines of UPD `id` without moving stock.
    /// - Throws: `ERPError.forbidden` (managers, storekeepers), `.notFound`, `.invalidState` (not a
    ///   live UPD), `.validationFailed` (positions, quantities, prices, a line that changes nothing,
    ///   the date); `PostgresError`.
    static func correct(_ request: CorrectionRequest, of id: DocumentID, by principal: Principal, at now: Date,
                        in tx: Transaction) throws -> IssuedDocument {
        try principal.require(.issueDocuments)
        guard principal.role != .manager else { throw ERPError.forbidden(action: "issue documents other than invoices") }
        let seen = try Documents.get(id, by: principal, in: tx)
        let order = try Orders.get(seen.orderID, by: principal, lock: true, in: tx)
        let upd = try Documents.fetch(id, lock: true, in: tx)
        guard upd.type == .upd, upd.status == .issued else {
            throw ERPError.invalidState(entity: "document \(upd.number)", current: "\(upd.type.rawValue) \(upd.status.rawValue)",
                                        action: "correct (only a live UPD is corrected)")
        }
        var problems = FieldErrors()
        let today = try CompanyCalendar.day(of: now, in: tx)
        if let date = request.date {
            CalendarDate.checkEntered(date, field: "date", today: today, problems: &problems)
            if date < upd.date { problems.add("date", "must not be before the corrected UPD's date \(upd.date)") }
        }
        if request.lines.isEmpty { problems.add("lines", "name at least one line to correct") }
        let current = try currentLines(of: upd, in: tx)
        var corrections: [CorrectionLine] = []
        for (index, wanted) in request.lines.enumerated() {
            let path = "lines[\(index)]"
            guard let before = current.first(where: { $0.position == wanted.position }) else {
                problems.add(path + ".position", "the UPD has lines 1–\(current.count)")
                continue
            }
            if request.lines[..<index].contains(where: { $0.position == wanted.position }) {
                problems.add(path + ".position", "line \(wanted.position) is named twice")
            }
            if wanted.qty?.isNegative == true { problems.add(path + ".qty", "must not be negative") }
            if wanted.price?.isNegative == true || wanted.price.map({ $0.currency != before.price.currency }) == true {
                problems.add(path + ".price", "must be a non-negative amount in \(before.price.currency.code)")
            }
            do {
                let after = try before.corrected(position: index + 1, qty: wanted.qty ?? before.qty, price: wanted.price ?? before.price,
                                                 pricesIncludeVAT: upd.content.pricesIncludeVAT)
                let line = try CorrectionLine(before: before, after: after)
                if line.isUnchanged { problems.add(path, "changes nothing: give a new qty or price") }
                corrections.append(line)
            } catch {
                problems.add(path, error.description)
            }
        }
        try problems.throwIfAny()
        return try issue(corrections, of: upd, for: order, dated: request.date ?? today, by: principal, at: now, in: tx)
    }

    /// A УКД decreasing the quantities of `returned` goods (SKU and quantity, in order-line order)
    /// on the newest live UPD of `order` that still holds all of them, and that UPD. The caller
    /// holds the order's row lock.
    /// - Throws: `ERPError.invalidState` when no live UPD holds every returned quantity (a return
    ///   spanning two UPDs is documented per return, one UPD each); `PostgresError`.
    static func decrease(_ returned: [(sku: String, qty: Quantity)], of order: SalesOrder,
                         in tx: Transaction) throws -> (IssuedDocument, [CorrectionLine]) {
        let upds = try tx.query("""
            SELECT id FROM closing_documents WHERE order_id = \(order.id) AND type = 'upd' AND status = 'issued' ORDER BY id DESC
            """).map { (row) throws(PostgresError) in try row.decode(0, as: DocumentID.self) }
        for id in upds {
            let upd = try Documents.fetch(id, lock: true, in: tx)
            let current = try currentLines(of: upd, in: tx)
            let pairs = returned.compactMap { item in current.first { $0.sku == item.sku && $0.qty >= item.qty }.map { ($0, item.qty) } }
            guard pairs.count == returned.count else { continue }
            let corrections = try pairs.enumerated().map { index, pair in
                let (before, qty) = pair
                return try CorrectionLine(before: before, after: try before.corrected(
                    position: index + 1, qty: try before.qty - qty, price: before.price, pricesIncludeVAT: upd.content.pricesIncludeVAT))
            }
            return (upd, corrections)
        }
        throw ERPError.invalidState(entity: "order \(order.number)", current: order.status.rawValue,
                                    action: "issue ukd: no live UPD holds the returned goods (issue the UPD first)")
    }

    /// The lines of `upd` as its live УКДs have left them, in the UPD's line order: each line is
    /// the "after" of the newest live УКД that corrected it (renumbered as in the UPD), else as issued.
    /// - Throws: `PostgresError`; `ERPError` for stored content that no longer decodes (a bug).
    static func currentLines(of upd: IssuedDocument, in tx: Transaction) throws -> [DocumentLine] {
        var lines = upd.content.lines
        let stored = try tx.query("""
            SELECT content->'corrections' FROM closing_documents WHERE corrects_id = \(upd.id) AND status = 'issued' ORDER BY id
            """)
        for row in stored {
            let corrections = try ERPJSON.decode([CorrectionLine].self, from: Array(try row.decode(0, as: String.self).utf8))
            for line in corrections {
                guard let index = lines.firstIndex(where: { $0.position == line.before.position }) else { continue }
                lines[index] = try line.after.corrected(position: line.before.position, qty: line.after.qty, price: line.after.price,
                                                        pricesIncludeVAT: upd.content.pricesIncludeVAT)
            }
        }
        return lines
    }

    /// Issues the УКД of `corrections` to `upd`: the seller and buyer as they are now, the UPD's VAT
    /// status and price basis, its own gapless number.
    private static func issue(_ corrections: [CorrectionLine], of upd: IssuedDocument, for order: SalesOrder, dated date: CalendarDate,
                              by principal: Principal, at now: Date, in tx: Transaction) throws -> IssuedDocument {
        let company = try CompanySettings.current(in: tx)
        let client = try Parties.get(order.clientID, by: principal, in: tx)
        let content = try ClosingDocument(
            type: .correction, number: try DocumentIssuing.number(of: .correction, on: date, in: tx), date: date,
            seller: DocumentIssuing.seller(company), buyer: DocumentIssuing.buyer(client), vatPayer: upd.content.vatPayer,
            pricesIncludeVAT: upd.content.pricesIncludeVAT, lines: corrections.map(\.after), basis: "Заказ \(order.number)",
            correctedDocument: DocumentReference(number: upd.number, date: upd.date), corrections: corrections)
        return try DocumentIssuing.store(content, of: order, correcting: upd.id, by: principal, at: now, in: tx)
    }
}
