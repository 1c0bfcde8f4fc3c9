// Closing document types and their numbers.
//
// docs/architecture.md: numbering is gapless per document type and year (a counter row locked in the same
// transaction as the issue — that part lives with the database code); this file only says what a
// number looks like: prefix, year, sequence padded to six digits — "INV-2026-000123",
// "УПД-2026-000123".

import ERPCore

/// The kind of a closing document; JSON `"invoice"`, `"upd"`, `"act"`, `"credit_note"`, `"ukd"` (docs/http.md).
package enum DocumentType: String, Codable, Sendable, CaseIterable {
    /// An invoice for payment (счёт на оплату), issued from a confirmed order.
    case invoice
    /// A universal transfer document (УПД) for goods actually shipped.
    case upd
    /// An acceptance act (акт) for services.
    case act
    /// A credit note (корректировочный документ) for returned goods: read only, no longer issued
    /// (the УКД replaced it).
    case creditNote = "credit_note"
    /// A УКД (универсальный корректировочный документ): corrects the quantities or prices of a
    /// UPD's lines — goods returned, a price changed — as the корректировочный счёт-фактура.
    case correction = "ukd"

    /// The prefix of this type's numbers. Invoices keep the Latin `INV` and UPDs the Cyrillic
    /// `УПД` (as the documents print them), and so does the УКД (`УКД`); acts and credit notes
    /// follow the Latin style (`ACT`, `CRN`), which is easy to type on any keyboard when searching.
    package var numberPrefix: String {
        switch self {
        case .invoice: "INV"
        case .upd: "УПД"
        case .act: "ACT"
        case .creditNote: "CRN"
        case .correction: "УКД"
        }
    }

    /// The form's title as printed: "Счёт на оплату", "Универсальный передаточный документ", …
    package var russianTitle: String {
        switch self {
        case .invoice: "Счёт на оплату"
        case .upd: "Универсальный передаточный документ"
        case .act: "Акт"
        case .creditNote: "Корректировочный документ"
        case .correction: "Универсальный корректировочный документ"
        }
    }
}

/// A closing document's number: type prefix, year and the sequence within that type and year.
///
/// Text form `PREFIX-YYYY-NNNNNN`: the sequence is padded to six digits and grows beyond them
/// rather than being cut (`INV-2026-1000000`).
package struct DocumentNumber: Sendable, Hashable, CustomStringConvertible {
    /// The document type, which gives the prefix.
    package let type: DocumentType
    /// The year the number belongs to (the counter restarts every year).
    package let year: Int
    /// The position in the type's gapless sequence for the year, from 1.
    package let sequence: Int64

    /// Number `sequence` of `type` in `year`.
    /// - Throws: `ValueError.outOfRange` for a year outside 1–9999 or a sequence below 1.
    package init(type: DocumentType, year: Int, sequence: Int64) throws(ValueError) {
        guard (1...9999).contains(year) else {
            throw .outOfRange(text: String(year), range: "a year between 1 and 9999")
        }
        guard sequence >= 1 else {
            throw .outOfRange(text: String(sequence), range: "a sequence number of 1 or more")
        }
        (self.type, self.year, self.sequence) = (type, year, sequence)
    }

    /// Parses `"INV-2026-000123"`: a known prefix, four year digits, six or more sequence digits.
    /// - Throws: `ValueError.malformed` for any other text, `.outOfRange` for sequence 0 or one
    ///   beyond Int64.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        let malformed = ValueError.malformed(text: String(text), expected: "a document number like INV-2026-000123")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let type = DocumentType.allCases.first(where: { $0.numberPrefix == parts[0] }),
            parts[1].utf8.count == 4, parts[2].utf8.count >= 6,
            parts[1...].allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
            let year = Int(parts[1])
        else { throw malformed }
        guard let sequence = Int64(parts[2]) else {
            throw .outOfRange(text: String(text), range: "a sequence number up to \(Int64.max)")
        }
        try self.init(type: type, year: year, sequence: sequence)
    }

    /// `"INV-2026-000123"`.
    package var description: String {
        DocumentNumbers.format(prefix: type.numberPrefix, year: year, sequence: sequence)
    }
}
