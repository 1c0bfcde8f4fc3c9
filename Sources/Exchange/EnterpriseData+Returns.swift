// Returns both ways for 1C. Goods a client brings back go as Документ.ВозвратТоваровОтПокупателя
// «ВозвратОтКлиента», made from the issued document that credits the return — a УКД issued for it
// (its rows Г: the quantity that came back and the amounts it took off, at the UPD's price and rate)
// or, for returns documented before УКДs, a credit note's frozen lines — with its number and date,
// and the corrected UPD as ДокументРеализации. Goods sent back to
// a supplier go as Документ.ВозвратТоваровПоставщику «ВозвратПоставщику» on the day they left, at
// the receipt's cost with VAT on top at the rate of the receipt's day, exactly as the purchase
// they reverse was valued, with that purchase as ДокументПоступления.

import Billing
import ERPCore
import Foundation
import Purchasing
import Warehouse

/// A return from a client as the document crediting it documents it.
struct SalesReturnDocument {
    /// The issued УКД of the return, or a credit note issued before УКДs.
    var creditNote: IssuedDocument
    /// The UPD it corrects (nil when Billing no longer finds it).
    var sale: IssuedDocument?

    /// What came back per line and what it credits: a УКД's decreases of quantity, a credit note's lines.
    var returned: [(line: DocumentLine, qty: Quantity, gross: Money, vat: Money)] {
        let content = creditNote.content
        guard let corrections = content.corrections else { return content.lines.map { ($0, $0.qty, $0.gross, $0.vat) } }
        return corrections.filter { $0.decrease.qty > .zero }.map { ($0.before, $0.decrease.qty, $0.decrease.gross, $0.decrease.vat) }
    }
}

/// A return to a supplier and the purchase it reverses.
struct SupplierReturnDocument {
    var sent: SupplierReturn
    /// The company's day the goods went back.
    var date: CalendarDate
    /// The receipt the goods came in with, as a purchase (supplier, day and rates).
    var purchase: Purchase

    /// The receipt's line of each returned product, with the quantity that went back (products no
    /// longer on the receipt are left out).
    var returned: [(line: StockDocumentLine, qty: Quantity)] {
        sent.lines.compactMap { sent in purchase.receipt.lines.first { $0.productID == sent.productID }.map { ($0, sent.qty) } }
    }

    /// The receipt's lines that went back.
    var receivedLines: [StockDocumentLine] { returned.map(\.line) }
}

extension EnterpriseData {
    /// The returns of a period both ways, and whether the company pays VAT (1C's Налогообложение
    /// of a return to a supplier).
    struct Returns {
        var fromClients: [SalesReturnDocument] = []
        var toSuppliers: [SupplierReturnDocument] = []
        var vatPayer = true
    }

    /// Документ.ВозвратТоваровОтПокупателя for `taken`, elements in the schema's order.
    /// - Throws: `ValueError` for amounts out of range; what `references` throws.
    static func salesReturn(_ taken: SalesReturnDocument, references: References) throws -> XMLNode {
        let document = taken.creditNote, content = document.content
        let founded = try taken.sale.map { sale in
            XMLNode("ДокументРеализации", children: [
                XMLNode("РеализацияТоваровУслугСсылка", children: try saleKeys(sale, references: references)),
            ])
        }
        return XMLNode("Документ.ВозвратТоваровОтПокупателя", children: [
            XMLNode("КлючевыеСвойства", children: [
                XMLNode("Ссылка", text: try references.salesReturn(document.id.rawValue)),
                XMLNode("Дата", text: content.date.description + "T00:00:00"),
                XMLNode("Номер", text: content.number),
                organization(content.seller),
            ]),
            XMLNode("ВидОперации", text: "ВозвратОтКлиента"),
            XMLNode("Валюта", children: [classifier("643", "руб.")]),
            XMLNode("Сумма", text: try Money.sum(taken.returned.map(\.gross)).description),
            XMLNode("СуммаВключаетНДС", text: "true"),
            XMLNode("Контрагент", children: try counterparty(content.buyer, guid: references.party(document.clientID.rawValue))),
            XMLNode("ДанныеВзаиморасчетов", children: [XMLNode("РасчетыВУсловныхЕдиницах", text: "false")]),
        ] + (founded.map { [$0] } ?? []) + [
            XMLNode("Товары", children: try taken.returned.map {
                try goodsLine($0.line, qty: $0.qty, gross: $0.gross, vat: $0.vat, references: references)
            }),
        ])
    }

    /// Документ.ВозвратТоваровПоставщику for `sent`, elements in the schema's order.
    /// - Throws: `ValueError` for amounts out of range; what `references` throws.
    static func supplierReturn(_ sent: SupplierReturnDocument, company: PartyRequisites, vatPayer: Bool,
                               references: References) throws -> XMLNode {
        var lines: [XMLNode] = []
        var total = Money.zero()
        for (line, qty) in sent.returned {
            let row = try purchaseLine(line, qty: qty, of: sent.purchase, references: references)
            total = try total + row.net + row.vat
            lines.append(row.node)
        }
        let purchase = sent.purchase
        return XMLNode("Документ.ВозвратТоваровПоставщику", children: [
            XMLNode("КлючевыеСвойства", children: [
                XMLNode("Ссылка", text: try references.supplierReturn(sent.sent.id.rawValue)),
                XMLNode("Дата", text: sent.date.description + "T00:00:00"),
                XMLNode("Номер", text: sent.sent.number),
                organization(company),
            ]),
            XMLNode("ВидОперации", text: "ВозвратПоставщику"),
            XMLNode("Валюта", children: [classifier("643", "руб.")]),
            XMLNode("Сумма", text: total.description),
            XMLNode("СуммаВключаетНДС", text: "false"),
            XMLNode("Контрагент", children: try counterparty(purchase.supplier, guid: references.party(purchase.supplierID.rawValue))),
            XMLNode("ДанныеВзаиморасчетов", children: [XMLNode("РасчетыВУсловныхЕдиницах", text: "false")]),
            XMLNode("ДокументПоступления", children: try purchaseKeys(purchase, company: company, references: references)),
            XMLNode("Товары", children: lines),
            XMLNode("Налогообложение", text: vatPayer ? "ПродажаОблагаетсяНДС" : "ПродажаНеОблагаетсяНДС"),
        ])
    }
}
