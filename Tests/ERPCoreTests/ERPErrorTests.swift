import Foundation
import Testing

@testable import ERPCore

/// API.md's table and CLI.md's exit codes, written out independently of the implementation.
private let expectedMapping: [ERPError.Code: (code: String, status: Int, exit: Int32)] = [
    .badRequest: ("bad_request", 400, 6), .unauthorized: ("unauthorized", 401, 5),
    .forbidden: ("forbidden", 403, 5), .notFound: ("not_found", 404, 3),
    .insufficientStock: ("insufficient_stock", 409, 4), .exceedsOrder: ("exceeds_order", 409, 4),
    .invalidState: ("invalid_state", 409, 4),
    .versionConflict: ("version_conflict", 409, 4), .duplicate: ("duplicate", 409, 4),
    .payloadTooLarge: ("payload_too_large", 413, 6), .validationFailed: ("validation_failed", 422, 6),
    .idempotencyKeyReused: ("idempotency_key_reused", 422, 4), .rateLimited: ("rate_limited", 429, 4),
    .unavailable: ("unavailable", 503, 7), .internal: ("internal", 500, 1),
]

private struct ReceiptLine: Codable {
    let qty: Quantity
    let unitCost: Money
    enum CodingKeys: String, CodingKey { case qty, unitCost = "unit_cost" }
}

private struct ReceiptBody: Codable {
    let lines: [ReceiptLine]
}

private func decodingError(_ json: String) -> ERPError? {
    do {
        _ = try JSONDecoder().decode(ReceiptBody.self, from: Data(json.utf8))
        return nil
    } catch let error as DecodingError {
        return ERPError(decoding: error)
    } catch {
        return .internal(reference: "unexpected \(error)")
    }
}

private func roundTrip(_ value: JSONValue) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
}

@Suite("ERPError")
struct ERPErrorTests {
    @Test func everyCodeHasExactlyOneExampleAndAnExpectedMapping() {
        let codes = ERPError.allExamples.map(\.code)
        #expect(codes == ERPError.Code.allCases)
        #expect(Set(codes).count == ERPError.Code.allCases.count)
        #expect(Set(expectedMapping.keys) == Set(ERPError.Code.allCases))
    }

    @Test(arguments: ERPError.allExamples)
    func codeStatusAndExitCodeFollowTheContracts(error: ERPError) throws {
        let expected = try #require(expectedMapping[error.code])
        #expect(error.code.rawValue == expected.code)
        #expect(error.httpStatus == expected.status)
        #expect(error.exitCode == expected.exit)
        #expect(error.message.hasSuffix("."))
        #expect(error.envelope["error"]?["code"] == .string(expected.code))
    }

    @Test func headersTooLargeIs431AndBodyTooLargeIs413() {
        #expect(ERPError.payloadTooLarge(part: .headers, limit: 32_768).httpStatus == 431)
        #expect(ERPError.payloadTooLarge(part: .body, limit: 1_048_576).httpStatus == 413)
    }

    @Test func insufficientStockDetailsListEveryShortLine() {
        struct ProductID: EntityID { let rawValue: Int64 }
        let error = ERPError.insufficientStock(lines: [
            ShortLine(product: ProductID(rawValue: 7), requested: Quantity(thousandths: 3000), available: Quantity(thousandths: 1500)),
            ShortLine(productID: 9, requested: Quantity(thousandths: 1), available: .zero),
        ])
        #expect(error.details.description == #"{"lines":[{"available":"1.500","product_id":7,"requested":"3.000"},"#
            + #"{"available":"0.000","product_id":9,"requested":"0.001"}]}"#)
        #expect(error.message == "Not enough stock for 2 lines; nothing was reserved.")
    }

    @Test func envelopeHasTheAPIShape() throws {
        let error = ERPError.notFound(entity: "product", id: "42")
        #expect(error.envelope.description
            == #"{"error":{"code":"not_found","details":{"entity":"product","id":"42"},"message":"Product 42 was not found."}}"#)
        #expect(try roundTrip(error.envelope) == error.envelope)
    }

