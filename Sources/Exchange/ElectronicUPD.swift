// The electronic UPD in the ФНС's format 5.03 (приказ ФНС ЕД-7-26/970@, КНД 1115131): the
// seller's title, built from the same frozen content the print form shows, so the paper and the
// XML never disagree. A VAT payer's UPD is a VAT invoice and a shipping document at once
// (function СЧФДОП); anyone else's is a shipping document only (ДОП). The file is windows-1251
// and its name is its `ИдФайл`. Rules the schema cannot say (Schematron in the XSD's appinfo)
// are kept here by construction: every block a function requires is written, the totals are the
// documents' own sums of the lines, and a quantity is given only with a price above zero.

import Billing
import ERPCore
import Foundation

/// An exported UPD: its file name and bytes.
package struct ElectronicDocument: Sendable, Equatable {
    /// `ON_NSCHFDOPPR_…`: the `ИдФайл` the file carries.
    package var fileID: String
    /// The windows-1251 XML.
    package var bytes: [UInt8]

    /// `fileID.xml`, the name the ФНС's rule 0400400007 compares with `ИдФайл` (without extension).
    package var fileName: String { fileID + ".xml" }
}

/// Builds the 5.03 XML of an issued UPD.
enum ElectronicUPD {
    /// The format's version, the program named in `ВерсПрог`.
    static let formatVersion = "5.03"
    static let program = "erp 1.0"

    /// The XML of `document`, with `guid` as the unique part of its file name; `formed` is the
    /// company's wall clock when the document was issued (`ДатаИнфПр`, `ВремИнфПр`).
    /// - Throws: `ERPError.invalidState` for another type of document or an annulled one;
    ///   `.validationFailed` naming requisites the format requires and the document lacks.
    static func make(_ document: IssuedDocument, guid: String,
                     formed: (day: CalendarDate, secondsOfDay: Int)) throws(ERPError) -> ElectronicDocument {
        guard document.type == .upd else {
            throw .invalidState(entity: "document \(document.number)", current: document.type.rawValue,
                                action: "export as XML: only a UPD has an electronic format here")
        }
        guard document.status == .issued else {
            throw .invalidState(entity: "document \(document.number)", current: document.status.rawValue, action: "export as XML")
        }
        let content = document.content
        let vatInvoice = content.vatPayer
        var problems = FieldErrors()
        let seller = UPDParticipant.node("СвПрод", content.seller, field: "seller", addressRequired: vatInvoice, problems: &problems)
        let buyer = UPDParticipant.node("СвПокуп", content.buyer, field: "buyer", addressRequired: vatInvoice, problems: &problems)
        let consignee = UPDParticipant.node("ГрузПолуч", content.consignee ?? content.buyer, field: "consignee",
                                            addressRequired: vatInvoice, problems: &problems)
        let signer = UPDParticipant.signer(content.seller, problems: &problems)
        guard problems.isEmpty else { throw .validationFailed(fields: problems.fields) }

        let fileID = ["ON_NSCHFDOPPR", UPDParticipant.fileParticipant(content.buyer), UPDParticipant.fileParticipant(content.seller),
                      compact(content.date), guid].joined(separator: "_")
        let function = vatInvoice ? "СЧФДОП" : "ДОП"
        let title = vatInvoice
            ? "Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"
            : "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"
        let invoice = XMLNode("СвСчФакт", ["НомерДок": content.number, "ДатаДок": content.date.dotted], children: [
            seller,
            XMLNode("ГрузОт", children: [XMLNode("ОнЖе", text: "он же")]),
            consignee,
            XMLNode("ДокПодтвОтгрНом", ["РеквНаимДок": "Универсальный передаточный документ", "РеквНомерДок": content.number,
                                        "РеквДатаДок": content.date.dotted]),
            buyer,
            XMLNode("ДенИзм", ["КодОКВ": "643", "НаимОКВ": "Российский рубль"]),
        ])
        let root = XMLNode("Файл", ["ИдФайл": fileID, "ВерсФорм": formatVersion, "ВерсПрог": program], children: [
            XMLNode("Документ", [
                "КНД": "1115131", "Функция": function, "ПоФактХЖ": "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)",
                "НаимДокОпр": title, "ДатаИнфПр": formed.day.dotted, "ВремИнфПр": Date.clock(secondsOfDay: formed.secondsOfDay, separator: "."),
                "НаимЭконСубСост": content.seller.name,
            ], children: [
                invoice,
                try UPDTable.node(content),
                transfer(content),
                signer,
            ]),
        ])
        return ElectronicDocument(fileID: fileID, bytes: root.document(in: .windows1251))
    }

    /// `СвПродПер`: the goods handed over on the document's date, under its basis when it names
    /// a document (`Заказ № SO-2026-000045 от 28.11.2026`), else "without a basis document".
    private static func transfer(_ content: ClosingDocument) -> XMLNode {
        var basis = XMLNode("БезДокОснПер", text: "1")
        if let text = content.basis, let match = text.wholeMatch(of: /(.+?)\s+№\s*(\S+)\s+от\s+(\d{2}\.\d{2}\.\d{4})/),
           let date = CalendarDate(dotted: String(match.3)) {
            basis = XMLNode("ОснПер", ["РеквНаимДок": String(match.1), "РеквНомерДок": String(match.2), "РеквДатаДок": date.dotted])
        }
        return XMLNode("СвПродПер", children: [
            XMLNode("СвПер", ["СодОпер": "Товары переданы", "ДатаПер": content.date.dotted], children: [basis]),
        ])
    }

    /// `20261201`.
    private static func compact(_ date: CalendarDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }

}
