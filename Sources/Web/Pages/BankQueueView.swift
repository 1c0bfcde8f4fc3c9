// The bank page's parts: a statement's preview table, a queued line with its two forms (resolve:
// the client and, if she likes, the invoice — or the supplier for money out; dismiss: a reason and
// a comment), and the dismissed lines with "back to the queue". The choices come from the Parties
// and Billing facades once per page.

import Billing
import ERPCore
import Exchange
import Parties
import Postgres

/// What a queued line may be resolved with: clients, suppliers, open invoices (value, label).
struct BankChoices {
    var clients: [(String, String)]
    var suppliers: [(String, String)]
    var invoices: [(String, String)]

    /// What the `queue` needs: for money in the clients and the open invoices with their clients,
    /// for money out the suppliers (for someone who may pay them); nothing is read for an empty queue.
    /// - Throws: `ERPError`.
    static func load(for queue: [StatementLine], by principal: Principal, time: TimeSource, on connection: Connection) throws -> BankChoices {
        let (incoming, outgoing) = (queue.contains { !$0.amount.isNegative }, queue.contains { $0.amount.isNegative })
        let parties = PartiesService(time: time)
        let clients = incoming ? try parties.parties(matching: PartyFilter(isClient: true, limit: 500), by: principal, on: connection).items : []
        let suppliers = outgoing && principal.may(.paySuppliers)
            ? try parties.parties(matching: PartyFilter(isSupplier: true, limit: 500), by: principal, on: connection).items : []
        let open = incoming ? try BillingService(time: time).documents(DocumentFilter(type: .invoice, status: .issued, limit: 100), by: principal,
                                                                       on: connection).items.filter { ($0.outstanding?.minorUnits ?? 0) > 0 } : []
        let names = Dictionary(clients.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return BankChoices(
            clients: clients.map { (String($0.id.rawValue), $0.name + ($0.inn.map { " · " + $0 } ?? "")) },
            suppliers: suppliers.map { (String($0.id.rawValue), $0.name + ($0.inn.map { " · " + $0 } ?? "")) },
            invoices: open.map { invoice in
                (String(invoice.id.rawValue), [invoice.number, names[invoice.clientID] ?? "", WebFormat.money(invoice.outstanding ?? invoice.total)]
                    .filter { !$0.isEmpty }.joined(separator: " · "))
            })
    }
}

enum BankQueueView {
    /// The preview: each line, what would become of it, matched how or why not.
    static func preview(_ result: StatementImport, context: PageContext) -> HTML {
        let rows = result.lines.map { line -> HTML in
            // Who paid whom: the file says it in each line, whichever way the money went.
            let party = [line.payerName ?? line.payerINN, line.payeeName ?? line.payeeINN].compactMap { $0 }
            let how = line.outcome == .paid ? [line.matchedBy.map { context.bank(.explanation($0)) }, line.invoiceNumber].compactMap { $0 }
                .joined(separator: " · ") : context.bank(.explanation(line.reason ?? ""))
            return """
                <tr><td>\(line.number ?? "")</td><td>\(line.date?.dotted ?? "")</td>
                <td class="num">\(line.amount.map(WebFormat.money) ?? "")</td><td>\(party.joined(separator: " → "))</td>
                <td>\(badge(line.outcome, context: context))</td><td>\(how)</td></tr>
                """
        }
        return """
            <div class="scroll"><table class="list"><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.date))</th>
            <th class="num">\(context.say(.amount))</th><th>\(context.bank(.counterparty))</th><th>\(context.text(.status))</th>
            <th>\(context.bank(.matchedBy)) / \(context.bank(.why))</th></tr></thead><tbody>\(HTML.joined(rows))</tbody></table></div>
            """
    }

