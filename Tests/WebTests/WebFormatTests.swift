import ERPCore
import Foundation
import Testing
@testable import Web

/// The pages' formats and language choice (`1 234,50 ₽`, `07.12.2026`, Russian by default).
@Suite("Web formats and language")
struct WebFormatTests {
    @Test(arguments: [
        (123_450, "1\u{202F}234,50\u{00A0}₽"), (5, "0,05\u{00A0}₽"), (-100_000_000, "-1\u{202F}000\u{202F}000,00\u{00A0}₽"),
    ])
    func moneyHasNarrowSpacesBetweenThousandsAndACommaBeforeKopecks(minor: Int64, text: String) {
        #expect(WebFormat.money(Money(minorUnits: minor)) == text)
    }

    @Test func quantitiesShowTheirDecimalsAndTheUnitsShortName() {
        #expect(WebFormat.quantity(Quantity(thousandths: 12_500), unit: "kg") == "12,5\u{00A0}кг")
        #expect(WebFormat.quantity(Quantity(thousandths: 3_000), unit: "pcs") == "3\u{00A0}шт.")
        #expect(WebFormat.quantity(Quantity(thousandths: 1_000_000), unit: "pcs") == "1\u{202F}000\u{00A0}шт.")
    }

    @Test func datesAndTimesAreWrittenInTheCompanysTimeZone() {
        // 2026-12-06 21:30 UTC is already 7 December in Moscow (UTC+3).
        let instant = Date(timeIntervalSince1970: 1_796_592_600)
        #expect(WebFormat.date(instant) == "07.12.2026")
        #expect(WebFormat.dateTime(instant) == "07.12.2026 00:30")
    }

    @Test func russianUnlessTheCookieOrTheBrowserAsksForEnglish() {
        #expect(Language.choose(cookie: nil, acceptLanguage: nil) == .ru)
        #expect(Language.choose(cookie: nil, acceptLanguage: "en-GB,en;q=0.9") == .en)
        #expect(Language.choose(cookie: nil, acceptLanguage: "de-DE,ru;q=0.8") == .ru)
        #expect(Language.choose(cookie: "ru", acceptLanguage: "en-US") == .ru)
        #expect(Language.choose(cookie: "xx", acceptLanguage: "en-US") == .en)
    }

    @Test func anAPIFieldPathNamesItsLineAndTheLinesField() {
        #expect(FormErrors.line(of: "lines[2].qty").map { "\($0.index) \($0.field)" } == "2 qty")
        #expect(FormErrors.line(of: "lines[0].unit_cost").map { "\($0.index) \($0.field)" } == "0 unit_cost")
        #expect(FormErrors.line(of: "lines[7]").map { "\($0.index) \($0.field)" } == "7 ")
        #expect(FormErrors.line(of: "lines[x].qty") == nil && FormErrors.line(of: "supplier_id") == nil)
    }

    @Test func aNextAddressOutsideThisSiteGoesHome() {
        #expect(safeNext("/stock?warehouse=1") == "/stock?warehouse=1")
        for hostile in ["//evil.example/", "https://evil.example/", "/\\evil", "/a b", nil] {
            #expect(safeNext(hostile) == "/")
        }
    }

    @Test func everyAssetTheLayoutNamesIsEmbeddedUnderAContentHashedName() throws {
        for name in ["app.css", "app.js"] {
            let served = try #require(Assets.byName[name])
            #expect(served.path.range(of: #"^/assets/app\.[0-9a-f]{16}\.(css|js)$"#, options: .regularExpression) != nil)
            #expect(!served.bytes.isEmpty)
        }
    }
}

extension WebFormatTests {
    @Test func aRequestBindsTheZoneItsCompanyKeeps() {
        let instant = Date(timeIntervalSince1970: 1_796_592_600)
        let vladivostok = TimeZone(identifier: "Asia/Vladivostok")!
        #expect(WebFormat.$companyCalendar.withValue(WebFormat.calendar(in: vladivostok)) { WebFormat.dateTime(instant) } == "07.12.2026 07:30")
        #expect(WebFormat.dateTime(instant) == "07.12.2026 00:30")
    }
}
