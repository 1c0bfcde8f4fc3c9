// The owner's API tokens: every user's tokens (prefix, dates — never a secret), issuing one for a
// user (the token is shown this once, with a warning, on the answer to the POST itself: nothing
// keeps it to show again) and revoking one, which the API refuses from that moment (401).

import ERPCore
import ERPServer
import HTTP1

/// `/admin/tokens…`.
struct TokenPages: PageGroup {
    let time: TimeSource
    var service: AccessService { AccessService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/admin/tokens", .admin(.apiTokens), permission: .manageUsers, order: 910)]
    }

    var pages: [Page] {
        [
            Page(.get, "/admin/tokens", access: .permission(.manageUsers), query: [.id("user", "The user to issue a token for")]) { context in
                try list(context)
            },
            Page(.post, "/admin/tokens/issue", access: .permission(.manageUsers)) { context in try issue(context) },
            Page(.post, "/admin/tokens/{prefix}/revoke", access: .permission(.manageUsers)) { context in try revoke(context) },
        ]
    }

    /// The lifetimes offered, in days (0 = never).
    private static let lifetimes = [30, TokenExpiry.standardDays, 365, 0]

    private func list(_ context: PageContext, issued: (IssuedToken, String)? = nil, errors: FormErrors = FormErrors(),
                      status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let (users, tokens) = try context.withConnection { connection in
            let users = try service.users(limit: 500, by: principal, on: connection).items
            return (users, try users.flatMap { try service.tokens(of: $0.id, by: principal, on: connection) })
        }
        let logins = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.login) })
        let rows = tokens.sorted { $0.createdAt > $1.createdAt }.map { token -> HTML in
            let state: HTML = token.revokedAt.map { "<span class=\"badge cancelled\">\(context.admin(.revoked)) \(WebFormat.date($0))</span>" }
                ?? """
                <form method="post" action="/admin/tokens/\(token.prefix)/revoke">\(context.csrfField)<button type="submit" class="link">\(context.admin(.revoke))</button></form>
                """
            return """
                <tr><td><code>erp_\(token.prefix)…</code></td><td>\(logins[token.userID] ?? "")</td><td>\(WebFormat.date(token.createdAt))</td>
                <td>\(token.expiresAt.map(WebFormat.date) ?? context.admin(.never))</td><td>\(token.lastUsedAt.map(WebFormat.dateTime) ?? "—")</td>
                <td>\(state)</td></tr>
                """
        }
        let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.admin(.emptyTokens))</p>" : """
            <div class="scroll"><table class="list" id="tokens"><thead><tr><th>\(context.admin(.prefix))</th><th>\(context.admin(.tokenUser))</th>
            <th>\(context.admin(.issuedAt))</th><th>\(context.admin(.expires))</th><th>\(context.admin(.lastUsed))</th><th>\(context.text(.status))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let shown: HTML = issued.map { token, login in
            """
            <section class="secret" role="alert"><h2>\(context.admin(.tokenIssued)): \(login)</h2><p>\(context.admin(.tokenShownOnce))</p>
            <input id="issued-token" readonly value="\(token.token)" aria-label="\(context.admin(.tokenIssued))"></section>
            """
        } ?? ""
        let selected = context.form["user"] ?? context.query("user")
        let lifetimes = Self.lifetimes.map { days in
            (String(days), days == 0 ? context.admin(.never) : context.admin(.days(days)))
        }
        let body: HTML = """
            \(context.adminNav)<h1>\(context.admin(.apiTokens))</h1>\(shown)\(SalesFormat.general(errors))
            <form method="post" action="/admin/tokens/issue" class="filters">\(context.csrfField)
            <div><label for="user">\(context.admin(.tokenUser))</label><select id="user" name="user"\(errors.attributes(for: "user"))>
            \(SalesFormat.options(users.filter(\.active).map { (String($0.id.rawValue), $0.login + " — " + $0.name) }, selected: selected))</select>\(errors.message(for: "user"))</div>
            <div><label for="days">\(context.admin(.expiry))</label><select id="days" name="days"\(errors.attributes(for: "days"))>
            \(SalesFormat.options(lifetimes, selected: context.form["days"] ?? String(TokenExpiry.standardDays)))</select>\(errors.message(for: "days"))</div>
            <button type="submit" class="primary">\(context.admin(.issueToken))</button></form>
            \(table)
            """
        var response = context.render(title: context.admin(.apiTokens), body, status: status)
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }

    private func issue(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        guard let user = context.form["user"].flatMap({ try? UserID(parsing: $0) }) else {
            var errors = FormErrors()
            errors.fields["user"] = context.text(.required)
            return try list(context, errors: errors, status: 422)
        }
        let days = Int(context.form["days"] ?? "") ?? TokenExpiry.standardDays
        let service = service
        let issued: (IssuedToken, String)
        do {
            issued = try context.withConnection { connection in
                (try service.issueToken(for: user, expiry: days == 0 ? .never : .inDays(days), by: principal, on: connection),
                 try service.user(user, by: principal, on: connection).login)
            }
        } catch {
            if case .notFound = error { throw error }
            return try list(context, errors: context.formErrors(for: error) { $0.hasPrefix("expires") || $0 == "days" ? "days" : nil },
                            status: error.httpStatus)
        }
        return try list(context, issued: issued)
    }

    private func revoke(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let prefix = try context.parameter("prefix", as: String.self, entity: "token")
        let service = service
        let info = try context.withConnection { try service.revokeToken(prefix: prefix, by: principal, on: $0) }
        return context.redirect(to: SalesFormat.banner("/admin/tokens", notice: "revoked", number: "erp_" + info.prefix))
    }
}
