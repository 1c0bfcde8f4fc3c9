import Billing
import Demo
import ERPCore
import Foundation
import TestSupport
import Testing

@testable import Exchange

/// The small demo business, loaded once for the suite (its tests touch different rows).
private struct DemoBusiness: Sendable {
    static let shared: Result<DemoBusiness, any Error> = Result { try DemoBusiness() }
    let database: TestDatabase

    private init() throws {
        database = try TestDatabase.make()
        let connection = try database.connect()
        defer { connection.close() }
        _ = try DemoLoader.load(.small, lastDay: CalendarDate("2026-06-30")!, on: connection)
    }
}

/// Exchange on our own demo business: a statement paying its open invoices, and half a year of its
/// sales for 1C (persons without INN, services, units in kg and m) validated against 1C's schema.
@Suite("Exchange on the demo business")
struct DemoExchangeTests {
    /// The purpose as a client's accountant might type it for invoice `number` (`INV-2026-000123`).
    static func purpose(_ number: String, variant: Int) -> String {
        switch variant % 3 {
        case 0: "Оплата по сч. № \(number) от 01.12.2026, в т.ч. НДС 20%"
        case 1: "оплата счета \(number.lowercased().replacingOccurrences(of: "-", with: " ")) за инструмент"
        default: "По счету " + number.prefix(9) + String(Int(number.dropFirst(9)) ?? 0) + "; НДС не облагается"
        }
    }

    /// Every open invoice of a client with an INN is paid in full by one line, its number written
    /// the ways people type it.
    @Test func everyOpenInvoiceIsPaidByItsLineAndImportingAgainPaysNothing() throws {
        let connection = try DemoBusiness.shared.get().database.connect()
        defer { connection.close() }
        let owner = try Users.principal(forLogin: DemoLoader.ownerLogin, channel: .cli, on: connection)
        let billing = BillingService()
        let open = try billing.documents(DocumentFilter(type: .invoice, status: .issued, limit: 500), by: owner, on: connection).items
            .filter { ($0.outstanding?.minorUnits ?? 0) > 0 && $0.content.buyer.inn != nil }
        try #require(open.count >= 3, "the demo leaves invoices open")
        let statement = StatementFile(entries: open.enumerated().map { index, invoice in
            let buyer = invoice.content.buyer
            return .init(number: String(1000 + index), amount: invoice.outstanding!.description, payerINN: buyer.inn!,
                         payerKPP: buyer.kpp ?? "", payer: buyer.name, purpose: Self.purpose(invoice.number, variant: index))
        })

        let exchange = ExchangeService()
        let result = try exchange.importStatement(statement.bytes, dryRun: false, by: owner, on: connection)
        #expect(result.lines.map(\.outcome) == Array(repeating: .paid, count: open.count))
        #expect(result.lines.map(\.invoiceNumber) == open.map(\.number))
        let stillOpen = try Set(billing.documents(DocumentFilter(type: .invoice, status: .issued, limit: 500), by: owner, on: connection).items
            .filter { ($0.outstanding?.minorUnits ?? 0) > 0 }.map(\.id))
        #expect(stillOpen.isDisjoint(with: open.map(\.id)))

        let again = try exchange.importStatement(statement.bytes, dryRun: false, by: owner, on: connection)
        #expect(again.lines.allSatisfy { $0.outcome == .duplicate })
    }

