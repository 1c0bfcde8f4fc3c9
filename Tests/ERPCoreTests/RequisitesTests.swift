import Testing

@testable import ERPCore

/// Checksums against real requisites (Sberbank: INN 7707083893, OGRN 1027700132195, BIC
/// 044525225, corr. account 30101810400000000225) and the same values with one digit changed.
@Suite("Requisites")
struct RequisitesTests {
    @Test(arguments: [
        ("7707083893", PartyKind.company, true), ("7736207543", .company, true),
        ("7707083894", .company, false), ("770708389", .company, false), ("77070838930", .company, false),
        ("77070838a3", .company, false), ("500100732259", .person, true), ("500100732258", .person, false),
        ("500100732269", .person, false), ("7707083893", .person, false), ("500100732259", .company, false),
    ])
    func innCheckDigits(inn: String, kind: PartyKind, valid: Bool) {
        #expect((Requisites.innProblem(inn, kind: kind) == nil) == valid, "\(inn) as \(kind)")
    }

    @Test(arguments: [
        ("773601001", true), ("7736AB001", true), ("77360100", false), ("7736ab001", false), ("77A601001", false),
        ("7736010011", false), ("7736AB0A1", false),
    ])
    func kppShape(kpp: String, valid: Bool) {
        #expect((Requisites.kppProblem(kpp) == nil) == valid, "\(kpp)")
    }

    @Test(arguments: [
        ("1027700132195", PartyKind.company, true), ("1027700132196", .company, false),
        ("1027700132295", .company, false), ("102770013219", .company, false),
        ("304500116000157", .person, true), ("304500116000158", .person, false),
        ("1027700132195", .person, false), ("30450011600015x", .person, false),
    ])
    func ogrnCheckDigits(ogrn: String, kind: PartyKind, valid: Bool) {
        #expect((Requisites.ogrnProblem(ogrn, kind: kind) == nil) == valid, "\(ogrn) as \(kind)")
    }

    @Test(arguments: [("044525225", true), ("044525974", true), ("034525225", false), ("04452522", false), ("04452522X", false)])
    func bicShape(bic: String, valid: Bool) {
        #expect((Requisites.bicProblem(bic) == nil) == valid, "\(bic)")
    }

    @Test(arguments: [
        ("40702810938000012345", "044525225", true), ("40817810700000000001", "044525225", true),
        ("40702810938000012346", "044525225", false), ("40702810938000012345", "044525974", false),
        ("4070281093800001234", "044525225", false), ("4070281093800001234X", "044525225", false),
    ])
    func settlementAccountControlKey(account: String, bic: String, valid: Bool) {
        #expect((Requisites.accountProblem(account, bic: bic) == nil) == valid, "\(account) at \(bic)")
    }

    @Test(arguments: [
        ("30101810400000000225", "044525225", true), ("30101810145250000974", "044525974", true),
        ("30101810400000000226", "044525225", false), ("30101810400000000225", "044030653", false), ("30101810500000000653", "044030653", true),
        ("3010181040000000022", "044525225", false),
    ])
    func correspondentAccountControlKey(account: String, bic: String, valid: Bool) {
        #expect((Requisites.correspondentAccountProblem(account, bic: bic) == nil) == valid, "\(account) at \(bic)")
    }

    @Test func accountWithAMalformedBICIsCheckedOnlyForItsShape() {
        #expect(Requisites.accountProblem("40702810938000012346", bic: "12345") == nil)
        #expect(Requisites.accountProblem("407", bic: nil) == "must be 20 digits")
    }

    @Test(arguments: [
        ("anna@example.com", true), ("a.b+c@mail.example.ru", true), ("anna@example", false), ("@example.com", false),
        ("anna example@x.ru", false), ("a@b@c.ru", false), ("anna@.example.com", false), ("anna@example..com", false),
    ])
    func emailSyntax(email: String, valid: Bool) {
        #expect((Requisites.emailProblem(email) == nil) == valid, "\(email)")
    }

    @Test(arguments: [
        ("+7 (916) 123-45-67", "79161234567"), ("8 916 123 45 67", "79161234567"), ("9161234567", "9161234567"),
        ("+44 20 7946 0958", "442079460958"),
    ])
    func phonesAreNormalisedToDigits(phone: String, digits: String) {
        #expect(Requisites.normalizedPhone(phone) == digits)
    }

    @Test(arguments: ["12345", "+7 916 CALL-ME", "1234567890123456", ""])
    func phonesThatAreNotNumbersAreRefused(phone: String) {
        #expect(Requisites.normalizedPhone(phone) == nil)
    }
}
