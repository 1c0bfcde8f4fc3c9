import ERPCore
import Testing

@testable import Billing

@Suite("Document numbers")
struct DocumentNumberTests {
    @Test(arguments: [
        (DocumentType.invoice, 2026, Int64(123), "INV-2026-000123"), (.upd, 2026, 123, "УПД-2026-000123"),
        (.act, 2026, 1, "ACT-2026-000001"), (.creditNote, 2027, 999_999, "CRN-2027-999999"),
        (.invoice, 2026, 1_000_000, "INV-2026-1000000"), (.upd, 987, 42, "УПД-0987-000042"),
    ])
    func numbersArePrefixYearAndSixDigitSequence(type: DocumentType, year: Int, sequence: Int64, text: String) throws {
        let number = try DocumentNumber(type: type, year: year, sequence: sequence)
        #expect(number.description == text)
        #expect(try DocumentNumber(parsing: text) == number)
    }

    @Test(arguments: [
        "", "INV", "INV-2026", "INV-26-000123", "INV-2026-00123", "XYZ-2026-000123", "inv-2026-000123",
        "INV-2026-000123-1", "INV-2026-0001a3", "INV--2026-000123", "INV-2026-+00123", "УПД 2026 000123",
    ])
    func otherTextIsNotADocumentNumber(text: String) {
        #expect(throws: ValueError.malformed(text: text, expected: "a document number like INV-2026-000123")) {
            try DocumentNumber(parsing: text)
        }
    }

    @Test func sequencesAndYearsOutsideTheirRangesAreRefused() {
        #expect(throws: ValueError.self) { try DocumentNumber(type: .invoice, year: 2026, sequence: 0) }
        #expect(throws: ValueError.self) { try DocumentNumber(type: .invoice, year: 0, sequence: 1) }
        #expect(throws: ValueError.self) { try DocumentNumber(type: .invoice, year: 10_000, sequence: 1) }
        #expect(throws: ValueError.self) { try DocumentNumber(parsing: "INV-2026-000000") }
        #expect(throws: ValueError.self) { try DocumentNumber(parsing: "INV-2026-99999999999999999999") }
    }

    @Test func typesAreSnakeCaseInJSONWithTheirPrefixesAndTitles() throws {
        #expect(DocumentType.allCases.map(\.rawValue) == ["invoice", "upd", "act", "credit_note", "ukd"])
        #expect(DocumentType.allCases.map(\.numberPrefix) == ["INV", "УПД", "ACT", "CRN", "УКД"])
        #expect(DocumentType.upd.russianTitle == "Универсальный передаточный документ")
        struct Body: Codable, Equatable { let type: DocumentType }
        let json = String(decoding: try ERPJSON.encode(Body(type: .creditNote)), as: UTF8.self)
        #expect(json == #"{"type":"credit_note"}"#)
        #expect(try ERPJSON.decode(Body.self, from: Array(json.utf8)) == Body(type: .creditNote))
    }
}
