import ERPCore
import Testing

@testable import Billing

private typealias F = BillingFixtures

@Suite("Closing documents")
struct ClosingDocumentTests {
    @Test func totalsAreTheSumsOfTheLines() throws {
        let document = try F.document()
        // 3 × 33.33 = 99.99 (VAT 16.67) and 0.333 × 99.99 = 33.30 (VAT 5.55), prices including VAT.
        #expect(document.totals.gross.description == "133.29")
        #expect(document.totals.vat.description == "22.22")
        #expect(document.totals.net.description == "111.07")
        #expect(document.number == "INV-2026-000123")
        #expect(document.status == .issued && document.annulmentReason == nil)
    }

    @Test func mixedRatesAreBrokenDownPerRate() throws {
        let lines = [
            try F.line(1, qty: "3", price: "33.33", rate: .percent20, included: false),
            try F.line(2, sku: "MILK", qty: "2", price: "55.55", rate: .percent10, included: false),
            try F.line(3, sku: "BOOK", qty: "1", price: "10.00", rate: .withoutVAT, included: false),
        ]
        let document = try F.document(pricesIncludeVAT: false, lines: lines)
        #expect(document.totals.byRate.map(\.vatRate) == [.percent20, .percent10, .withoutVAT])
        #expect(document.totals.subtotal(at: .percent20)?.vat.description == "20.00")
        #expect(document.totals.subtotal(at: .percent10)?.vat.description == "11.11")
        #expect(document.totals.vat.description == "31.11")
        #expect(document.totals.gross.description == "252.20")
    }

    @Test func aNonVATPayersLinesMustBeWithoutVAT() throws {
        let document = try F.document(vatPayer: false)
        #expect(document.totals.isWithoutVAT && document.totals.vat.isZero)
        let error = #expect(throws: ERPError.self) {
            try F.document(vatPayer: false, lines: [try F.line(1, rate: .withoutVAT), try F.line(2, rate: .percent20)])
        }
        #expect(error == .validationFailed(fields: ["lines[1].vat_rate": "must be none: the seller is not a VAT payer"]))
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let error = #expect(throws: ERPError.self) {
            try ClosingDocument(
                type: .upd, number: DocumentNumber(type: .invoice, year: 2026, sequence: 1), date: F.date(),
                seller: PartyRequisites(name: ""), buyer: F.buyer, vatPayer: true, pricesIncludeVAT: true,
                lines: [try F.line(2), try F.line(1, included: false)])
        }
        guard case .validationFailed(let fields) = error else {
            Issue.record("expected validation_failed, got \(String(describing: error))")
            return
        }
        #expect(Set(fields.keys) == ["number", "seller.name", "lines[0].position", "lines[1].position", "lines[1]"])
        #expect(fields["lines[1]"]?.contains("prices_include_vat true") == true)
    }

    @Test func aDocumentNeedsLines() throws {
        #expect(throws: ERPError.validationFailed(fields: ["lines": "a document needs at least one line"])) {
            try F.document(lines: [])
        }
    }

    @Test func linesInDifferentCurrenciesAreRefused() throws {
        let error = #expect(throws: ERPError.self) { try F.document(lines: [try F.line(1), try F.dollarLine(2)]) }
        #expect(error == .validationFailed(fields: ["totals": "cannot combine amounts in RUB and USD"]))
    }

    @Test func annullingKeepsTheNumberAndContent() throws {
        let document = try F.document(.upd)
        let annulled = try document.annulled(reason: "  Ошибка в количестве  ")
        #expect(annulled.isAnnulled && annulled.annulmentReason == "Ошибка в количестве")
        #expect(annulled.number == document.number && annulled.lines == document.lines)
        #expect(annulled.totals == document.totals && annulled.seller == document.seller)
        #expect(throws: ERPError.invalidState(entity: "document УПД-2026-000123", current: "annulled", action: "annul")) {
            try annulled.annulled(reason: "again")
        }
        #expect(throws: ERPError.validationFailed(fields: ["reason": "must not be empty"])) {
            try document.annulled(reason: " \n")
        }
    }

    @Test func standardUnitsCarryTheirOKEICodes() {
        let codes = DocumentUnit.standard.map { "\($0.code)=\($0.okeiCode ?? "-")" }
        #expect(codes == ["pcs=796", "kg=166", "g=163", "l=112", "m=006", "m2=055", "set=839", "pack=778"])
        #expect(DocumentUnit.standard(code: "kg")?.name == "кг")
        #expect(DocumentUnit.standard(code: "barrel") == nil)
    }

    @Test func theFrozenContentRoundTripsThroughTheHouseCoderWithSnakeCaseKeys() throws {
        let document = try F.document(
            .creditNote,
            correctedDocument: DocumentReference(number: "УПД-2026-000100", date: F.date("2026-11-20")))
        let json = String(decoding: try ERPJSON.encode(document), as: UTF8.self)
        for key in [
            #""type":"credit_note""#, #""number":"CRN-2026-000123""#, #""date":"2026-12-01""#,
            #""vat_payer":true"#, #""prices_include_vat":true"#, #""product_name":"Гвозди строительные 100 мм""#,
            #""okei_code":"166""#, #""unit_code":"kg""#, #""unit_name":"кг""#, #""qty":"0.333""#,
            #""discount_pct":"0.00""#, #""vat_rate":"20""#, #""chief_accountant":"Петрова Анна Сергеевна""#,
            #""corr_account":"30101810400000000225""#, #""by_rate":["#, #""corrected_document":{"#,
            #""status":"issued""#, #""gross":"133.29""#,
        ] {
            #expect(json.contains(key), "\(key)")
        }
        #expect(!json.contains("annulment_reason"))
        #expect(try ERPJSON.decode(ClosingDocument.self, from: Array(json.utf8)) == document)
    }

    @Test func requisitesPrintINNAndKPPTogether() {
        #expect(F.seller.innAndKPP == "7707083893/773601001")
        #expect(PartyRequisites(name: "ИП Иванов", inn: "500100732259").innAndKPP == "500100732259")
        #expect(PartyRequisites(name: "Физлицо").innAndKPP == "")
    }
}
