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

    /// A statement whose only line no client matched (an unknown payer), imported; its queued line.
    private static func queuedLine(_ number: String, shop: TestShop) throws -> StatementLineID {
        let file = StatementFile(entries: [.init(number: number, amount: "30.00", payerINN: "500100732259", purpose: "За товар")])
        let result = try shop.exchange.importStatement(file.bytes, dryRun: false, by: shop.accountant, on: shop.connection)
        return try #require(result.lines.first?.lineID)
    }

    @Test func twoAccountantsResolvingTheSameLineMakeOnePaymentAndTheOtherIsToldItIsDone() throws {
        let shop = try TestShop.exchangeShop()
        let (exchange, accountant, client) = (shop.exchange, shop.accountant, shop.client.id)
        let rounds = try TwoPartyRace.run(rounds: 20, db: shop.db, setup: { round in try Self.queuedLine("Q\(round)", shop: shop) },
            first: { line, connection in try exchange.resolve(line, StatementResolution(clientID: client), by: accountant, on: connection) },
            second: { line, connection in try exchange.resolve(line, StatementResolution(clientID: client), by: accountant, on: connection) })
        for (index, round) in rounds.enumerated() {
            let won = [round.first, round.second].filter { (try? $0.get()) != nil }.count
            let told = [round.first, round.second].filter { outcome in
                if case .failure(ERPError.invalidState) = outcome { true } else { false }
            }.count
            #expect(won == 1 && told == 1, "round \(index)")
        }
        #expect(try shop.count("payments") == 20)
        #expect(try shop.connection.query("SELECT count(*) FROM bank_statement_lines WHERE status = 'resolved' AND payment_id IS NOT NULL")
            .firstRow?.decode(0, as: Int64.self) == 20)
    }

    @Test func aLineResolvedAndDismissedAtOnceIsEitherPaidOrDismissedNeverBoth() throws {
        let shop = try TestShop.exchangeShop()
        let (exchange, accountant, client) = (shop.exchange, shop.accountant, shop.client.id)
        let rounds = try TwoPartyRace.run(rounds: 20, db: shop.db, setup: { round in try Self.queuedLine("D\(round)", shop: shop) },
            first: { line, connection in try exchange.resolve(line, StatementResolution(clientID: client), by: accountant, on: connection) },
            second: { line, connection in
                try exchange.dismiss(line, StatementDismissal(reason: .ownTransfer), by: accountant, on: connection)
            })
        var resolved: Int64 = 0
        for (index, round) in rounds.enumerated() {
            let first = try? round.first.get(), second = try? round.second.get()
            #expect((first == nil) != (second == nil), "round \(index): exactly one of them")
            let status = try shop.connection.query("SELECT status FROM bank_statement_lines WHERE id = \(round.state)").firstRow?
                .decode(0, as: String.self)
            #expect(status == (first != nil ? "resolved" : "dismissed"), "round \(index)")
            if first != nil { resolved += 1 }
        }
        #expect(try shop.count("payments") == resolved)
    }
}
