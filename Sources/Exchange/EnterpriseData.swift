// The accountant's 1C (Бухгалтерия 3.0) loads our period through "Загрузка данных EnterpriseData":
// a message in format 1.21 (the first versions with 22 % VAT are 1.17+) with counterparties, items
// sales (Документ.РеализацияТоваровУслуг) made from our issued UPDs and purchases
// (Документ.ПоступлениеТоваровУслуг, EnterpriseData+Purchases) made from receipts from suppliers,
// in the order the schema requires, UTF-8 with a BOM. Every object carries the GUID kept in
// `exchange_guids`, so loading the next period (or the same one again) updates the objects in 1C
// instead of duplicating them. A VAT payer's UPDs go as issued VAT invoices too
// (Документ.СчетФактураВыданный). Returns both ways follow (EnterpriseData+Returns). Not yet
// here: bank payments.

import Billing
import ERPCore
import Foundation

enum EnterpriseData {
    static let format = "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.21"

    /// The GUIDs the message names: a counterparty by party id, an item by SKU (nil when the
    /// catalog no longer knows it), a sale by document id, a purchase by receipt id, a return from
    /// a client by its credit note's id, a return to a supplier by its id.
    struct References {
        var party: (Int64) throws -> String
        var item: (String) throws -> String?
        var sale: (Int64) throws -> String
        var purchase: (Int64) throws -> String
        var vatInvoice: (Int64) throws -> String
        var salesReturn: (Int64) throws -> String
        var supplierReturn: (Int64) throws -> String
    }

    /// The message for `documents` (issued UPDs), `purchases` and `returns`, created at `now`.
    static func message(_ documents: [IssuedDocument], purchases: [Purchase], returns: Returns, company: PartyRequisites,
                        references: References, created: (day: CalendarDate, secondsOfDay: Int)) throws -> XMLNode {
        var body: [XMLNode] = []
        var seenParties = Set<Int64>(), seenItems = Set<String>()
        let clientDocuments = documents + returns.fromClients.map(\.creditNote)
        let parties = clientDocuments.map { ($0.clientID.rawValue, $0.content.buyer) }
            + (purchases + returns.toSuppliers.map(\.purchase)).map { ($0.supplierID.rawValue, $0.supplier) }
        for (id, requisites) in parties where seenParties.insert(id).inserted {
            body.append(XMLNode("Справочник.Контрагенты", children: [
                XMLNode("КлючевыеСвойства", children: try counterparty(requisites, guid: references.party(id))),
            ]))
        }
        typealias Item = (sku: String, name: String, unit: DocumentUnit, rate: VATRate)
        var items: [Item] = clientDocuments.flatMap(\.content.lines).map { ($0.sku, $0.productName, unit(of: $0), $0.vatRate) }
        for (purchase, lines) in purchases.map({ ($0, $0.receipt.lines) }) + returns.toSuppliers.map({ ($0.purchase, $0.receivedLines) }) {
            items += lines.map { ($0.sku, $0.name, Purchase.unit($0), purchase.rate(of: $0)) }
        }
        for line in items where seenItems.insert(line.sku).inserted {
            body.append(XMLNode("Справочник.Номенклатура", children: [
                XMLNode("КлючевыеСвойства", children: try item(sku: line.sku, name: line.name, guid: references.item(line.sku))),
                XMLNode("ТипНоменклатуры", text: "Товар"),
                unit(line.unit),
                rate(line.rate),
            ]))
        }
        for document in documents { body.append(try sale(document, references: references)) }
        // A VAT payer's UPD is its счёт-фактура as well (function СЧФДОП): 1C keeps that as a document of its own.
        for document in documents where document.content.vatPayer {
            body.append(try vatInvoice(document, references: references))
        }
        for purchase in purchases { body.append(try self.purchase(purchase, company: company, references: references)) }
        for taken in returns.fromClients { body.append(try salesReturn(taken, references: references)) }
        for sent in returns.toSuppliers {
            body.append(try supplierReturn(sent, company: company, vatPayer: returns.vatPayer, references: references))
        }
        return XMLNode("Message", ["xmlns:msg": "http://www.1c.ru/SSL/Exchange/Message"], children: [
            XMLNode("msg:Header", children: [
                XMLNode("msg:Format", text: format),
                XMLNode("msg:CreationDate", text: timestamp(created)),
                XMLNode("msg:AvailableVersion", text: "1.21"),
            ]),
            XMLNode("Body", ["xmlns": format], children: body),
        ])
    }

