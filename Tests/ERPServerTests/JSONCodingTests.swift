import ERPCore
import Foundation
import Testing

private struct Receipt: Codable, Equatable {
    struct Line: Codable, Equatable {
        var productID: Int64
        var qty: Quantity
        var unitCost: Money
    }
    var warehouseID: Int64
    var supplierRef: String?
    var postedAt: Date
    var lines: [Line]
    var tags: [String: String]
}

private func decodingFailure<T: Decodable>(_ type: T.Type, _ json: String) -> ERPError? {
    do {
        _ = try ERPJSON.decode(type, from: Array(json.utf8))
        return nil
    } catch {
        return error
    }
}

@Suite("ERPJSON")
struct JSONCodingTests {
    @Test(arguments: [
        ("unitCost", "unit_cost"), ("productID", "product_id"), ("productIDs", "product_ids"),
        ("id", "id"), ("isClient", "is_client"), ("HTMLPage", "html_page"), ("nextCursor", "next_cursor"),
        ("callbackURL", "callback_url"), ("line2Qty", "line2_qty"), ("already_snake", "already_snake"),
    ])
    func keysConvertToSnakeCaseAndBack(camel: String, snake: String) {
        #expect(ERPJSON.snakeCase(camel) == snake)
        if camel != "HTMLPage" && camel != "already_snake" {
            #expect(ERPJSON.camelCase(snake) == camel)
        }
    }

    @Test func encodesSnakeCaseSortedKeysAndRFC3339Dates() throws {
        let receipt = Receipt(
            warehouseID: 3, supplierRef: nil, postedAt: Date(timeIntervalSince1970: 1_796_117_400.75),
            lines: [.init(productID: 42, qty: try Quantity(parsing: "2.5"), unitCost: try Money(parsing: "10.5"))],
            tags: ["keepMe": "as is"])
        let text = String(decoding: try ERPJSON.encode(receipt), as: UTF8.self)
        #expect(text == #"{"lines":[{"product_id":42,"qty":"2.500","unit_cost":"10.50"}],"#
            + #""posted_at":"2026-12-01T09:30:00Z","tags":{"keepMe":"as is"},"warehouse_id":3}"#)
    }

    @Test func decodesSnakeCaseKeysIntoCamelCaseProperties() throws {
        let json = #"{"warehouse_id":3,"supplier_ref":"INV-9","posted_at":"2026-12-01T12:30:00+03:00","#
            + #""lines":[{"product_id":42,"qty":"1","unit_cost":0.1}],"tags":{"free_form":"x"}}"#
        let receipt = try ERPJSON.decode(Receipt.self, from: Array(json.utf8))
        #expect(receipt.warehouseID == 3)
        #expect(receipt.supplierRef == "INV-9")
        #expect(receipt.postedAt == Date(timeIntervalSince1970: 1_796_117_400))
        #expect(receipt.lines.first?.unitCost == Money(minorUnits: 10))
        #expect(receipt.tags == ["free_form": "x"])  // dictionary keys are data, not converted
    }

    @Test func refusedValueIsValidationFailedUnderItsSnakeCasePath() {
        struct Body: Decodable { var unitCost: Money }
        let error = decodingFailure(Body.self, #"{"unit_cost": "1.234"}"#)
        #expect(error?.httpStatus == 422)
        guard case .validationFailed(let fields)? = error else {
            Issue.record("expected validation_failed, got \(String(describing: error))")
            return
        }
        #expect(Array(fields.keys) == ["unit_cost"])
        #expect(error?.details["fields"]?["unit_cost"] != nil)
    }

    @Test func nestedAndMissingFieldsUseSnakeCasePaths() {
        let base = #""warehouse_id":1,"posted_at":"2026-12-01T09:30:00Z","tags":{}"#
        let badQty = decodingFailure(Receipt.self, "{\(base),\"lines\":[{\"product_id\":1,\"qty\":\"x\",\"unit_cost\":\"1\"}]}")
        #expect(badQty == nil ? false : badQty!.details["fields"]?["lines[0].qty"] != nil)
        let missing = decodingFailure(Receipt.self, "{\(base),\"lines\":[{\"qty\":\"1\",\"unit_cost\":\"1\"}]}")
        #expect(missing == .validationFailed(fields: ["lines[0].product_id": "is required"]))
        let badDate = decodingFailure(Receipt.self, #"{"warehouse_id":1,"posted_at":"yesterday","tags":{},"lines":[]}"#)
        #expect(badDate?.details["fields"]?["posted_at"] != nil)
    }

    @Test func malformedJSONAndWrongTypesAreBadRequest() {
        #expect(decodingFailure(Receipt.self, "{not json")?.code == .badRequest)
        let wrongType = decodingFailure(Receipt.self, #"{"warehouse_id":"three"}"#)
        #expect(wrongType?.code == .badRequest)
        #expect(wrongType?.message.contains("warehouse_id") == true)
    }

    @Test(arguments: [
        ("2026-12-01T09:30:00Z", 1_796_117_400.0), ("2026-12-01t09:30:00z", 1_796_117_400.0),
        ("2026-12-01T09:30:00.5Z", 1_796_117_400.5), ("2026-12-01T04:00:00-05:30", 1_796_117_400.0),
        ("1970-01-01T00:00:00Z", 0.0), ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func parsesRFC3339(text: String, seconds: Double) {
        #expect(RFC3339.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "2026-12-01", "2026-12-01 09:30:00Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-12-01T24:00:00Z", "2026-12-01T09:30:00", "2026-12-01T09:30:00.Z", "2026-12-01T09:30:00+0300",
    ])
    func refusesWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test func formatsUTCWithOptionalFraction() {
        let date = Date(timeIntervalSince1970: 1_796_117_400.1234)
        #expect(RFC3339.string(from: date) == "2026-12-01T09:30:00Z")
        #expect(RFC3339.string(from: date, fractionDigits: 3) == "2026-12-01T09:30:00.123Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
