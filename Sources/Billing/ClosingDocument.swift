// The frozen content of a closing document: everything its print form shows, copied at issue.
//
// Issue #8: a document freezes seller and buyer requisites and its lines when issued; it is
// never edited or deleted, only annulled (keeping its number). The database code stores this
// value as issued and gives it its gapless number; this file holds the value and its rules.

import ERPCore
import Foundation

/// Whether a document is in force.
package enum DocumentStatus: String, Codable, Sendable, CaseIterable {
    /// Issued and in force.
    case issued
    /// Annulled: kept with its number, no longer in force.
    case annulled
}

/// An invoice, UPD, act, credit note or УКД as issued: number, date, both parties' requisites, the
/// lines and their totals.
///
/// JSON keys from the house coder: `type`, `number`, `date`, `seller`, `buyer`, `consignor`,
/// `consignee`, `vat_payer`, `prices_include_vat`, `lines`, `totals`, `basis`,
/// `corrected_document`, `corrections`, `correction_totals`, `payment_documents`, `status`,
/// `annulment_reason`. Values decoded from storage are taken as
/// they were issued; new documents go through `init(…)`, which checks them.
package struct ClosingDocument: Codable, Sendable, Equatable {
    /// Invoice, UPD, act, credit note or УКД.
    package let type: DocumentType
    /// The number, e.g. `УПД-2026-000123`.
    package let number: String
    /// The document's date.
    package let date: CalendarDate
    /// Our company's requisites at issue.
    package let seller: PartyRequisites
    /// The client's requisites at issue.
    package let buyer: PartyRequisites
    /// The consignor (грузоотправитель) when not the seller; nil prints "он же".
    package let consignor: PartyRequisites?
    /// The consignee (грузополучатель) when not the buyer; nil prints the buyer.
    package let consignee: PartyRequisites?
    /// Whether the seller pays VAT: the UPD's status is 1 if so, else 2, and every line is then
    /// "without VAT".
    package let vatPayer: Bool
    /// Whether the lines' prices include VAT.
    package let pricesIncludeVAT: Bool
    /// The lines, numbered from 1.
    package let lines: [DocumentLine]
    /// The sums of the lines, overall and per VAT rate.
    package let totals: LineTotals
    /// What the document is issued under, printed as given: `Заказ № SO-2026-000045 от 01.12.2026`.
    package let basis: String?
    /// For a credit note or a УКД: the document it corrects.
    package let correctedDocument: DocumentReference?
    /// For a УКД: each corrected line before and after (`lines` are the lines after); nil otherwise.
    package let corrections: [CorrectionLine]?
    /// For a УКД: the increase, the decrease and the signed change; nil otherwise.
    package let correctionTotals: CorrectionTotals?
    /// For a UPD offsetting advances: the prepayments' documents (UPD line 5); nil otherwise.
    package let paymentDocuments: [DocumentReference]?
    /// Issued or annulled; nil while the content is being composed, before it is stored.
    package var status: DocumentStatus?
    /// Why the document was annulled; nil unless it was.
    package var annulmentReason: String?

    /// A new document; its totals are computed from its lines.
    /// - Throws: `ERPError.validationFailed` naming every offending field (snake_case paths like
    ///   `lines[1].vat_rate`): no lines, lines not numbered 1…n, a number of another type, a
    ///   non-VAT payer's line with a VAT rate, line amounts that disagree with
    ///   `pricesIncludeVAT`, an empty seller or buyer name, lines in different currencies or
    ///   totals beyond Int64; for a УКД no corrected document, or lines other than the
    ///   corrections' lines after.
    package init(
        type: DocumentType, number: DocumentNumber, date: CalendarDate, seller: PartyRequisites, buyer: PartyRequisites,
        consignor: PartyRequisites? = nil, consignee: PartyRequisites? = nil, vatPayer: Bool, pricesIncludeVAT: Bool,
        lines: [DocumentLine], basis: String? = nil, correctedDocument: DocumentReference? = nil,
        corrections: [CorrectionLine]? = nil, paymentDocuments: [DocumentReference]? = nil, status: DocumentStatus? = .issued
    ) throws(ERPError) {
        var problems: [String: String] = [:]
        if number.type != type { problems["number"] = "\(number) is not a number of a \(type.rawValue) document" }
        if seller.name.isEmpty { problems["seller.name"] = "must not be empty" }
        if buyer.name.isEmpty { problems["buyer.name"] = "must not be empty" }
        if lines.isEmpty { problems["lines"] = "a document needs at least one line" }
        for (index, line) in lines.enumerated() {
            let path = "lines[\(index)]"
            if line.position != index + 1 { problems[path + ".position"] = "must be \(index + 1)" }
            if !vatPayer && !line.vatRate.isWithoutVAT {
                problems[path + ".vat_rate"] = "must be none: the seller is not a VAT payer"
            }
            do {
                if try !line.amountsAgree(pricesIncludeVAT: pricesIncludeVAT) {
                    problems[path] = "amounts do not match qty × price with prices_include_vat \(pricesIncludeVAT)"
                }
            } catch {
                problems[path] = error.description
            }
        }
        if (type == .correction) != (corrections != nil) { problems["corrections"] = "only a ukd has corrections, and a ukd has them" }
        if type == .correction, correctedDocument == nil { problems["corrected_document"] = "a ukd corrects a document" }
        if let corrections, corrections.map(\.after) != lines { problems["lines"] = "must be the corrected lines after the correction" }
        var totals: LineTotals?, correctionTotals: CorrectionTotals?
        do {
            let currency = lines.first?.price.currency ?? .default
            totals = try LineTotals(lines: lines, currency: currency)
            correctionTotals = try corrections.map { lines throws(ValueError) in try CorrectionTotals(lines: lines, currency: currency) }
        } catch {
            problems["totals"] = error.description
        }
        guard problems.isEmpty, let totals else { throw .validationFailed(fields: problems) }
        self.type = type
        self.number = number.description
        self.date = date
        self.seller = seller
        self.buyer = buyer
        self.consignor = consignor
        self.consignee = consignee
        self.vatPayer = vatPayer
        self.pricesIncludeVAT = pricesIncludeVAT
        self.lines = lines
        self.totals = totals
        self.basis = basis
        self.correctedDocument = correctedDocument
        self.corrections = corrections
        self.correctionTotals = correctionTotals
        self.paymentDocuments = paymentDocuments
        self.status = status
        self.annulmentReason = nil
    }

    /// The same document annulled for `reason`; its number and content stay as they were.
    /// - Throws: `ERPError.validationFailed` for a blank reason, `.invalidState` when the
    ///   document is already annulled.
    package func annulled(reason: String) throws(ERPError) -> ClosingDocument {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status != .annulled else {
            throw .invalidState(entity: "document \(number)", current: "annulled", action: "annul")
        }
        guard !reason.isEmpty else { throw .validationFailed(fields: ["reason": "must not be empty"]) }
        var document = self
        document.status = .annulled
        document.annulmentReason = reason
        return document
    }

    /// True when the document is annulled.
    package var isAnnulled: Bool { status == .annulled }

    /// The house coder maps `prices_include_vat` back to `pricesIncludeVat` (it restores only
    /// `ID`, `IDs`, `URL`, `URLs`), so that one key is spelled the way the conversion produces it;
    /// the JSON key stays `prices_include_vat` in both directions.
    private enum CodingKeys: String, CodingKey {
        case type, number, date, seller, buyer, consignor, consignee, vatPayer, lines, totals, basis
        case correctedDocument, corrections, correctionTotals, paymentDocuments, status, annulmentReason
        case pricesIncludeVAT = "pricesIncludeVat"
    }
}