    @Test(arguments: [
        (ERPError.validationFailed(fields: ["price": "must not be negative", "lines[0].qty": "is required"]),
         #"{"fields":{"lines[0].qty":"is required","price":"must not be negative"}}"#),
        (.duplicate(entity: "product", field: "sku", existingID: nil), #"{"entity":"product","existing_id":null,"field":"sku"}"#),
        (.duplicate(entity: "product", field: "sku", existingID: 3), #"{"entity":"product","existing_id":3,"field":"sku"}"#),
        (.invalidState(entity: "order", current: "draft", action: "ship"), #"{"action":"ship","current":"draft","entity":"order"}"#),
        (.versionConflict(current: 5), #"{"current_version":5}"#),
        (.rateLimited(retryAfterSeconds: 30), #"{"retry_after_seconds":30}"#),
        (.payloadTooLarge(part: .body, limit: 1024), #"{"limit_bytes":1024,"part":"body"}"#),
        (.internal(reference: "req-7"), #"{"reference":"req-7"}"#),
        (.unavailable(reason: "database down"), "{}"), (.idempotencyKeyReused, "{}"),
    ])
    func detailsHaveAStableShapePerCode(error: ERPError, json: String) {
        #expect(error.details.description == json)
    }

    @Test func mergingCombinesEveryFieldErrorKeepingTheFirstMessage() {
        let merged = ERPError.merged([
            .validationFailed(fields: ["name": "must not be empty"]),
            .invalid("price", .malformed(text: "x", expected: "an amount like 1234.50")),
            .validationFailed(fields: ["name": "second message", "sku": "is taken"]),
        ])
        #expect(merged == .validationFailed(fields: [
            "name": "must not be empty", "price": "'x' is not valid: expected an amount like 1234.50", "sku": "is taken",
        ]))
        #expect(ERPError.merged([]) == nil)
        let notFound = ERPError.notFound(entity: "warehouse", id: "3")
        #expect(ERPError.merged([.validationFailed(fields: ["a": "b"]), notFound]) == notFound)
    }

    @Test func fieldErrorsCollectEveryBadFieldBeforeThrowing() {
        var problems = FieldErrors()
        let qty = problems.check("lines[0].qty") { () throws(ValueError) in try Quantity(parsing: "2.5") }
        let price = problems.check("lines[0].price") { () throws(ValueError) in try Money(parsing: "1.234") }
        let rate = problems.check("vat_rate") { () throws(ValueError) in try VATRate(parsing: "18") }
        #expect(qty == Quantity(thousandths: 2500) && price == nil && rate == nil)
        let error = #expect(throws: ERPError.self) { try problems.throwIfAny() }
        guard case .validationFailed(let fields) = error else {
            Issue.record("expected validation_failed, got \(String(describing: error))")
            return
        }
        #expect(fields.keys.sorted() == ["lines[0].price", "vat_rate"])
        #expect(fields["lines[0].price"]?.contains("at most 2 decimal places") == true)
        #expect(FieldErrors().error == nil)
    }

    @Test func decodingErrorsBecomeFieldErrorsOrBadRequests() {
        #expect(decodingError(#"{"lines":[{"qty":"1","unit_cost":"1.234"}]}"#)
            == .validationFailed(fields: ["lines[0].unit_cost": "'1.234' has too many decimals: at most 2 decimal places allowed"]))
        #expect(decodingError(#"{"lines":[{"qty":"1"}]}"#) == .validationFailed(fields: ["lines[0].unit_cost": "is required"]))
        #expect(decodingError(#"{"lines": [}"#) == .badRequest(reason: "the body is not valid JSON"))
        #expect(decodingError(#"{"lines":[{"qty":true,"unit_cost":"1"}]}"#)
            == .badRequest(reason: "lines[0].qty must be a decimal string or number"))
        #expect(decodingError(#"{"lines":[{"qty":null,"unit_cost":"1"}]}"#)?.httpStatus == 400)
        #expect(decodingError(#"{"lines":"none"}"#)?.code == .badRequest)
        #expect(decodingError(#"{"lines":[{"qty":"1","unit_cost":"1"}]}"#) == nil)
    }
}

@Suite("EntityID")
struct EntityIDTests {
    struct ProductID: EntityID { let rawValue: Int64 }
    struct WarehouseID: EntityID { let rawValue: Int64 }

    @Test(arguments: [("42", Int64(42)), ("1", 1), ("007", 7), ("9223372036854775807", .max)])
    func parsesPositiveDigits(text: String, raw: Int64) throws {
        #expect(try ProductID(parsing: text).rawValue == raw)
        #expect(ProductID(text)?.rawValue == raw)
    }

    @Test(arguments: ["", "0", "-1", "+1", " 1", "1 ", "1.0", "0x1", "abc", "9223372036854775808", "٣"])
    func refusesAnythingButAPositiveWholeNumber(text: String) {
        #expect(throws: ValueError.self) { try ProductID(parsing: text) }
        #expect(ProductID(text) == nil)
    }

    @Test func encodesAsAJSONNumberAndComparesByValue() throws {
        let ids = [ProductID(rawValue: 3), ProductID(rawValue: 1), ProductID(rawValue: 2)]
        #expect(String(decoding: try JSONEncoder().encode(ids), as: UTF8.self) == "[3,1,2]")
        #expect(try JSONDecoder().decode([ProductID].self, from: Data("[3,1,2]".utf8)) == ids)
        #expect(ids.sorted().map(\.description) == ["1", "2", "3"])
        #expect(Set(ids).count == 3 && ids[0] == ProductID(rawValue: 3))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ProductID].self, from: Data("[0]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ProductID].self, from: Data("[\"3\"]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([WarehouseID].self, from: Data("[1.5]".utf8)) }
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    @Test func writesCompactSortedEscapedJSON() {
        let value = JSONValue.object([
            "b": .array([.number(1), .bool(true), .null]), "a": .string("quote \" slash \\ line\n\u{1}"),
            "c": .number("-0.50"),
        ])
        #expect(value.description == #"{"a":"quote \" slash \\ line\n\u0001","b":[1,true,null],"c":-0.50}"#)
    }

    @Test func roundTripsThroughFoundationWithExactNumbers() throws {
        let value = JSONValue.object([
            "big": .number(Int64.max), "exact": .number("12345678901234.56"), "tiny": .number("0.1"),
            "text": .string("Привет"), "flag": .bool(false), "nothing": .null, "list": .array([.number(-1)]),
        ])
        #expect(try roundTrip(value) == value)
    }
}
