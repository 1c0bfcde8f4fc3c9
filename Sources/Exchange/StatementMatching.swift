// Who paid and for what: an incoming statement line's payer is found among the clients by INN
// (and KPP when the bank gives one), its invoice by a number in the purpose text
// ("Оплата по сч. № INV-2026-000123 от 01.12.2026, в т.ч. НДС 22%") or else by the amount, when
// exactly one of the client's open invoices owes exactly that. Reads through the Parties and
// Billing facades, inside the import's transaction, so lines paid earlier in the same statement
// count.

import Billing
import ERPCore
import Parties
import Postgres

/// How a line was matched, or why not.
struct StatementMatch {
    var client: Party?
    var invoice: IssuedDocument?
    var matchedBy: String?
    var reason: String?
}

enum StatementMatching {

    /// Matches an incoming line of `document`.
    /// - Throws: `PostgresError`, `ERPError` of the facades.
    static func match(_ document: BankDocument, amount: Money, billing: BillingService, by principal: Principal,
                      in tx: Transaction) throws -> StatementMatch {
        guard let inn = document.payerINN, inn.count == 10 || inn.count == 12, inn.allSatisfy(\.isASCIIDigit) else {
            return StatementMatch(reason: "the payer has no INN")
        }
        var clients = try Parties.find(inn: inn, by: principal, in: tx).filter(\.isClient)
        var matchedBy = "inn"
        if clients.count > 1, let kpp = document.payerKPP {
            clients = clients.filter { $0.kpp == kpp }
            matchedBy = "inn+kpp"
        }
        guard clients.count == 1, let client = clients.first else {
            return StatementMatch(reason: clients.isEmpty ? "no client has INN \(inn)" : "several clients have INN \(inn)")
        }
        let open = try billing.documents(DocumentFilter(clientID: client.id, type: .invoice, status: .issued, limit: 500),
                                         by: principal, in: tx).items.filter { ($0.outstanding?.minorUnits ?? 0) > 0 }
        // `INV-2026-000123`, also typed `inv 2026 123`; the number is the invoice's, padded.
        for found in (document.purpose ?? "").matches(of: /(?i)INV[-\s]?(\d{4})[-\s]?(\d{1,6})/) {
            guard let sequence = Int(found.2) else { continue }
            let number = "INV-\(found.1)-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
            if let invoice = open.first(where: { $0.number == number }) {
                return StatementMatch(client: client, invoice: invoice, matchedBy: matchedBy + ", invoice number")
            }
        }
        let exact = open.filter { $0.outstanding == amount }
        if exact.count == 1 { return StatementMatch(client: client, invoice: exact[0], matchedBy: matchedBy + ", amount") }
        return StatementMatch(client: client, matchedBy: matchedBy)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
