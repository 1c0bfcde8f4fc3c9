// The accountant's bank page: upload the client-bank statement (a multipart form: the file keeps
// its code page), see the preview — what would be paid, matched how, queued and why — with nothing
// changed, then import it (idempotent: a second submit runs nothing, and a statement imported again
// only reports duplicates); below, the queue of unmatched lines, each resolved by choosing the
// client and invoice (or the supplier) or dismissed with a reason, and the dismissed lines, which
// can go back to the queue. Every rule is ExchangeService's; the page parses forms and calls it.

import Billing
import ERPCore
import ERPServer
import Exchange
import Foundation
import HTTP1
import Parties
import Postgres

/// `/bank…`.
struct BankPages: PageGroup {
    let time: TimeSource
    var service: ExchangeService { ExchangeService(time: time) }

    /// The largest statement the page takes (a busy year of one account is far less).
    static let fileLimit = 5 << 20

    var menu: [MenuEntry] {
        [MenuEntry("/bank", .bank(.bank), permission: .recordPayments, order: 245)]
    }

    var pages: [Page] {
        [
            Page(.get, "/bank", access: .permission(.recordPayments)) { context in try index(context) },
            Page(.post, "/bank/preview", access: .permission(.recordPayments), bodyLimit: Self.fileLimit) { context in try preview(context) },
            // The preview carries the file on, base64 in a hidden field: a third larger.
            Page(.post, "/bank/apply", access: .permission(.recordPayments), bodyLimit: Self.fileLimit * 3 / 2) { context in
                try apply(context)
            },
            Page(.post, "/bank/queue/{id}/resolve", access: .permission(.recordPayments)) { context in try resolve(context) },
            Page(.post, "/bank/queue/{id}/dismiss", access: .permission(.recordPayments)) { context in try dismiss(context) },
            Page(.post, "/bank/queue/{id}/reopen", access: .permission(.recordPayments)) { context in try reopen(context) },
        ]
    }

    /// The upload form, the queue and the dismissed lines; `errors` of a refused form above them.
    private func index(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let (queue, dismissed, choices) = try context.withConnection { connection in
            let queue = try service.statementQueue(by: principal, on: connection)
            return (queue, try service.statementQueue(dismissed: true, by: principal, on: connection),
                    try BankChoices.load(for: Array(queue.prefix(50)), by: principal, time: time, on: connection))
        }
        let upload: HTML = """
            <section><h2>\(context.bank(.uploadStatement))</h2>
            <form method="post" action="/bank/preview" enctype="multipart/form-data">\(context.csrfField)
            <label for="file">\(context.bank(.statementFile))</label>
            <input type="file" id="file" name="file" accept=".txt,text/plain" required aria-describedby="file-hint"\(errors.attributes(for: "file"))>
            <p class="hint" id="file-hint">\(context.bank(.statementHint))</p>\(errors.message(for: "file"))
            <div class="actions"><button type="submit" class="primary">\(context.bank(.check))</button></div></form></section>
            """
        let lines: HTML = queue.isEmpty ? "<p class=\"empty\">\(context.bank(.emptyQueue))</p>"
            : HTML.joined(queue.prefix(50).map { BankQueueView.line($0, choices: choices, context: context) })
        let body: HTML = """
            <div class="heading"><h1>\(context.bank(.bank))</h1></div>\(SalesFormat.general(errors))\(upload)
            <section><h2>\(context.bank(.queue)) (\(String(queue.count)))</h2>\(lines)</section>
            \(BankQueueView.dismissed(dismissed, context: context))
            """
        return context.render(title: context.bank(.bank), body, status: status)
    }