    /// A queued line: its facts, why it waits, and the forms that resolve or dismiss it.
    static func line(_ line: StatementLine, choices: BankChoices, context: PageContext) -> HTML {
        let id = String(line.id.rawValue)
        let incoming = !line.amount.isNegative
        let who = [incoming ? line.payerName : line.payeeName, incoming ? line.payerINN : line.payeeINN].compactMap { $0 }.joined(separator: " · ")
        let party: HTML = incoming ? """
            <div><label for="client-\(id)">\(context.say(.client))</label><select id="client-\(id)" name="client" required>
            \(SalesFormat.options([("", "—")] + choices.clients, selected: nil))</select></div>
            <div><label for="invoice-\(id)">\(context.bank(.invoice))</label><select id="invoice-\(id)" name="invoice">
            \(SalesFormat.options([("", context.say(.oldestFirst))] + choices.invoices, selected: nil))</select></div>
            """ : """
            <div><label for="supplier-\(id)">\(context.bank(.supplier))</label><select id="supplier-\(id)" name="supplier" required>
            \(SalesFormat.options([("", "—")] + choices.suppliers, selected: nil))</select></div>
            """
        let reasons = StatementDismissal.Reason.allCases.map { ($0.rawValue, context.bank(.dismissal($0.rawValue))) }
        let key = (try? Tokens.randomSecret()) ?? ""
        return """
            <article class="panel statement-line" id="line-\(id)">
            <h3>\(incoming ? context.bank(.moneyIn) : context.bank(.moneyOut)) \(WebFormat.money(incoming ? line.amount : (try? -line.amount) ?? line.amount)) · № \(line.number) · \(line.date.dotted)</h3>
            <p>\(who)</p><p>\(line.purpose ?? "")</p><p class="hint">\(context.bank(.why)): \(context.bank(.explanation(line.reason ?? "")))</p>
            <form method="post" action="/bank/queue/\(id)/resolve">\(context.csrfField)\(hidden(key + "r"))
            <div class="fields">\(party)</div>
            <div class="actions"><button type="submit" class="primary">\(context.bank(.resolve))</button></div></form>
            <form method="post" action="/bank/queue/\(id)/dismiss">\(context.csrfField)\(hidden(key + "d"))
            <div class="fields"><div><label for="reason-\(id)">\(context.text(.reason))</label><select id="reason-\(id)" name="reason">
            \(SalesFormat.options(reasons, selected: nil))</select></div>
            <div><label for="comment-\(id)">\(context.bank(.comment))</label><input id="comment-\(id)" name="comment" maxlength="500"></div></div>
            <div class="actions"><button type="submit">\(context.bank(.dismiss))</button></div></form>
            </article>
            """
    }

    /// The dismissed lines, each with "back to the queue"; nothing when there are none.
    static func dismissed(_ lines: [StatementLine], context: PageContext) -> HTML {
        guard !lines.isEmpty else { return "" }
        let rows = lines.prefix(50).map { line -> HTML in
            let why = [line.dismissal.map { context.bank(.dismissal($0.reason.rawValue)) }, line.dismissal?.comment].compactMap { $0 }
            return """
                <tr><td>\(line.number)</td><td>\(line.date.dotted)</td><td class="num">\(WebFormat.money(line.amount))</td>
                <td>\(why.joined(separator: ": "))</td><td><form method="post" action="/bank/queue/\(String(line.id.rawValue))/reopen">
                \(context.csrfField)\(hidden((try? Tokens.randomSecret()) ?? ""))<button type="submit">\(context.bank(.reopen))</button></form></td></tr>
                """
        }
        return """
            <section><h2>\(context.bank(.dismissed))</h2><div class="scroll"><table class="list"><thead><tr>
            <th>\(context.text(.number))</th><th>\(context.text(.date))</th><th class="num">\(context.say(.amount))</th>
            <th>\(context.text(.reason))</th><th></th></tr></thead><tbody>\(HTML.joined(rows))</tbody></table></div></section>
            """
    }

    /// The idempotency key of one of the page's forms.
    private static func hidden(_ key: String) -> HTML {
        "<input type=\"hidden\" name=\"\(FormFields.idempotencyName)\" value=\"\(key)\">"
    }

    private static func badge(_ outcome: StatementLineResult.Outcome, context: PageContext) -> HTML {
        let tone = switch outcome {
        case .paid: "posted"
        case .queued: "open"
        case .duplicate, .skipped: "cancelled"
        case .outgoing: "active"
        }
        return "<span class=\"badge \(tone)\">\(context.bank(.outcome(outcome.rawValue)))</span>"
    }
}
