import Catalog
import ERPCore
import Testing

@testable import Demo

@Suite("Demo requisites and random numbers")
struct DemoRequisitesTests {
    @Test func splitMix64GivesItsPublishedSequence() {
        // The reference implementation's first outputs for seed 0 (Vigna, splitmix64.c).
        var random = DemoRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func drawsStayInRangeAndRepeatForTheSameSeed() {
        var first = DemoRandom(seed: 42)
        var second = DemoRandom(seed: 42)
        let draws = (0..<1_000).map { _ in first.int(in: 3...9) }
        #expect(draws == (0..<1_000).map { _ in second.int(in: 3...9) })
        #expect(Set(draws) == Set(3...9))
        let weighted = WeightedChoice([1, 0, 98])
        let picks = (0..<1_000).map { _ in weighted.draw(using: &first) }
        #expect(picks.filter { $0 == 2 }.count > 900 && Set(picks).isSubset(of: [0, 1, 2]))
        #expect(first.sample([1, 2, 3, 4, 5], count: 3).count == 3 && Set(first.sample([1, 2, 3], count: 9)) == [1, 2, 3])
    }

    @Test func generatedRequisitesPassTheServicesChecks() {
        var random = DemoRandom(seed: 7)
        for region in DemoRequisites.regions {
            for _ in 0..<50 {
                let inn = DemoRequisites.companyINN(region: region, using: &random)
                #expect(inn.hasPrefix("00" + region) && Requisites.innProblem(inn, kind: .company) == nil)
                #expect(Requisites.kppProblem(DemoRequisites.kpp(forINN: inn)) == nil)
                let personINN = DemoRequisites.personINN(region: region, using: &random)
                #expect(personINN.hasPrefix("00" + region) && Requisites.innProblem(personINN, kind: .person) == nil)
                let ogrn = DemoRequisites.ogrn(kind: .company, region: region, using: &random)
                #expect(ogrn.dropFirst(3).hasPrefix("00" + region) && Requisites.ogrnProblem(ogrn, kind: .company) == nil)
                let ogrnip = DemoRequisites.ogrn(kind: .person, region: region, using: &random)
                #expect(ogrnip.dropFirst(3).hasPrefix("00" + region) && Requisites.ogrnProblem(ogrnip, kind: .person) == nil)
            }
        }
        for bank in DemoRequisites.banks {
            #expect(Requisites.bicProblem(bank.bic) == nil)
            #expect(Requisites.correspondentAccountProblem(bank.corrAccount, bic: bank.bic) == nil, "\(bank.name)")
            for kind in PartyKind.allCases {
                var problems = FieldErrors()
                let details = DemoRequisites.account(at: bank, kind: kind, using: &random)
                #expect(BankDetails.validated(details, into: &problems) == details)
                #expect(problems.isEmpty)
            }
        }
    }

    @Test func barcodesAreUniqueRussianEAN13s() {
        var random = DemoRandom(seed: 9)
        var taken = Set<String>()
        let codes = (0..<500).map { _ in DemoRequisites.ean13(using: &random, taken: &taken) }
        #expect(Set(codes).count == 500)
        #expect(codes.allSatisfy { $0.count == 13 && $0.hasPrefix("46") && Barcodes.problem(with: $0) == nil })
    }

    @Test func noDemoNumberCanBeARealCompanysOrBanks() {
        // Region 00 opens no real INN and follows the sign and year in no real OGRN; territory 00
        // is in no real BIC.
        #expect(DemoCompany.settings.inn?.hasPrefix("00") == true && DemoCompany.settings.kpp?.hasPrefix("00") == true)
        #expect(DemoCompany.settings.ogrn?.dropFirst(3).hasPrefix("00") == true)
        let bics = DemoRequisites.banks.map(\.bic) + [DemoCompany.settings.bank?.bic ?? ""]
        #expect(bics.allSatisfy { $0.hasPrefix("0400") })
    }

    @Test func theCompanysOwnSettingsAreValid() throws {
        let settings = DemoCompany.settings
        #expect(Requisites.innProblem(try #require(settings.inn), kind: .company) == nil)
        #expect(Requisites.kppProblem(try #require(settings.kpp)) == nil)
        #expect(Requisites.ogrnProblem(try #require(settings.ogrn), kind: .company) == nil)
        var problems = FieldErrors()
        #expect(BankDetails.validated(settings.bank, into: &problems) == settings.bank && problems.isEmpty)
    }

    @Test func theClockWalksWorkingDaysEndingOnTheLastDay() throws {
        var clock = DemoClock(months: 3, endingOn: CalendarDate("2026-11-30")!)
        #expect(CalendarDate(utcDayOf: clock.days[0]) == CalendarDate("2026-08-31"))
        #expect(CalendarDate(utcDayOf: try #require(clock.days.last)) == CalendarDate("2026-11-30"))
        #expect((60...70).contains(clock.days.count))
        clock.begin(day: 0, actions: 10)
        #expect(clock.weekday == 2 && clock.isMonthEnd)
        var random = DemoRandom(seed: 1)
        let start = clock.now
        for _ in 0..<10_000 { clock.tick(&random) }
        #expect(clock.now > start && clock.today == CalendarDate("2026-08-31"))
        clock.begin(day: 1, actions: 10)
        #expect(clock.isMonthStart && clock.today == CalendarDate("2026-09-01"))
    }
}
