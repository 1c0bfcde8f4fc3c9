// Purchases for 1C: each posted receipt from a supplier (against a supplier order or not) becomes a
// Документ.ПоступлениеТоваровУслуг «ПокупкаУПоставщика» dated the day it was posted. The receipt's
// unit cost is net (orders are valued net and receipts take the order's price), so the lines go
// without VAT (СуммаВключаетНДС = false) at the product's VAT rate, and the document's Сумма is
// net plus VAT. The supplier and the items appear among the counterparties and items first.

import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Warehouse

/// A posted receipt from a supplier and what 1C needs beside it.
struct Purchase {
    var receipt: StockDocument
    /// The company's day the receipt was posted.
    var date: CalendarDate
    var supplierID: PartyID
    var supplier: PartyRequisites
    /// The VAT rate of each product received, in force on the receipt's day.
    var rates: [ProductID: VATRate]

    /// The VAT rate of a received line (without VAT when the catalog does not know the product).
    func rate(of line: StockDocumentLine) -> VATRate { rates[line.productID] ?? .withoutVAT }

    /// The unit as documents print it: the standard unit of the line's code, else the code itself.
    static func unit(_ line: StockDocumentLine) -> DocumentUnit {
        DocumentUnit.standard(code: line.unit) ?? DocumentUnit(code: line.unit, name: line.unit, okeiCode: nil)
    }
}

extension EnterpriseData {
    /// Документ.ПоступлениеТоваровУслуг for `purchase`, elements in the schema's order.
    /// - Throws: `ValueError` for amounts out of range; what `references` throws.
    static func purchase(_ purchase: Purchase, company: PartyRequisites, references: References) throws -> XMLNode {
        var lines: [XMLNode] = []
        var total = Money.zero()
        for line in purchase.receipt.lines {
            let row = try purchaseLine(line, qty: line.qty ?? .zero, of: purchase, references: references)
            total = try total + row.net + row.vat
            lines.append(row.node)
        }
        return XMLNode("Документ.ПоступлениеТоваровУслуг", children: [
            XMLNode("КлючевыеСвойства", children: try purchaseKeys(purchase, company: company, references: references)),
            XMLNode("Товары", children: lines),
            XMLNode("Валюта", children: [classifier("643", "руб.")]),
            XMLNode("ВидОперации", text: "ПокупкаУПоставщика"),
            XMLNode("Сумма", text: total.description),
            XMLNode("СуммаВключаетНДС", text: "false"),
            XMLNode("ДанныеВзаиморасчетов", children: [XMLNode("РасчетыВУсловныхЕдиницах", text: "false")]),
        ])
    }

    /// КлючевыеСвойстваПоступлениеТоваровУслуг: the purchase as it and its returns name it.
    static func purchaseKeys(_ purchase: Purchase, company: PartyRequisites, references: References) throws -> [XMLNode] {
        [XMLNode("Ссылка", text: try references.purchase(purchase.receipt.id.rawValue)),
         XMLNode("Дата", text: purchase.date.description + "T00:00:00"),
         XMLNode("Номер", text: purchase.receipt.number ?? String(purchase.receipt.id.rawValue)),
         organization(company),
         XMLNode("Контрагент", children: try counterparty(purchase.supplier, guid: references.party(purchase.supplierID.rawValue)))]
    }

    /// A `Товары` row of a purchase or a return to the supplier: `qty` of the received `line` at
    /// its receipt cost (net), VAT on top at the rate of the receipt's day.
    /// - Throws: `ValueError` for amounts out of range; what `references` throws.
    static func purchaseLine(_ line: StockDocumentLine, qty: Quantity, of purchase: Purchase,
                             references: References) throws -> (node: XMLNode, net: Money, vat: Money) {
        let cost = line.unitCost ?? .zero()
        let net = try qty.amount(at: cost), vatRate = purchase.rate(of: line)
        let vat = vatRate.vatOnTop(of: net)
        return (XMLNode("Строка", children: [
            XMLNode("ДанныеНоменклатуры", children: [
                XMLNode("Номенклатура", children: try item(sku: line.sku, name: line.name, guid: references.item(line.sku))),
            ]),
            unit(Purchase.unit(line)),
            XMLNode("Количество", text: qty.description),
            XMLNode("Сумма", text: net.description),
            XMLNode("Цена", text: cost.description),
            rate(vatRate),
            XMLNode("СуммаНДС", text: vat.description),
        ]), net, vat)
    }
}
