// What each kind of closing document covers of an order:
// - invoice: every line of a confirmed (or shipped) order, for payment;
// - UPD: the goods actually shipped — one shipment, or every shipment not yet on a live UPD;
// - act: the service lines, once the order is confirmed;
// - УКД: returned goods — one return, or every return not yet on a live document — as a decrease
//   of the newest live UPD of the order that holds them (Corrections); credit notes are no longer
//   issued.
// Quantities come from the shipments and returns; prices and discounts from the order lines, so
// every document of an order prices a unit the same way. The VAT rate is that of the line's
// category in force on the date that matters: the document date for an invoice or act, the (last)
// shipment's company day for a UPD; a УКД keeps the rate of the UPD line it corrects — so goods ordered in December 2025 and shipped in January 2026
// go out at 22 %. A UPD's goods carry their country of origin and customs declaration (columns
// 10–11) from the latest receipt of the product at the order's warehouse up to the last shipment.

import Catalog
import ERPCore
import Foundation
import Postgres
import Sales
import Warehouse

/// The lines of a document to issue and what it documents.
struct DocumentContents {
    var lines: [DocumentLine]
    var shipments: [ShipmentID] = []
    /// Who made each shipment (same order as `shipments`).
    var shippedBy: [String] = []
    var returns: [SalesReturnID] = []
    /// A УКД's corrected lines and the UPD they correct.
    var corrections: [CorrectionLine]?
    var corrected: IssuedDocument?

    /// The corrected UPD's number and date.
    var corrects: DocumentReference? { corrected.map { DocumentReference(number: $0.number, date: $0.date) } }

    /// The contents of each document of a batch (one for a single issue), the reads shared: the
    /// UPDs' shipments, what live documents hold of them, their company days, the goods' origins
    /// and the VAT rates each take one statement for the whole batch (rates: one per distinct day).
    /// `names[i]` names item i in errors (empty for a single issue).
    /// - Throws: `ERPError.invalidState` when there is nothing to document; `.notFound` for a
    ///   shipment or return of another order; `PostgresError`.
    static func choose(_ batch: [DocumentIssue], dated dates: [CalendarDate], orders: [SalesOrder], company: CompanySettings,
                       names: [String], in tx: Transaction) throws -> [DocumentContents] {
        let updOrders = batch.indices.filter { batch[$0].request.type == .upd }.map { orders[$0].id }
        let documented = updOrders.isEmpty ? [:] : try documentedSources("shipment_id", orders: updOrders, in: tx)
        let shipmentsOf = updOrders.isEmpty ? [:] : try Shipments.list(of: updOrders, in: tx)
        var drafts: [Draft] = []
        for (index, item) in batch.enumerated() {
            let order = orders[index]
            func refuse(_ why: String) -> ERPError {
                .invalidState(entity: names[index] + "order \(order.number)", current: order.status.rawValue,
                              action: "issue \(item.request.type.rawValue): \(why)")
            }
            switch item.request.type {
            case .invoice:
                guard [.confirmed, .partiallyShipped, .shipped].contains(order.status) else { throw refuse("confirm the order first") }
                drafts.append(Draft(items: order.lines.map { ($0, $0.qty) }, taxedOn: .day(dates[index])))
            case .act:
                guard [.confirmed, .partiallyShipped, .shipped].contains(order.status) else { throw refuse("confirm the order first") }
                let services = order.lines.filter { $0.kind == .service }
                guard !services.isEmpty else { throw refuse("the order has no service lines") }
                drafts.append(Draft(items: services.map { ($0, $0.qty) }, taxedOn: .day(dates[index])))
            case .upd:
                let all = shipmentsOf[order.id] ?? []
                var shipments = all.filter { !(documented[order.id]?.contains($0.id.rawValue) ?? false) && !$0.lines.isEmpty }
                if let wanted = item.request.shipmentID {
                    guard all.contains(where: { $0.id == wanted }) else { throw ERPError.notFound(entity: "shipment", id: String(wanted.rawValue)) }
                    shipments = shipments.filter { $0.id == wanted }
                }
                guard !shipments.isEmpty else { throw refuse("no shipment is left undocumented") }
                let quantities = try summed(shipments.flatMap { $0.lines.map { ($0.productID, $0.qty) } })
                let lastShipped = shipments.map(\.shippedAt).max() ?? order.createdAt
                drafts.append(Draft(items: try onOrder(quantities, order), taxedOn: .instant(lastShipped),
                                    contents: DocumentContents(lines: [], shipments: shipments.map(\.id), shippedBy: shipments.map(\.shippedBy))))
            case .creditNote:
                throw ERPError.validationFailed(fields: [names[index] + "type": "credit notes are no longer issued: a return is corrected by a ukd"])
            case .correction:
                drafts.append(Draft(items: [], taxedOn: nil, contents: try correction(item.request, order: order, refuse: refuse, in: tx)))
            }
        }
        return try priced(drafts, orders: orders, company: company, in: tx)
    }

