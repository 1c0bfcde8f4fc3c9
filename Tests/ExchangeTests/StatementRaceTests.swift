import Billing
import ERPCore
import Postgres
import TestShop
import TestSupport
import Testing

@testable import Exchange

/// Two accountants importing the same statement at the same instant: every line is claimed by
/// one of them, so each is paid once and the other import reports it as a duplicate.
@Suite("Bank statement import races")
struct StatementRaceTests {
    @Test func twoImportsOfTheSameStatementPayEachLineOnce() throws {
        let shop = try TestShop.exchangeShop()
        let (exchange, accountant) = (shop.exchange, shop.accountant)
        let rounds = try TwoPartyRace.run(rounds: 20, db: shop.db, setup: { round in
            StatementFile(entries: [
                .init(number: "R\(round)-1", amount: "10.00", payerINN: "7707083893", purpose: "Оплата"),
                .init(number: "R\(round)-2", amount: "20.00", payerINN: "7707083893", purpose: "Оплата"),
            ]).bytes
        }, first: { bytes, connection in
            try exchange.importStatement(bytes, dryRun: false, by: accountant, on: connection)
        }, second: { bytes, connection in
            try exchange.importStatement(bytes, dryRun: false, by: accountant, on: connection)
        })
        for (index, round) in rounds.enumerated() {
            let first = try round.first.get(), second = try round.second.get()
            for line in 0..<2 {
                let outcomes = [first.lines[line].outcome, second.lines[line].outcome].sorted { $0.rawValue < $1.rawValue }
                #expect(outcomes == [.duplicate, .paid], "round \(index), line \(line)")
            }
        }
        #expect(try shop.count("payments") == 40 && shop.count("bank_statement_lines") == 40)
    }
}
