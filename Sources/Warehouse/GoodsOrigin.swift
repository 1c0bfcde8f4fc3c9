// Where imported goods come from, as a receipt line records it and a UPD prints it (columns 10,
// 10а, 11): the country of origin and the customs declaration (ДТ) or the batch's РНПТ. Both are
// optional — domestic goods have neither. A shipped line takes them from the latest posted receipt
// of the product at the shipping warehouse on or before the shipment: when that receipt was
// domestic, the UPD says nothing (docs/decisions.md, "Warehouse").

import Catalog
import ERPCore
import Foundation
import Postgres

/// A receipt line's country of origin and customs declaration.
package struct GoodsOrigin: Codable, Sendable, Equatable {
    /// The ОКСМ numeric code (`156`).
    package var countryCode: String
    /// The declaration's number `10702070/011226/0012345`, or the РНПТ `…/001`; nil for goods
    /// that crossed no customs border of ours (from the EAEU).
    package var customsDeclaration: String?

    /// The country's short name (UPD column 10а).
    package var countryName: String? { Country(code: countryCode)?.name }

    package init(countryCode: String, customsDeclaration: String? = nil) {
        self.countryCode = countryCode
        self.customsDeclaration = customsDeclaration
    }

    /// The origin a line gives as `country_code` (3 digits or alpha-2) and `customs_declaration`,
    /// normalized; nil when both are absent. Records every problem under `lines[index].…`.
    static func checked(country: String?, declaration: String?, line index: Int, problems: inout FieldErrors) -> GoodsOrigin? {
        let countryText = StockText.present(country)
        let declarationText = StockText.present(declaration)
        if let declarationText, !isDeclaration(declarationText) {
            problems.add("lines[\(index)].customs_declaration",
                         "'\(declarationText)' is not a declaration number like 10702070/011226/0012345 or an РНПТ like 10702070/011226/0012345/001")
        }
        guard let countryText else {
            if declarationText != nil { problems.add("lines[\(index)].country_code", "give the country of origin with a customs declaration") }
            return nil
        }
        guard let country = Country(code: countryText) else {
            problems.add("lines[\(index)].country_code", "'\(countryText)' is not an ОКСМ country code (3 digits like 156, or letters like CN)")
            return nil
        }
        return GoodsOrigin(countryCode: country.code, customsDeclaration: declarationText)
    }

    /// The official shape: customs office code (8 digits) / date of registration DDMMYY / number
    /// (7 digits), and for an РНПТ / the goods' line in the declaration (3 digits); the date must
    /// be a real one.
    static func isDeclaration(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard [3, 4].contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts[0].count == 8, parts[1].count == 6, parts[2].count == 7, parts.count == 3 || parts[3].count == 3 else {
            return false
        }
        let date = Array(parts[1])
        guard let day = Int(String(date[0...1])), let month = Int(String(date[2...3])), let year = Int(String(date[4...5])) else { return false }
        return (try? CalendarDate(year: 2000 + year, month: month, day: day)) != nil
    }
}

/// Whose origin a UPD asks for: a product shipped from a warehouse at an instant.
package struct OriginQuery: Sendable, Hashable {
    package var productID: ProductID
    package var warehouseID: WarehouseID
    package var asOf: Date

    package init(productID: ProductID, warehouseID: WarehouseID, asOf: Date) {
        (self.productID, self.warehouseID, self.asOf) = (productID, warehouseID, asOf)
    }
}

extension ReceiptHistory {
    /// The origin each of `products` had on its latest posted receipt at `warehouse` on or before
    /// `instant` — or, for a product that warehouse never received (it came by transfer), on its
    /// latest receipt anywhere. A product whose deciding receipt was domestic is absent.
    /// - Throws: `PostgresError`.
    package static func origins(of products: [ProductID], at warehouse: WarehouseID, asOf instant: Date,
                                in tx: Transaction) throws -> [ProductID: GoodsOrigin] {
        let found = try origins(products.map { OriginQuery(productID: $0, warehouseID: warehouse, asOf: instant) }, in: tx)
        return Dictionary(found.map { ($0.key.productID, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The origin of each query as `origins(of:at:asOf:in:)` decides it, in one statement for a
    /// whole batch of UPDs: a product never received with an origin is settled by one probe of a
    /// partial index (sql/0032); only the others read their receipt lines, newest first, and stop
    /// at the first. A query whose deciding receipt was domestic is absent.
    /// - Throws: `PostgresError`.
    package static func origins(_ queries: [OriginQuery], in tx: Transaction) throws -> [OriginQuery: GoodsOrigin] {
        let distinct = Array(Set(queries))
        guard !distinct.isEmpty else { return [:] }
        var origins: [OriginQuery: GoodsOrigin] = [:]
        for row in try tx.query("""
            SELECT q.n, o.origin_country, o.customs_declaration
            FROM unnest(\(distinct.map(\.productID.rawValue))::bigint[], \(distinct.map(\.warehouseID.rawValue))::bigint[],
                        \(distinct.map(\.asOf.postgresText))::text[]::timestamptz[]) WITH ORDINALITY AS q(p, w, t, n)
            CROSS JOIN LATERAL (
                -- Goods never received with an origin have none to print: one probe of a small index.
                SELECT 1 FROM stock_document_lines x WHERE x.product_id = q.p AND x.origin_country IS NOT NULL LIMIT 1) imported
            CROSS JOIN LATERAL (
                SELECT l.origin_country, l.customs_declaration
                FROM stock_document_lines l JOIN stock_documents d ON d.id = l.document_id
                WHERE l.product_id = q.p AND d.type = 'receipt' AND d.status = 'posted' AND d.posted_at <= q.t
                ORDER BY d.warehouse_id = q.w DESC, d.posted_at DESC, d.id DESC LIMIT 1) o
            WHERE o.origin_country IS NOT NULL
            """) {
            origins[distinct[Int(try row.decode(0, as: Int64.self)) - 1]] = GoodsOrigin(
                countryCode: try row.decode(1, as: String.self), customsDeclaration: try row.decode(2, as: String?.self))
        }
        return origins
    }
}