    /// A document's lines before pricing: order lines with quantities, taxed on a day or on the
    /// company day of an instant (nil: the contents are complete, a УКД).
    private struct Draft {
        enum TaxDay { case day(CalendarDate), instant(Date) }
        var items: [(OrderLine, Quantity)]
        var taxedOn: TaxDay?
        var contents = DocumentContents(lines: [])
    }

    /// The drafts' lines priced: the instants' company days, the UPD goods' origins and the
    /// rates in force read for all drafts at once.
    private static func priced(_ drafts: [Draft], orders: [SalesOrder], company: CompanySettings,
                               in tx: Transaction) throws -> [DocumentContents] {
        var instants: [Date] = []
        for draft in drafts { if case .instant(let instant) = draft.taxedOn, !instants.contains(instant) { instants.append(instant) } }
        let companyDays = Dictionary(zip(instants, try CompanyCalendar.days(of: instants, in: tx)), uniquingKeysWith: { first, _ in first })
        let days: [CalendarDate?] = drafts.map { draft in
            switch draft.taxedOn {
            case .day(let day): day
            case .instant(let instant): companyDays[instant]
            case nil: nil
            }
        }
        let originQueries = drafts.indices.flatMap { index -> [OriginQuery] in
            guard case .instant(let instant) = drafts[index].taxedOn else { return [] }
            return drafts[index].items.map { OriginQuery(productID: $0.0.productID, warehouseID: orders[index].warehouseID, asOf: instant) }
        }
        let origins = try ReceiptHistory.origins(originQueries, in: tx)
        var wanted: [CalendarDate: Set<VATRate>] = [:]
        for index in drafts.indices { if let day = days[index] { wanted[day, default: []].formUnion(drafts[index].items.map(\.0.vatRate)) } }
        var rates: [CalendarDate: [VATRate: VATRate]] = [:]
        for (day, set) in wanted.sorted(by: { $0.key < $1.key }) {
            let asked = Array(set)
            rates[day] = Dictionary(zip(asked, try VATRate.inForce(asked, on: day, in: tx)), uniquingKeysWith: { first, _ in first })
        }
        return try drafts.indices.map { index in
            var contents = drafts[index].contents
            guard let day = days[index], let ratesOnDay = rates[day] else { return contents }
            let instant: Date? = if case .instant(let instant) = drafts[index].taxedOn { instant } else { nil }
            contents.lines = try lines(drafts[index].items, orders[index], company, rates: ratesOnDay) { product in
                instant.flatMap { origins[OriginQuery(productID: product, warehouseID: orders[index].warehouseID, asOf: $0)] }
            }
            return contents
        }
    }

