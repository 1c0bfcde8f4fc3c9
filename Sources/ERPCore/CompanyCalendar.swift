// The company's calendar. A document issued at 00:30 in Moscow is dated that Moscow day, not the
// UTC day before (possibly another tax period): every document, payment and report date, "today",
// "overdue" and a report's default period come from this one function, which converts an instant
// with the company's time zone (company settings, default Europe/Moscow) through PostgreSQL's zone
// database — the same database the setting is validated against (sql/0016 `company_day`).

import Foundation
import Postgres
import Synchronization

/// Which day an instant is where the company works.
package enum CompanyCalendar {
    /// The zone an installation has before the owner chooses one.
    package static let defaultTimeZone = "Europe/Moscow"

    /// The company's local date of `instant`.
    /// - Throws: `PostgresError`.
    package static func day(of instant: Date, in tx: Transaction) throws -> CalendarDate {
        let text = try tx.query("SELECT company_day(\(instant))::text").single().decode(0, as: String.self)
        do { return try CalendarDate(parsing: text) } catch {
            throw PostgresError(.decoding, message: "company_day: \(error)")
        }
    }

    /// The company's local dates of `instants`, in the same order (one query: a batch of
    /// documents dates its shipments at once).
    /// - Throws: `PostgresError`.
    package static func days(of instants: [Date], in tx: Transaction) throws -> [CalendarDate] {
        guard !instants.isEmpty else { return [] }
        let rows = try tx.query("""
            SELECT company_day(t)::text FROM unnest(\(instants.map(\.postgresText))::text[]::timestamptz[]) WITH ORDINALITY AS i(t, n) ORDER BY i.n
            """)
        return try rows.map { row in
            do { return try CalendarDate(parsing: try row.decode(0, as: String.self)) } catch {
                throw PostgresError(.decoding, message: "company_day: \(error)")
            }
        }
    }

    /// The company's local date of `instant`, in a transaction of its own (a door's default date:
    /// a payment received "today", a report period ending "today").
    /// - Throws: `ERPError` translated from a database failure.
    package static func day(of instant: Date, on connection: Connection) throws(ERPError) -> CalendarDate {
        try connection.serviceTransaction { tx in try day(of: instant, in: tx) }
    }

    /// The instants the company's days `first` … `last` span: its midnight starting `first` and the
    /// one after `last` (a report period, "due today").
    /// - Throws: `PostgresError`.
    package static func span(from first: CalendarDate, to last: CalendarDate, in tx: Transaction) throws -> (start: Date, end: Date) {
        let row = try tx.query("""
            SELECT \(first.description)::date::timestamp AT TIME ZONE company_time_zone(),
                   (\(last.description)::date + 1)::timestamp AT TIME ZONE company_time_zone()
            """).single()
        return (try row.decode(0, as: Date.self), try row.decode(1, as: Date.self))
    }

    /// `span(from:to:in:)` in a transaction of its own (a door's filter by days: the audit log's period).
    /// - Throws: `ERPError` translated from a database failure.
    package static func span(from first: CalendarDate, to last: CalendarDate, on connection: Connection) throws(ERPError) -> (start: Date, end: Date) {
        try connection.serviceTransaction { tx in try span(from: first, to: last, in: tx) }
    }

    /// The company's time zone as Foundation knows it, for a door that reads and prints wall-clock
    /// times (the CLI's task due times); a zone Foundation lacks becomes its offset from UTC now
    /// (Russia's zones keep one offset all year).
    /// - Throws: `ERPError` translated from a database failure.
    package static func timeZone(on connection: Connection) throws(ERPError) -> TimeZone {
        let (name, offset) = try connection.serviceTransaction { tx in
            let row = try tx.query("""
                SELECT company_time_zone(),
                       EXTRACT(EPOCH FROM (now() AT TIME ZONE company_time_zone()) - (now() AT TIME ZONE 'UTC'))::integer
                """).single()
            return (try row.decode(0, as: String.self), try row.decode(1, as: Int32.self))
        }
        return TimeZone(identifier: name) ?? TimeZone(secondsFromGMT: Int(offset)) ?? .gmt
    }

    /// The company's wall clock at `instant`: its day and the seconds since that day's midnight (an
    /// exchange file's "formed on … at …").
    /// - Throws: `PostgresError`.
    package static func wallClock(of instant: Date, in tx: Transaction) throws -> (day: CalendarDate, secondsOfDay: Int) {
        let row = try tx.query("""
            SELECT company_day(\(instant))::text, EXTRACT(EPOCH FROM (\(instant)::timestamptz AT TIME ZONE company_time_zone())::time)::integer
            """).single()
        let (text, seconds) = (try row.decode(0, as: String.self), try row.decode(1, as: Int32.self))
        do { return (try CalendarDate(parsing: text), Int(seconds)) } catch {
            throw PostgresError(.decoding, message: "company_day: \(error)")
        }
    }

    /// The company's calendar year of `instant` (documents are numbered by the year they are posted in).
    /// - Throws: `PostgresError`.
    package static func year(of instant: Date, in tx: Transaction) throws -> Int {
        try day(of: instant, in: tx).year
    }

    /// The zones a Russian company may choose, from PostgreSQL's zone database (the list `save`
    /// checks against): Europe's and Asia's named zones, sorted (the settings form's select). Read
    /// once per process: `pg_timezone_names` reads the zone files on every query (tens of
    /// milliseconds), and they change only with a PostgreSQL upgrade, which restarts us.
    /// - Throws: translated database failures.
    package static func timeZones(on connection: Connection) throws(ERPError) -> [String] {
        if let known = knownZones.withLock({ $0 }) { return known }
        let zones = try connection.serviceTransaction { tx in
            try tx.query("""
                SELECT name FROM pg_timezone_names WHERE name LIKE 'Europe/%' OR name LIKE 'Asia/%' OR name = 'UTC' ORDER BY name
                """).map { try $0.decode(0, as: String.self) }
        }
        knownZones.withLock { $0 = zones }
        return zones
    }

    /// `timeZones(on:)` once read.
    private static let knownZones = Mutex<[String]?>(nil)

    /// Whether PostgreSQL's zone database knows `name` (`Europe/Moscow`, `Asia/Vladivostok`).
    /// - Throws: `PostgresError`.
    static func knows(timeZone name: String, in tx: Transaction) throws -> Bool {
        try tx.query("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = \(name))").single().decode(0, as: Bool.self)
    }
}
