import Foundation
import Postgres
import Testing
import TestSupport

@Suite("Values survive a trip through the server")
struct TypeRoundTripTests {
    let connection: Connection

    init() throws {
        connection = try TestDatabase.make().connect()
    }

    private func echo<T: PostgresEncodable & PostgresDecodable>(_ value: T) throws -> T {
        try connection.query("SELECT \(value)").single().decode(0, as: T.self)
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64.max])
    func int64RoundTrips(_ value: Int64) throws {
        #expect(try echo(value) == value)
    }

    @Test(arguments: [Int32.min, 0, Int32.max])
    func int32RoundTrips(_ value: Int32) throws {
        #expect(try echo(value) == value)
    }

    @Test func intRoundTrips() throws {
        #expect(try echo(Int.max) == Int.max)
    }

    @Test(arguments: ["", "plain", "Привет, мир — ёЁ", "quote ' and \" and \\ and $1", "'; DROP TABLE x; --", "emoji 🧾"])
    func stringRoundTripsExactly(_ value: String) throws {
        #expect(try echo(value) == value)
    }

    @Test func largeTextRoundTrips() throws {
        let value = String(repeating: "Склад №1; ", count: 200_000)
        #expect(try echo(value) == value)
    }

    @Test(arguments: [true, false])
    func boolRoundTrips(_ value: Bool) throws {
        #expect(try echo(value) == value)
    }

    @Test(arguments: [0.0, -1.5, 1e300, Double.infinity])
    func doubleRoundTripsForFloatColumns(_ value: Double) throws {
        #expect(try echo(value) == value)
    }

    @Test func byteaWithZeroBytesRoundTrips() throws {
        let value = Data([0, 1, 2, 0, 255, 0, 0x7F, 0x80])
        #expect(try echo(value) == value)
        #expect(try echo(Data()) == Data())
    }

    @Test func timestampRoundTripsToTheMicrosecond() throws {
        let value = Date(timeIntervalSince1970: 1_796_117_400.123456)
        let back = try echo(value)
        #expect(abs(back.timeIntervalSince1970 - value.timeIntervalSince1970) < 0.000_001)
    }

    @Test func timestampIsReadInUTCWhateverTheServerDefault() throws {
        let row = try connection.query("SELECT '2026-12-01 12:30:00+03'::timestamptz, '2026-12-01'::date").single()
        let instant: Date = try row.decode(0)
        let day: Date = try row.decode(1)
        #expect(instant.timeIntervalSince1970 == 1_796_117_400)
        #expect(day.timeIntervalSince1970 == 1_796_083_200)
    }

    @Test func nullDecodesOnlyIntoOptionals() throws {
        let row = try connection.query("SELECT NULL::bigint, NULL::text, 5::bigint").single()
        #expect(try row.decode(0, as: Int64?.self) == nil)
        #expect(try row.decode(1, as: String?.self) == nil)
        #expect(try row.decode(2, as: Int64?.self) == 5)
        let error = #expect(throws: PostgresError.self) { try row.decode(0, as: Int64.self) }
        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("NULL") == true)
    }

    @Test func optionalNilIsSentAsNull() throws {
        let nothing: String? = nil
        let row = try connection.query("SELECT \(nothing) IS NULL").single()
        #expect(try row.decode(0, as: Bool.self))
    }

    @Test func mismatchedTypesAreClearErrors() throws {
        let row = try connection.query("SELECT 'text'::text, 1.5::numeric, 7::bigint").single()
        let asNumber = #expect(throws: PostgresError.self) { try row.decode(0, as: Int64.self) }
        #expect(asNumber?.message.contains("\"text\"") == true)
        // Exact numbers never become floating point.
        #expect(throws: PostgresError.self) { try row.decode(1, as: Double.self) }
        #expect(try row.decode(1, as: PostgresNumeric.self).text == "1.5")
        #expect(throws: PostgresError.self) { try row.decode(2, as: Int32.self) }
    }

    @Test func columnsCanBeReadByName() throws {
        let row = try connection.query("SELECT 42::int AS answer, 'x' AS letter").single()
        #expect(try row.decode("answer", as: Int32.self) == 42)
        #expect(try row.decode("letter", as: String.self) == "x")
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
    }

    @Test func arraysBindForAnyComparisons() throws {
        let ids: [Int64] = [3, 1, 2]
        let names = ["a\"b", "c,d", "{e}", "Ж"]
        let count = try connection.query("SELECT count(*) FROM generate_series(1, 5) g WHERE g = ANY(\(ids))")
            .single().decode(0, as: Int64.self)
        #expect(count == 3)
        let echoed = try connection.query("SELECT x FROM unnest(\(names)) WITH ORDINALITY AS t(x, n) ORDER BY n")
            .map { try $0.decode(0, as: String.self) }
        #expect(echoed == names)
    }

    @Test func arraysWithNullElementsBindForUnnest() throws {
        let values: [Int64?] = [7, nil, 9]
        let labels: [String?] = [nil, "NULL", "x"]
        let rows = try connection.query("""
            SELECT v, l FROM unnest(\(values), \(labels)) WITH ORDINALITY AS t(v, l, n) ORDER BY n
            """)
        #expect(try rows.map { try $0.decode(0, as: Int64?.self) } == values)
        #expect(try rows.map { try $0.decode(1, as: String?.self) } == labels)
    }

    @Test func queriesConcatenateWithRenumberedBinds() throws {
        var query: PostgresQuery = "SELECT \(Int64(1)) + \(Int64(2))"
        for _ in 0..<10 { query.append(" + \(Int64(10))") }
        #expect(try connection.query(query).single().decode(0, as: Int64.self) == 103)
    }

    @Test func appendedQueryWithTenOrMoreBindsShiftsEachPlaceholderOnce() throws {
        let values = (1...11).map { Int64($0) }
        var tail: PostgresQuery = ""
        for value in values { tail.append(" + \(value)") }
        let query: PostgresQuery = "SELECT \(Int64(100)) * \(Int64(2))" + tail
        let expected = "SELECT $1 * $2" + (3...13).map { " + $\($0)" }.joined()
        #expect(query.sql == expected)
        #expect(query.binds.count == 13)
        #expect(try connection.query(query).single().decode(0, as: Int64.self) == 200 + 66)
    }
}
