// The UPD's table (ТаблСчФакт): one СведТов per document line with the print form's columns —
// unit and OKEI code (2, 2а), quantity (3), price without VAT (4), amount without VAT (5), rate
// (7), VAT (8), amount with VAT (9) — and ВсегоОпл, the document's own totals. The price is the
// print form's (`PrintForm.netUnitPrice`); a line with a zero price states no quantity, because
// the format requires a price above zero wherever a quantity is given.

import Billing
import ERPCore

enum UPDTable {
    /// `ТаблСчФакт` of `content`.
    static func node(_ content: ClosingDocument) throws(ERPError) -> XMLNode {
        var rows: [XMLNode] = []
        for line in content.lines {
            let price = PrintForm.netUnitPrice(line, in: content).flatMap { $0.minorUnits > 0 ? $0 : nil }
            let counted = price != nil
            rows.append(XMLNode("СведТов", [
                "НомСтр": String(line.position), "НаимТов": String(line.productName.prefix(1000)),
                "ОКЕИ_Тов": counted ? line.okeiCode : nil, "НаимЕдИзм": counted && line.okeiCode != nil ? line.unitName : nil,
                "КолТов": counted ? line.qty.description : nil, "ЦенаТов": price?.description,
                "СтТовБезНДС": line.net.description, "НалСт": rate(line.vatRate), "СтТовУчНал": line.gross.description,
            ], children: customs(line) + [
                XMLNode("ДопСведТов", ["КодТов": String(line.sku.prefix(100))],
                        children: line.countryName.map { [XMLNode("КрНаимСтрПр", text: $0)] } ?? []),
                XMLNode("Акциз", children: [XMLNode("БезАкциз", text: "без акциза")]),
                vat(line.vat, withoutVAT: line.vatRate.isWithoutVAT),
            ]))
        }
        let totals = content.totals
        let withoutVAT = content.lines.allSatisfy(\.vatRate.isWithoutVAT)
        rows.append(XMLNode("ВсегоОпл", ["СтТовБезНДСВсего": totals.net.description, "СтТовУчНалВсего": totals.gross.description],
                            children: [vat(totals.vat, withoutVAT: withoutVAT, element: "СумНалВсего")]))
        return XMLNode("ТаблСчФакт", children: rows)
    }

    /// `НалСт`: `22%` … `0%`, or `без НДС`.
    static func rate(_ rate: VATRate) -> String {
        rate.isWithoutVAT ? "без НДС" : rate.description + "%"
    }

    /// `СумНал` (СумНДСТип): the amount, or "без НДС".
    private static func vat(_ amount: Money, withoutVAT: Bool, element: String = "СумНал") -> XMLNode {
        XMLNode(element, children: [withoutVAT ? XMLNode("БезНДС", text: "без НДС") : XMLNode("СумНал", text: amount.description)])
    }

    /// `СвДТ` (columns 10 and 11) for imported goods; the country's name (10а) is `ДопСведТов/КрНаимСтрПр`.
    private static func customs(_ line: DocumentLine) -> [XMLNode] {
        guard line.countryCode != nil || line.customsDeclaration != nil else { return [] }
        return [XMLNode("СвДТ", ["КодПроисх": line.countryCode, "НомерДТ": line.customsDeclaration])]
    }
}
