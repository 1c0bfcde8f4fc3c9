import Catalog
import ERPCore
import Testing

@Suite("CSV")
struct CSVTests {
    @Test func readsQuotedFieldsSemicolonsAndAByteOrderMark() throws {
        let text = "\u{FEFF}sku;name\r\n\"A;1\";\"Say \"\"hi\"\"\nagain\"\r\nB;plain\n"
        let document = try CSVDocument(parsing: text)
        #expect(document.separator == ";")
        #expect(document.records.map(\.fields) == [["sku", "name"], ["A;1", "Say \"hi\"\nagain"], ["B", "plain"]])
        #expect(document.records.map(\.line) == [1, 2, 4])
    }

    @Test func anUnclosedQuoteIsReportedWithItsLine() {
        #expect(throws: ERPError.validationFailed(fields: ["line 2": "a quoted field is never closed"])) {
            try CSVDocument(parsing: "sku,name\nA,\"open\n")
        }
    }

    @Test(arguments: ["=SUM(A1)", "+1+cmd", "-x", "@cmd", "'=already", "''+two", "-1,5", "-.5", "-5.", "--5", "-2+3", "plain",
                      "'quoted", ""])
    func formulasAreNeutralisedOnExportAndRestoredOnImport(field: String) throws {
        let written = CSVDocument.write([["h", "n"], [field, "x"]])
        let records = try CSVDocument(parsing: written).records
        try #require(records.count == 2 && records[1].fields.count == 2)
        let exported = records[1].fields[0]
        if let first = field.drop(while: { $0 == "'" }).first, "=+-@".contains(first) {
            #expect(exported == "'" + field)
        } else {
            #expect(exported == field)
        }
        #expect(CSVDocument.restored(exported) == field)
    }

    @Test(arguments: ["-604.44", "+1", "-3", "-0.001", "'-2.5", "''+7"])
    func signedNumbersStayNumbersSoSpreadsheetsCanSumThem(field: String) throws {
        let written = CSVDocument.write([["h", "n"], [field, "x"]])
        let exported = try CSVDocument(parsing: written).records[1].fields[0]
        #expect(exported == field)
        #expect(CSVDocument.restored(exported) == field)
    }
}