    private static func sale(_ document: IssuedDocument, references: References) throws -> XMLNode {
        let content = document.content
        let lines = try content.lines.map { try goodsLine($0, references: references) }
        return XMLNode("Документ.РеализацияТоваровУслуг", children: [
            XMLNode("КлючевыеСвойства", children: try saleKeys(document, references: references)),
            XMLNode("ВидОперации", text: "РеализацияКлиенту"),
            XMLNode("Валюта", children: [classifier("643", "руб.")]),
            XMLNode("Сумма", text: content.totals.gross.description),
            XMLNode("СуммаВключаетНДС", text: "true"),
            XMLNode("Контрагент", children: try counterparty(content.buyer, guid: references.party(document.clientID.rawValue))),
            XMLNode("ДанныеВзаиморасчетов", children: [XMLNode("РасчетыВУсловныхЕдиницах", text: "false")]),
            XMLNode("Товары", children: lines),
        ])
    }

    /// A `Товары` row of a sale: amounts with VAT, as the document froze them.
    static func goodsLine(_ line: DocumentLine, references: References) throws -> XMLNode {
        try goodsLine(line, qty: line.qty, gross: line.gross, vat: line.vat, references: references)
    }

    /// A `Товары` row of `line`'s product with the given quantity and amounts (a sale's own, or
    /// what a return credits).
    static func goodsLine(_ line: DocumentLine, qty: Quantity, gross: Money, vat: Money, references: References) throws -> XMLNode {
        XMLNode("Строка", children: [
            XMLNode("ДанныеНоменклатуры", children: [
                XMLNode("Номенклатура", children: try item(sku: line.sku, name: line.productName, guid: references.item(line.sku))),
            ]),
            unit(unit(of: line)),
            XMLNode("Количество", text: qty.description),
            XMLNode("Сумма", text: gross.description),
            XMLNode("Цена", text: grossUnitPrice(gross, qty: qty, otherwise: line.price).description),
            rate(line.vatRate),
            XMLNode("СуммаНДС", text: vat.description),
        ])
    }

    /// КлючевыеСвойстваРеализацияТоваровУслуг: the sale as it, its VAT invoice and its returns name it.
    static func saleKeys(_ document: IssuedDocument, references: References) throws -> [XMLNode] {
        [XMLNode("Ссылка", text: try references.sale(document.id.rawValue)),
         XMLNode("Дата", text: document.content.date.description + "T00:00:00"),
         XMLNode("Номер", text: document.content.number),
         organization(document.content.seller)]
    }

    /// Документ.СчетФактураВыданный «НаРеализацию» of a VAT payer's UPD: its number, date, buyer
    /// and VAT, issued on paper on the UPD's day, founded on the sale.
    private static func vatInvoice(_ document: IssuedDocument, references: References) throws -> XMLNode {
        let content = document.content
        return XMLNode("Документ.СчетФактураВыданный", children: [
            XMLNode("КлючевыеСвойства", children: [
                XMLNode("Ссылка", text: try references.vatInvoice(document.id.rawValue)),
                XMLNode("Номер", text: content.number),
                XMLNode("Дата", text: content.date.description + "T00:00:00"),
                organization(content.seller),
            ]),
            XMLNode("Валюта", children: [classifier("643", "руб.")]),
            XMLNode("Сумма", text: content.totals.gross.description),
            XMLNode("Контрагент", children: try counterparty(content.buyer, guid: references.party(document.clientID.rawValue))),
            XMLNode("СуммаНДС", text: content.totals.vat.description),
            XMLNode("ВидСчетаФактуры", text: "НаРеализацию"),
            XMLNode("Выставлен", text: "true"),
            XMLNode("ДатаВыставления", text: content.date.description),
            XMLNode("СпособВыставления", text: "НаБумажномНосителе"),
            XMLNode("ДокументыОснования", children: [
                XMLNode("Строка", children: [
                    XMLNode("ДокументОснование", children: [
                        XMLNode("РеализацияТоваровУслугСсылка", children: try saleKeys(document, references: references)),
                    ]),
                ]),
            ]),
        ])
    }

