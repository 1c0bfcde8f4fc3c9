import Foundation
@testable import Postgres
import Testing

@Suite("Timestamp text conversions")
struct PostgresTimestampTests {
    @Test(arguments: [
        ("2026-12-01 09:30:00+00", 1_796_117_400.0),
        ("2026-12-01 12:30:00+03", 1_796_117_400.0),
        ("2026-12-01 09:30:00.5+00", 1_796_117_400.5),
        ("1970-01-01 00:00:00+00", 0.0),
        ("1969-12-31 23:59:59+00", -1.0),
        ("2000-02-29", 951_782_400.0),
        ("2026-12-01 05:00:00-04:30", 1_796_117_400.0),
    ])
    func parsesServerOutput(_ text: String, _ seconds: Double) {
        #expect(PostgresTimestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["", "2026-13-01", "2026-12-01 25", "garbage", "2026-12-01 09:30:00+"])
    func rejectsMalformedText(_ text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test func formatIsParseableBackOverManyInstants() {
        var seconds = -2_000_000_000.0
        while seconds < 4_000_000_000 {
            let date = Date(timeIntervalSince1970: seconds.rounded())
            #expect(PostgresTimestamp.parse(PostgresTimestamp.format(date)) == date)
            seconds += 12_345_678.9
        }
    }
}
