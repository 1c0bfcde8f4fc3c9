// The bank statement operations of the randomized test: workers import overlapping statements
// (each line claimed and paid once), and resolve, dismiss and reopen the queued lines at the same
// time, so two of them often act on the same line: one wins, the other is refused.

import Billing
import ERPCore
import Exchange
import Purchasing
import TestShop

extension Worker {
    /// An INN no party has: its lines wait in the queue.
    private static let unknownPayer = "500100732259"

    /// Runs a statement operation; false when there was nothing to act on yet.
    mutating func performStatement(_ operation: Operation) throws -> Bool {
        let (exchange, accountant) = (world.exchange, world.people.accountant)
        switch operation {
        case .resolveStatementLine:
            guard let line = try exchange.statementQueue(by: accountant, on: connection).randomElement(using: &random) else { return false }
            let resolved = try exchange.resolve(line.id, StatementResolution(clientID: world.shop.client.id), by: accountant, on: connection)
            guard let id = resolved.paymentID else { return true }
            let payment = try world.billing.payment(id, by: accountant, on: connection)
            world.tally.withLock { $0.recordStatementPayment(payment) }
        case .dismissStatementLine:
            guard let line = try exchange.statementQueue(by: accountant, on: connection).randomElement(using: &random) else { return false }
            let reason = StatementDismissal.Reason.allCases.randomElement(using: &random)!
            _ = try exchange.dismiss(line.id, StatementDismissal(reason: reason, comment: "перевод"), by: accountant, on: connection)
            world.tally.withLock { $0.dismissedLines += 1 }
        case .reopenStatementLine:
            guard let line = try exchange.statementQueue(dismissed: true, by: accountant, on: connection).randomElement(using: &random)
            else { return false }
            _ = try exchange.reopen(line.id, by: accountant, on: connection)
            world.tally.withLock { $0.dismissedLines -= 1 }
        default:
            try importStatement()
        }
        return true
    }

    /// Line numbers from a small range, so workers import the same line at the same time: each
    /// is claimed, and paid, once. Money in is the client's (or, numbers over 100, an unknown
    /// payer's: queued); money out pays the supplier, whose one bill the lines race to settle.
    private mutating func importStatement() throws {
        var numbers = (0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 1...30, using: &random) }
        if Int.random(in: 0..<3, using: &random) == 0 { numbers.append(Int.random(in: 101...180, using: &random)) }
        let documents = numbers.flatMap { number in
            number <= 30 && number.isMultiple(of: 3)
                ? ["СекцияДокумент=Платежное поручение", "Номер=\(number)", "Дата=\(world.today.dotted)", "Сумма=\(number * 10).00",
                   "ПлательщикСчет=40702810938000012345", "ПолучательИНН=\(world.payee.inn ?? "")", "НазначениеПлатежа=Оплата",
                   "КонецДокумента"]
                : ["СекцияДокумент=Платежное поручение", "Номер=\(number)", "Дата=\(world.today.dotted)", "Сумма=\(number * 100).00",
                   "ПлательщикИНН=\(number > 100 ? Self.unknownPayer : world.shop.client.inn ?? "")",
                   "ПолучательСчет=40702810938000012345", "НазначениеПлатежа=Оплата", "КонецДокумента"]
        }
        let text = (["1CClientBankExchange", "Кодировка=Windows", "РасчСчет=40702810938000012345"] + documents + ["КонецФайла"])
            .joined(separator: "\n")
        let (billing, accountant) = (world.billing, world.people.accountant)
        let result = try world.exchange.importStatement(Array(text.utf8), dryRun: false, by: accountant, on: connection)
        let payments = try result.lines.compactMap(\.paymentID).map { try billing.payment($0, by: accountant, on: connection) }
        let paidOut = Set(result.lines.compactMap(\.supplierPaymentID))
        let supplierPayments = paidOut.isEmpty ? [] : try world.purchasing.payments(supplier: world.payee.id, limit: 500,
                                                                                    by: accountant, on: connection)
            .items.filter { paidOut.contains($0.id) }
        world.tally.withLock { tally in
            for payment in payments { tally.recordStatementPayment(payment) }
            for payment in supplierPayments {
                tally.statementSupplierPayments[payment.id] = payment
                tally.number(payment.number, in: "supplier_payments")
            }
        }
    }
}