    /// КлючевыеСвойстваОрганизация: our company.
    static func organization(_ company: PartyRequisites) -> XMLNode {
        XMLNode("Организация", children: [
            XMLNode("Наименование", text: company.name), XMLNode("ИНН", text: company.inn), XMLNode("КПП", text: company.kpp),
            XMLNode("ЮридическоеФизическоеЛицо", text: kind(company)),
        ].filter { $0.text != nil })
    }

    /// КлючевыеСвойстваКонтрагент.
    static func counterparty(_ party: PartyRequisites, guid: String) -> [XMLNode] {
        [XMLNode("Ссылка", text: guid), XMLNode("Наименование", text: party.name), XMLNode("НаименованиеПолное", text: party.name),
         XMLNode("ИНН", text: party.inn), XMLNode("КПП", text: party.kpp), XMLNode("ЮридическоеФизическоеЛицо", text: kind(party))]
            .filter { $0.text != nil }
    }

    /// КлючевыеСвойстваНоменклатура.
    static func item(sku: String, name: String, guid: String?) -> [XMLNode] {
        [XMLNode("Ссылка", text: guid), XMLNode("Артикул", text: sku), XMLNode("Наименование", text: name)]
            .filter { $0.text != nil }
    }

    static func unit(of line: DocumentLine) -> DocumentUnit {
        DocumentUnit(code: line.unitCode, name: line.unitName, okeiCode: line.okeiCode)
    }

    static func unit(_ unit: DocumentUnit) -> XMLNode {
        XMLNode("ЕдиницаИзмерения", children: [classifier(unit.okeiCode ?? unit.code, unit.name)])
    }

    static func classifier(_ code: String, _ name: String) -> XMLNode {
        XMLNode("ДанныеКлассификатора", children: [XMLNode("Код", text: code), XMLNode("Наименование", text: name)])
    }

    /// КлючевыеСвойстваСтавкиНДС: 20 % and 22 % are the general rate, 10 %, 7 % and 5 % reduced.
    static func rate(_ rate: VATRate) -> XMLNode {
        let kind = switch rate.basisPoints {
        case nil: "БезНДС"
        case 0: "Нулевая"
        case 2000, 2200: "Общая"
        default: "Пониженная"
        }
        return XMLNode("СтавкаНДС", children: [
            XMLNode("Ставка", text: rate.isWithoutVAT ? String?.none : rate.description),
            XMLNode("РасчетнаяСтавка", text: "false"),
            XMLNode("НеОблагается", text: rate.isWithoutVAT ? "true" : "false"),
            XMLNode("ВидСтавки", text: kind),
        ].filter { $0.text != nil })
    }

    /// A person (12-digit INN or none) or a company.
    private static func kind(_ party: PartyRequisites) -> String {
        party.inn?.count == 10 ? "ЮридическоеЛицо" : "ФизическоеЛицо"
    }

    /// The line's amount with VAT per unit, rounded half-up to kopecks (1C's Цена with СуммаВключаетНДС).
    private static func grossUnitPrice(_ gross: Money, qty: Quantity, otherwise price: Money) -> Money {
        guard qty.thousandths != 0 else { return price }
        let exact = Int128(gross.minorUnits) * Int128(Quantity.thousandthsPerUnit)
        return Money(minorUnits: Int64(truncatingIfNeeded: DecimalText.divideRoundingHalfUp(exact, by: Int128(qty.thousandths))),
                     currency: gross.currency)
    }

    /// `2026-12-01T09:30:00`: the company's wall clock, as xs:dateTime without a zone (1C reads it as local).
    private static func timestamp(_ created: (day: CalendarDate, secondsOfDay: Int)) -> String {
        created.day.description + "T" + Date.clock(secondsOfDay: created.secondsOfDay, separator: ":")
    }
}
