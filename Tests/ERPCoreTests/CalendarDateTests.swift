import ERPCore
import Foundation
import Testing

@testable import ERPCore

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test(arguments: ["2026-12-01", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-04-30"])
    func validDatesRoundTripThroughText(text: String) throws {
        #expect(try CalendarDate(parsing: text).description == text)
    }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                      "0000-01-01", "2026-01-32"])
    func impossibleDatesAreOutOfRange(text: String) {
        let error = #expect(throws: ValueError.self) { try CalendarDate(parsing: text) }
        guard case .outOfRange(let refused, _) = error else {
            Issue.record("expected outOfRange, got \(String(describing: error))")
            return
        }
        #expect(refused == text)
    }

    @Test(arguments: ["", "2026-1-01", "2026/12/01", "26-12-01", "2026-12-01T00:00:00Z", " 2026-12-01", "2026-12-0a",
                      "+026-12-01"])
    func otherShapesAreMalformed(text: String) {
        #expect(throws: ValueError.malformed(text: text, expected: "a date like 2026-12-01")) {
            try CalendarDate(parsing: text)
        }
    }

    @Test func formsWriteDatesDottedAndInLongRussian() throws {
        let date = try CalendarDate(year: 2026, month: 12, day: 1)
        #expect(date.dotted == "01.12.2026")
        #expect(date.russianLong == "1 декабря 2026 г.")
        #expect(try CalendarDate(parsing: "2027-03-08").russianLong == "8 марта 2027 г.")
        #expect(try CalendarDate(parsing: "2027-05-31").russianLong == "31 мая 2027 г.")
    }

    @Test func datesOrderChronologically() throws {
        let dates = try ["2026-12-01", "2025-12-31", "2026-01-15", "2026-12-02"].map(CalendarDate.init(parsing:))
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-01-15", "2026-12-01", "2026-12-02"])
    }

    @Test func theUTCDayOfAnInstant() throws {
        // 2026-12-01T23:59:59Z and the next second.
        let instant = try #require(RFC3339.date(from: "2026-12-01T23:59:59Z"))
        #expect(CalendarDate(utcDayOf: instant).description == "2026-12-01")
        #expect(CalendarDate(utcDayOf: instant.addingTimeInterval(1)).description == "2026-12-02")
    }

    @Test func datesAreJSONStrings() throws {
        struct Body: Codable, Equatable { let date: CalendarDate }
        let body = Body(date: try CalendarDate(parsing: "2026-12-01"))
        let json = String(decoding: try ERPJSON.encode(body), as: UTF8.self)
        #expect(json == #"{"date":"2026-12-01"}"#)
        #expect(try ERPJSON.decode(Body.self, from: Array(json.utf8)) == body)
        #expect(throws: ERPError.self) { try ERPJSON.decode(Body.self, from: Array(#"{"date":"2026-02-30"}"#.utf8)) }
        #expect(throws: ERPError.self) { try ERPJSON.decode(Body.self, from: Array(#"{"date":20261201}"#.utf8)) }
    }
}