    /// The statement's preview: the same import, rolled back.
    private func preview(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        guard let bytes = context.form.files["file"], !bytes.isEmpty else {
            return try index(context, errors: Self.fileError(context.bank(.chooseFile), context), status: 422)
        }
        let service = service
        let result: StatementImport
        do {
            result = try context.withConnection { try service.importStatement(bytes, dryRun: true, by: principal, on: $0) }
        } catch {
            return try index(context, errors: Self.fileError(Self.message(error, context), context), status: error.httpStatus)
        }
        let body: HTML = """
            <h1>\(context.bank(.preview))</h1><p>\(context.bank(.previewAdvice))</p>
            <p>\(context.bank(.encoding)): \(result.encoding) · \(context.bank(.lineCount(result.lines.count)))</p>
            <form method="post" action="/bank/apply">\(context.csrfField)\(try context.idempotencyField())
            <input type="hidden" name="statement" value="\(Data(bytes).base64EncodedString())">
            <div class="actions"><a class="button" href="/bank">\(context.text(.cancel))</a>
            <button type="submit" class="primary">\(context.bank(.apply))</button></div></form>
            \(BankQueueView.preview(result, context: context))
            """
        return context.render(title: context.bank(.preview), body)
    }

    /// Imports the previewed statement once per form; a line imported before is only reported.
    private func apply(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        guard let bytes = context.form["statement"].flatMap({ Data(base64Encoded: $0) }).map(Array.init), !bytes.isEmpty else {
            return try index(context, errors: Self.fileError(context.bank(.chooseFile), context), status: 422)
        }
        let service = service
        return try act(context) { tx in
            let result = try service.importStatement(bytes, by: principal, in: tx)
            return SalesFormat.banner("/bank", notice: "imported", number: String(result.lines.count))
        }
    }

    /// Resolves a queued line with the chosen client (and invoice) or supplier.
    private func resolve(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StatementLineID.self, entity: "statement line")
        let form = context.form
        let resolution = StatementResolution(clientID: form["client"].flatMap(PartyID.init), invoiceID: form["invoice"].flatMap(DocumentID.init),
                                             supplierID: form["supplier"].flatMap(PartyID.init))
        let service = service
        return try act(context) { tx in
            let line = try service.resolve(id, resolution, by: principal, in: tx)
            return SalesFormat.banner("/bank", notice: "resolved", number: "№ " + line.number)
        }
    }

    /// Dismisses a queued line with the chosen reason.
    private func dismiss(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StatementLineID.self, entity: "statement line")
        guard let reason = context.form["reason"].flatMap(StatementDismissal.Reason.init) else {
            var errors = FormErrors()
            errors.general = context.text(.formHasErrors)
            return try index(context, errors: errors, status: 422)
        }
        let service = service
        let dismissal = StatementDismissal(reason: reason, comment: context.form["comment"])
        return try act(context) { tx in
            let line = try service.dismiss(id, dismissal, by: principal, in: tx)
            return SalesFormat.banner("/bank", notice: "dismissed", number: "№ " + line.number)
        }
    }

    /// Puts a dismissed line back in the queue.
    private func reopen(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StatementLineID.self, entity: "statement line")
        let service = service
        return try act(context) { tx in
            let line = try service.reopen(id, by: principal, in: tx)
            return SalesFormat.banner("/bank", notice: "reopened", number: "№ " + line.number)
        }
    }

    /// Runs a form's effect once per its key and redirects; a refusal shows the page again with
    /// the reason above it (nothing was stored).
    private func act(_ context: PageContext, _ effect: (Transaction) throws -> String) throws -> HTTPResponse {
        do {
            return try context.postOnce(effect)
        } catch {
            var errors = FormErrors()
            errors.general = Self.message(error, context)
            return try index(context, errors: errors, status: error.httpStatus)
        }
    }

    /// A refusal in words: each refused field with the service's precise reason, or the general one.
    private static func message(_ error: ERPError, _ context: PageContext) -> String {
        if case .validationFailed(let fields) = error, !fields.isEmpty {
            return fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
        return context.formErrors(for: error) { _ in nil }.general ?? context.text(.formHasErrors)
    }

    private static func fileError(_ message: String, _ context: PageContext) -> FormErrors {
        var errors = FormErrors()
        errors.fields["file"] = message
        errors.general = context.text(.formHasErrors)
        return errors
    }
}