    /// A УКД's contents: the order's returns not yet documented (or the one asked for) as a
    /// decrease of the UPD that holds them.
    private static func correction(_ request: IssueRequest, order: SalesOrder, refuse: (String) -> ERPError,
                                   in tx: Transaction) throws -> DocumentContents {
        let documented = try documentedSources("return_id", orders: [order.id], in: tx)[order.id] ?? []
        let all = try SalesReturns.list(of: order.id, in: tx)
        var returns = all.filter { !documented.contains($0.id.rawValue) }
        if let wanted = request.returnID {
            guard all.contains(where: { $0.id == wanted }) else { throw ERPError.notFound(entity: "return", id: String(wanted.rawValue)) }
            returns = returns.filter { $0.id == wanted }
        }
        guard !returns.isEmpty else { throw refuse("no return is left undocumented") }
        let quantities = try summed(returns.flatMap { $0.lines.map { ($0.productID, $0.qty) } })
        let returned = try onOrder(quantities, order).map { ($0.0.sku, $0.1) }
        let (upd, corrections) = try Corrections.decrease(returned, of: order, in: tx)
        return DocumentContents(lines: corrections.map(\.after), returns: returns.map(\.id), corrections: corrections, corrected: upd)
    }

    /// Document lines for order lines at the given quantities and VAT rates, numbered from 1, with
    /// the goods' origins where known.
    private static func lines(_ items: [(OrderLine, Quantity)], _ order: SalesOrder, _ company: CompanySettings,
                              rates: [VATRate: VATRate], origin: (ProductID) -> GoodsOrigin?) throws -> [DocumentLine] {
        try items.enumerated().map { index, item in
            let (line, qty) = item
            let unit = DocumentUnit.standard(code: line.unit) ?? DocumentUnit(code: line.unit, name: line.unit, okeiCode: nil)
            let origin = origin(line.productID)
            return try DocumentLine(position: index + 1, productName: line.name, sku: line.sku, unit: unit, qty: qty,
                                    price: line.price, discountPct: line.discountPct,
                                    vatRate: company.vatPayer ? rates[line.vatRate] ?? line.vatRate : .withoutVAT, pricesIncludeVAT: order.pricesIncludeVAT,
                                    countryCode: origin?.countryCode, countryName: origin?.countryName,
                                    customsDeclaration: origin?.customsDeclaration)
        }
    }

    /// Quantities per product, in the order of first appearance.
    private static func summed(_ items: [(ProductID, Quantity)]) throws -> [(ProductID, Quantity)] {
        var order: [ProductID] = []
        var totals: [ProductID: Quantity] = [:]
        for (product, qty) in items {
            if totals[product] == nil { order.append(product) }
            totals[product] = try (totals[product] ?? .zero) + qty
        }
        return order.map { ($0, totals[$0] ?? .zero) }
    }

    /// Pairs quantities with their order lines, in the order's line order.
    private static func onOrder(_ quantities: [(ProductID, Quantity)], _ order: SalesOrder) throws -> [(OrderLine, Quantity)] {
        let wanted = Dictionary(quantities, uniquingKeysWith: { first, _ in first })
        return order.lines.compactMap { line in wanted[line.productID].map { (line, $0) } }
    }

    /// The ids of each order's shipments (or returns) already on a live document.
    private static func documentedSources(_ column: StaticString, orders: [SalesOrderID],
                                          in tx: Transaction) throws -> [SalesOrderID: Set<Int64>] {
        let query: PostgresQuery = "SELECT d.order_id, s." + PostgresQuery(stringLiteral: column) + """
             FROM closing_document_sources s JOIN closing_documents d ON d.id = s.document_id
            WHERE d.order_id = ANY(\(orders.map(\.rawValue))::bigint[]) AND s.live
            """
        var sources: [SalesOrderID: Set<Int64>] = [:]
        for row in try tx.query(query) {
            guard let id = try row.decode(1, as: Int64?.self) else { continue }
            sources[try row.decode(0, as: SalesOrderID.self), default: []].insert(id)
        }
        return sources
    }
}
