// Who paid and for what: an incoming statement line's payer is found among the clients by INN
// (and KPP when the bank gives one), its invoice by a number in the purpose text
// ("Оплата по сч. № INV-2026-000123 от 01.12.2026, в т.ч. НДС 22%") or else by the amount, when
// exactly one of the client's open invoices owes exactly that. An outgoing line's payee is found
// among the suppliers the same way; Purchasing allocates the payment to the supplier's oldest open
// bills. Reads through the Parties and Billing facades, inside the import's transaction, so lines
// paid earlier in the same statement count.

import Billing
import ERPCore
import Parties
import Postgres

/// How a line was matched, or why not.
struct StatementMatch {
    /// The client who paid (money in) or the supplier we paid (money out).
    var party: Party?
    var invoice: IssuedDocument?
    var matchedBy: String?
    var reason: String?
    /// False for money out that no one needs to resolve (a payee without an INN: bank fees).
    var waits = true
}

enum StatementMatching {

    /// Matches an incoming line of `document`.
    /// - Throws: `PostgresError`, `ERPError` of the facades.
    static func match(_ document: BankDocument, amount: Money, billing: BillingService, by principal: Principal,
                      in tx: Transaction) throws -> StatementMatch {
        let found = try party(inn: document.payerINN, kpp: document.payerKPP, role: "client", \.isClient, by: principal, in: tx)
        guard let client = found.party, let matchedBy = found.matchedBy else { return found }
        let open = try billing.documents(DocumentFilter(clientID: client.id, type: .invoice, status: .issued, limit: 500),
                                         by: principal, in: tx).items.filter { ($0.outstanding?.minorUnits ?? 0) > 0 }
        // `INV-2026-000123`, also typed `inv 2026 123`; the number is the invoice's, padded.
        for found in (document.purpose ?? "").matches(of: /(?i)INV[-\s]?(\d{4})[-\s]?(\d{1,6})/) {
            guard let sequence = Int(found.2) else { continue }
            let number = "INV-\(found.1)-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
            if let invoice = open.first(where: { $0.number == number }) {
                return StatementMatch(party: client, invoice: invoice, matchedBy: matchedBy + ", invoice number")
            }
        }
        let exact = open.filter { $0.outstanding == amount }
        if exact.count == 1 { return StatementMatch(party: client, invoice: exact[0], matchedBy: matchedBy + ", amount") }
        return StatementMatch(party: client, matchedBy: matchedBy)
    }

    /// Matches an outgoing line of `document`: its payee among the suppliers. A payee without an
    /// INN (the bank's own fees) is money out for the record, not a question for the accountant;
    /// without the permission to pay suppliers the line waits for someone who has it.
    /// - Throws: `PostgresError`, `ERPError` of the facades.
    static func matchSupplier(_ document: BankDocument, by principal: Principal, in tx: Transaction) throws -> StatementMatch {
        guard validINN(document.payeeINN) != nil else { return StatementMatch(reason: "money out to a payee without an INN", waits: false) }
        guard principal.may(.paySuppliers) else { return StatementMatch(reason: "recording it needs the permission to pay suppliers") }
        return try party(inn: document.payeeINN, kpp: document.payeeKPP, role: "supplier", \.isSupplier, by: principal, in: tx)
    }

    /// The one party in `role` with this INN (KPP narrows several), or why there is none.
    private static func party(inn: String?, kpp: String?, role: String, _ isInRole: (Party) -> Bool, by principal: Principal,
                              in tx: Transaction) throws -> StatementMatch {
        let side = role == "client" ? "payer" : "payee"
        guard let inn = validINN(inn) else { return StatementMatch(reason: "the \(side) has no INN") }
        var parties = try Parties.find(inn: inn, by: principal, in: tx).filter(isInRole)
        var matchedBy = "inn"
        if parties.count > 1, let kpp {
            parties = parties.filter { $0.kpp == kpp }
            matchedBy = "inn+kpp"
        }
        guard parties.count == 1, let party = parties.first else {
            return StatementMatch(reason: parties.isEmpty ? "no \(role) has INN \(inn)" : "several \(role)s have INN \(inn)")
        }
        return StatementMatch(party: party, matchedBy: matchedBy)
    }

    /// `inn` when it has the 10 (company) or 12 (person) digits of an INN.
    private static func validINN(_ inn: String?) -> String? {
        guard let inn, inn.count == 10 || inn.count == 12, inn.allSatisfy(\.isASCIIDigit) else { return nil }
        return inn
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
