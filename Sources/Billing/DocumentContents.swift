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

    /// - Throws: `ERPError.invalidState` when there is nothing to document; `.notFound` for a
    ///   shipment or return of another order; `PostgresError`.
    static func choose(_ request: IssueRequest, dated date: CalendarDate, order: SalesOrder, company: CompanySettings,
                       in tx: Transaction) throws -> DocumentContents {
        func lines(_ items: [(OrderLine, Quantity)], taxedOn day: CalendarDate, origins: [ProductID: GoodsOrigin] = [:]) throws -> [DocumentLine] {
            try Self.lines(items, order, company, rates: try VATRate.inForce(items.map(\.0.vatRate), on: day, in: tx), origins: origins)
        }
        func refuse(_ why: String) -> ERPError {
            .invalidState(entity: "order \(order.number)", current: order.status.rawValue, action: "issue \(request.type.rawValue): \(why)")
        }
        switch request.type {
        case .invoice:
            guard [.confirmed, .partiallyShipped, .shipped].contains(order.status) else { throw refuse("confirm the order first") }
            return DocumentContents(lines: try lines(order.lines.map { ($0, $0.qty) }, taxedOn: date))
        case .act:
            guard [.confirmed, .partiallyShipped, .shipped].contains(order.status) else { throw refuse("confirm the order first") }
            let services = order.lines.filter { $0.kind == .service }
            guard !services.isEmpty else { throw refuse("the order has no service lines") }
            return DocumentContents(lines: try lines(services.map { ($0, $0.qty) }, taxedOn: date))
        case .upd:
            let documented = try documentedSources("shipment_id", order: order, in: tx)
            var shipments = try Shipments.list(of: order.id, in: tx).filter { !documented.contains($0.id.rawValue) && !$0.lines.isEmpty }
            if let wanted = request.shipmentID {
                guard try Shipments.list(of: order.id, in: tx).contains(where: { $0.id == wanted }) else {
                    throw ERPError.notFound(entity: "shipment", id: String(wanted.rawValue))
                }
                shipments = shipments.filter { $0.id == wanted }
            }
            guard !shipments.isEmpty else { throw refuse("no shipment is left undocumented") }
            let quantities = try summed(shipments.flatMap { $0.lines.map { ($0.productID, $0.qty) } })
            let lastShipped = shipments.map(\.shippedAt).max() ?? order.createdAt
            let shippedOn = try CompanyCalendar.day(of: lastShipped, in: tx)
            let origins = try ReceiptHistory.origins(of: quantities.map(\.0), at: order.warehouseID, asOf: lastShipped, in: tx)
            return DocumentContents(lines: try lines(try onOrder(quantities, order), taxedOn: shippedOn, origins: origins),
                                    shipments: shipments.map(\.id), shippedBy: shipments.map(\.shippedBy))
        case .creditNote:
            throw ERPError.validationFailed(fields: ["type": "credit notes are no longer issued: a return is corrected by a ukd"])
        case .correction:
            let documented = try documentedSources("return_id", order: order, in: tx)
            var returns = try SalesReturns.list(of: order.id, in: tx).filter { !documented.contains($0.id.rawValue) }
            if let wanted = request.returnID {
                guard try SalesReturns.list(of: order.id, in: tx).contains(where: { $0.id == wanted }) else {
                    throw ERPError.notFound(entity: "return", id: String(wanted.rawValue))
                }
                returns = returns.filter { $0.id == wanted }
            }
            guard !returns.isEmpty else { throw refuse("no return is left undocumented") }
            let quantities = try summed(returns.flatMap { $0.lines.map { ($0.productID, $0.qty) } })
            let returned = try onOrder(quantities, order).map { ($0.0.sku, $0.1) }
            let (upd, corrections) = try Corrections.decrease(returned, of: order, in: tx)
            return DocumentContents(lines: corrections.map(\.after), returns: returns.map(\.id), corrections: corrections, corrected: upd)
        }
    }

    /// Document lines for order lines at the given quantities and VAT rates, numbered from 1, with
    /// the goods' origins where known.
    private static func lines(_ items: [(OrderLine, Quantity)], _ order: SalesOrder, _ company: CompanySettings,
                              rates: [VATRate], origins: [ProductID: GoodsOrigin]) throws -> [DocumentLine] {
        try items.enumerated().map { index, item in
            let (line, qty) = item
            let unit = DocumentUnit.standard(code: line.unit) ?? DocumentUnit(code: line.unit, name: line.unit, okeiCode: nil)
            let origin = origins[line.productID]
            return try DocumentLine(position: index + 1, productName: line.name, sku: line.sku, unit: unit, qty: qty,
                                    price: line.price, discountPct: line.discountPct,
                                    vatRate: company.vatPayer ? rates[index] : .withoutVAT, pricesIncludeVAT: order.pricesIncludeVAT,
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

    /// The ids of the order's shipments (or returns) already on a live document.
    private static func documentedSources(_ column: StaticString, order: SalesOrder, in tx: Transaction) throws -> Set<Int64> {
        let query: PostgresQuery = "SELECT s." + PostgresQuery(stringLiteral: column) + """
             FROM closing_document_sources s JOIN closing_documents d ON d.id = s.document_id
            WHERE d.order_id = \(order.id) AND s.live
            """
        return Set(try tx.query(query).compactMap { (row) throws(PostgresError) in try row.decode(0, as: Int64?.self) })
    }
}
