import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport

@Suite("VAT by date: categories and the dated rate table")
struct VATCategoryTests {
    @Test func theSQLCategoryOfEveryRateIsTheSwiftOne() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        for rate in VATRate.allCases {
            let sql = try connection.query("SELECT vat_category_of(\(rate.basisPoints)::integer)").single().decode(0, as: String?.self)
            #expect(sql == rate.category.rawValue, "\(rate)")
        }
    }

    @Test func theStandardRateIs20OnTheLastDayOf2025And22FromTheFirstOf2026() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        let given: [VATRate] = [.percent20, .percent22, .percent10, .percent0, .withoutVAT, .percent7]
        let (december, january) = try connection.transaction { tx in
            (try VATRate.inForce(given, on: CalendarDate("2025-12-31")!, in: tx),
             try VATRate.inForce(given, on: CalendarDate("2026-01-01")!, in: tx))
        }
        #expect(december == [.percent20, .percent20, .percent10, .percent0, .withoutVAT, .percent7])
        #expect(january == [.percent22, .percent22, .percent10, .percent0, .withoutVAT, .percent7])
        // Before the table starts, the earliest row of the category holds.
        #expect(try connection.transaction { tx in try VATRate.percent22.inForce(on: CalendarDate("1999-06-01")!, in: tx) } == .percent20)
    }

    @Test func aChangeNamingTheRatesOwnCategoryIsNoChange() {
        // A catalog exported in 2025 ("20") and imported in 2026 leaves a product shown at 22 % as it is.
        #expect(VATRate.percent22.changed(to: .percent20) == .percent22)
        #expect(VATRate.percent20.changed(to: .percent22) == .percent20)
        #expect(VATRate.percent22.changed(to: nil) == .percent22)
        #expect(VATRate.percent22.changed(to: .percent10) == .percent10)
        #expect(VATRate.withoutVAT.changed(to: .percent20) == .percent20)
        #expect(VATRate.percent0.changed(to: .withoutVAT) == .withoutVAT)
    }

    @Test func theNextChangeOfRateIsARowNotCode() throws {
        let db = try TestDatabase.make()
        let owner = try db.connectAsOwner()
        defer { owner.close() }
        try owner.query("INSERT INTO vat_rates (category, valid_from, rate_bp) VALUES ('reduced', '2030-01-01', 2000)")
        let connection = try db.connect()
        defer { connection.close() }
        let rates = try connection.transaction { tx in
            (try VATRate.percent10.inForce(on: CalendarDate("2029-12-31")!, in: tx),
             try VATRate.percent10.inForce(on: CalendarDate("2030-01-01")!, in: tx))
        }
        #expect(rates == (.percent10, .percent20))
    }

    @Test func theApplicationMayReadTheRateTableButNotChangeIt() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        defer { connection.close() }
        #expect(throws: PostgresError.self) {
            try connection.query("UPDATE vat_rates SET rate_bp = 2000 WHERE category = 'standard'")
        }
        #expect(try connection.query("SELECT count(*) FROM vat_rates WHERE rate_bp = 2200").single().decode(0, as: Int64.self) == 1)
    }
}
