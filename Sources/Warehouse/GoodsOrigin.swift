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

extension ReceiptHistory {
    /// The origin each of `products` had on its latest posted receipt at `warehouse` on or before
    /// `instant` — or, for a product that warehouse never received (it came by transfer), on its
    /// latest receipt anywhere. A product whose deciding receipt was domestic is absent.
    /// - Throws: `PostgresError`.
    package static func origins(of products: [ProductID], at warehouse: WarehouseID, asOf instant: Date,
                                in tx: Transaction) throws -> [ProductID: GoodsOrigin] {
        guard !products.isEmpty else { return [:] }
        var origins: [ProductID: GoodsOrigin] = [:]
        for row in try tx.query("""
            SELECT DISTINCT ON (l.product_id) l.product_id, l.origin_country, l.customs_declaration
            FROM stock_document_lines l JOIN stock_documents d ON d.id = l.document_id
            WHERE d.type = 'receipt' AND d.status = 'posted' AND d.posted_at <= \(instant)
              AND l.product_id = ANY(\(products.map(\.rawValue))::bigint[])
            ORDER BY l.product_id, d.warehouse_id = \(warehouse) DESC, d.posted_at DESC, d.id DESC
            """) {
            guard let country = try row.decode(1, as: String?.self) else { continue }
            origins[try row.decode(0, as: ProductID.self)] = GoodsOrigin(
                countryCode: country, customsDeclaration: try row.decode(2, as: String?.self))
        }
        return origins
    }
}
