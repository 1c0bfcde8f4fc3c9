// A closing document's line: what was sold, how much, at what price, and its amounts — frozen at
// issue, with the product's name and unit copied so a later catalog edit changes nothing.

import ERPCore

/// A unit of measure as a document prints it: our code, the Russian symbol and the OKEI code.
///
/// OKEI (ОКЕИ, the all-Russian classifier of units of measure) gives the numeric code the UPD's
/// column 2 requires.
package struct DocumentUnit: Codable, Sendable, Equatable {
    /// Our unit code, as products use it: `pcs`, `kg`.
    package let code: String
    /// The national symbol printed in the forms (UPD column 2а): `шт`, `кг`.
    package let name: String
    /// The OKEI code (UPD column 2): `796` for pieces; nil for a unit OKEI has no code for here.
    package let okeiCode: String?

    /// A unit with the given code, symbol and OKEI code.
    package init(code: String, name: String, okeiCode: String?) {
        self.code = code
        self.name = name
        self.okeiCode = okeiCode
    }

    /// The units the catalog seeds (pcs, kg, g, l, m, m2, set, pack), with their OKEI codes.
    package static let standard: [DocumentUnit] = [
        DocumentUnit(code: "pcs", name: "шт", okeiCode: "796"),
        DocumentUnit(code: "kg", name: "кг", okeiCode: "166"),
        DocumentUnit(code: "g", name: "г", okeiCode: "163"),
        DocumentUnit(code: "l", name: "л", okeiCode: "112"),
        DocumentUnit(code: "m", name: "м", okeiCode: "006"),
        DocumentUnit(code: "m2", name: "м2", okeiCode: "055"),
        DocumentUnit(code: "set", name: "компл", okeiCode: "839"),
        DocumentUnit(code: "pack", name: "упак", okeiCode: "778"),
    ]

    /// The standard unit with this code (`"kg"`), or nil for a unit not in `standard`.
    package static func standard(code: String) -> DocumentUnit? {
        standard.first { $0.code == code }
    }
}

/// One line of a closing document, as frozen at issue.
///
/// JSON keys: `position`, `product_name`, `sku`, `unit_code`, `unit_name`, `okei_code`, `qty`,
/// `price`, `discount_pct`, `net` (amount without VAT), `vat_rate`, `vat`, `gross` (amount with
/// VAT), and for imported goods `country_code`, `country_name`, `customs_declaration`.
package struct DocumentLine: VATAmounts, Codable, Sendable, Equatable {
    /// The line's number in the document, from 1.
    package let position: Int
    /// The product's name at issue.
    package let productName: String
    /// The product's SKU (UPD column А, "код товара").
    package let sku: String
    /// Our unit code: `pcs`, `kg`.
    package let unitCode: String
    /// The unit's printed symbol: `шт`, `кг`.
    package let unitName: String
    /// The unit's OKEI code, e.g. `796`; nil when there is none.
    package let okeiCode: String?
    /// The quantity.
    package let qty: Quantity
    /// The unit price, with or without VAT as the document's `pricesIncludeVAT` says.
    package let price: Money
    /// The discount off qty × price, 0–100 %.
    package let discountPct: Percentage
    /// The amount without VAT (UPD column 5).
    package let net: Money
    /// The VAT rate (UPD column 7).
    package let vatRate: VATRate
    /// The VAT (UPD column 8).
    package let vat: Money
    /// The amount with VAT (UPD column 9).
    package let gross: Money
    /// The country of origin's numeric code (UPD column 10), for imported goods.
    package let countryCode: String?
    /// The country of origin's short name (UPD column 10а), for imported goods.
    package let countryName: String?
    /// The customs declaration's registration number (UPD column 11), for imported goods.
    package let customsDeclaration: String?

    /// A line whose amounts are computed by `LineAmounts`: qty × price less the discount, rounded
    /// half-up once, then VAT per line.
    /// - Throws: `ValueError.overflow` when an amount does not fit in Int64 minor units.
    package init(
        position: Int, productName: String, sku: String, unit: DocumentUnit, qty: Quantity, price: Money,
        discountPct: Percentage = .zero, vatRate: VATRate, pricesIncludeVAT: Bool,
        countryCode: String? = nil, countryName: String? = nil, customsDeclaration: String? = nil
    ) throws(ValueError) {
        let amounts = try LineAmounts(
            quantity: qty, price: price, discount: discountPct, vatRate: vatRate, pricesIncludeVAT: pricesIncludeVAT)
        self.position = position
        self.productName = productName
        self.sku = sku
        self.unitCode = unit.code
        self.unitName = unit.name
        self.okeiCode = unit.okeiCode
        self.qty = qty
        self.price = price
        self.discountPct = discountPct
        self.net = amounts.net
        self.vatRate = vatRate
        self.vat = amounts.vat
        self.gross = amounts.gross
        self.countryCode = countryCode
        self.countryName = countryName
        self.customsDeclaration = customsDeclaration
    }

    /// True when the stored amounts are what `LineAmounts` computes from the line's quantity,
    /// price, discount and rate with `pricesIncludeVAT`.
    /// - Throws: `ValueError.overflow` when recomputing overflows.
    package func amountsAgree(pricesIncludeVAT: Bool) throws(ValueError) -> Bool {
        let amounts = try LineAmounts(
            quantity: qty, price: price, discount: discountPct, vatRate: vatRate, pricesIncludeVAT: pricesIncludeVAT)
        return amounts.net == net && amounts.vat == vat && amounts.gross == gross
    }
}