    @Test func halfAYearOfSalesValidatesForOneCWithEveryIssuedUPDAndCreditNote() throws {
        let connection = try DemoBusiness.shared.get().database.connect()
        defer { connection.close() }
        let owner = try Users.principal(forLogin: DemoLoader.ownerLogin, channel: .cli, on: connection)
        let (from, to) = (CalendarDate("2026-01-01")!, CalendarDate("2026-06-30")!)
        let bytes = try ExchangeService().enterpriseData(from: from, to: to, by: owner, on: connection)
        let file = try TemporaryFile(named: "demo.xml", bytes: bytes)
        let run = try file.validate(against: EnterpriseDataTests.schema)
        #expect(run.status == 0, "xmllint: \(run.errors.prefix(2000))")
        let exchange = ExchangeService()
        let upds = try connection.serviceTransaction { tx in try exchange.issued(.upd, from: from, to: to, by: owner, in: tx) }
        let credits = try connection.serviceTransaction { tx in try exchange.issued(.correction, from: from, to: to, by: owner, in: tx) }
            .filter { !$0.returnIDs.isEmpty }
        try #require(upds.count >= 10 && !credits.isEmpty, "the demo ships, takes goods back and documents both")
        #expect(try file.xpath("count(//*[local-name()='Документ.РеализацияТоваровУслуг'])") == String(upds.count))
        #expect(try file.xpath("count(//*[local-name()='Документ.ВозвратТоваровОтПокупателя'])") == String(credits.count))
        let sentBack = try connection.serviceTransaction { tx in try exchange.supplierReturns(from: from, to: to, by: owner, in: tx) }
        #expect(!sentBack.isEmpty, "the demo sends goods back to suppliers")
        #expect(try file.xpath("count(//*[local-name()='Документ.ВозвратТоваровПоставщику'])") == String(sentBack.count))
        // What the schema cannot say, asked of xmllint: each sale's and purchase's total is its
        // lines' (in kopecks), and every counterparty and item a document names is one the message
        // describes, each once.
        func e(_ path: String) -> String { path.split(separator: "/").map { "*[local-name()='\($0)']" }.joined(separator: "/") }
        let sale = "//" + e("Документ.РеализацияТоваровУслуг"), purchase = "//" + e("Документ.ПоступлениеТоваровУслуг")
        for withVAT in [sale, "//" + e("Документ.ВозвратТоваровОтПокупателя")] {
            #expect(try file.xpath("count(\(withVAT)[round(\(e("Сумма")) * 100) != round(sum(\(e("Товары/Строка/Сумма"))) * 100)])") == "0")
        }
        #expect(try Int(file.xpath("count(\(purchase))")) ?? 0 > 0, "the demo buys from suppliers")
        for net in [purchase, "//" + e("Документ.ВозвратТоваровПоставщику")] {
            #expect(try file.xpath("""
                count(\(net)[round(\(e("Сумма")) * 100) != round((sum(\(e("Товары/Строка/Сумма"))) + sum(\(e("Товары/Строка/СуммаНДС")))) * 100)])
                """) == "0")
        }
        func texts(_ path: String) throws -> Set<String> { Set(try file.xpath("//" + e(path) + "/text()").split(separator: "\n").map(String.init)) }
        let returns = ["Документ.ВозвратТоваровОтПокупателя", "Документ.ВозвратТоваровПоставщику"]
        let parties = try texts("Документ.РеализацияТоваровУслуг/Контрагент/Ссылка")
            .union(try texts("Документ.ПоступлениеТоваровУслуг/КлючевыеСвойства/Контрагент/Ссылка"))
            .union(try returns.flatMap { try texts($0 + "/Контрагент/Ссылка") })
        #expect(try file.xpath("count(//*[local-name()='Справочник.Контрагенты'])") == String(parties.count))
        let described = try texts("Справочник.Контрагенты/КлючевыеСвойства/Ссылка")
            .union(try texts("Справочник.Номенклатура/КлючевыеСвойства/Ссылка"))
        let named = parties.union(try texts("Документ.РеализацияТоваровУслуг/Товары/Строка/ДанныеНоменклатуры/Номенклатура/Ссылка"))
            .union(try texts("Документ.ПоступлениеТоваровУслуг/Товары/Строка/ДанныеНоменклатуры/Номенклатура/Ссылка"))
            .union(try returns.flatMap { try texts($0 + "/Товары/Строка/ДанныеНоменклатуры/Номенклатура/Ссылка") })
        #expect(named.count > 35 && named.isSubset(of: described), "\(named.subtracting(described))")
    }
}
