// The owner's users: the list, adding one (login, name, role, warehouse scope, all clients, an
// initial password), changing the role and flags, disabling and enabling, and setting a new password
// (the service offers "set by the owner"; nothing is ever shown back). Every rule — who may, the
// last owner, nobody disabling themselves — is `AccessService`'s.

import ERPCore
import ERPServer
import HTTP1
import Postgres
import Warehouse

/// `/admin/users…`.
struct UserPages: PageGroup {
    let time: TimeSource
    var service: AccessService { AccessService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/admin/users", .admin(.users), permission: .manageUsers, order: 900)]
    }

    var pages: [Page] {
        [
            Page(.get, "/admin/users", access: .permission(.manageUsers), query: [.text("cursor", maxLength: 200, "The next page")]) { context in
                try list(context)
            },
            Page(.get, "/admin/users/new", access: .permission(.manageUsers)) { context in try form(context) },
            Page(.post, "/admin/users/new", access: .permission(.manageUsers)) { context in try add(context) },
            Page(.get, "/admin/users/{id}", access: .permission(.manageUsers)) { context in try show(context) },
            Page(.post, "/admin/users/{id}", access: .permission(.manageUsers)) { context in try change(context) },
            Page(.post, "/admin/users/{id}/block", access: .permission(.manageUsers)) { context in try setActive(false, context) },
            Page(.post, "/admin/users/{id}/unblock", access: .permission(.manageUsers)) { context in try setActive(true, context) },
            Page(.post, "/admin/users/{id}/password", access: .permission(.manageUsers)) { context in try setPassword(context) },
        ]
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let page = try context.withConnection { try service.users(limit: 100, cursor: context.query("cursor"), by: principal, on: $0) }
        let rows = page.items.map { user -> HTML in
            """
            <tr><td><a href="/admin/users/\(String(user.id.rawValue))">\(user.login)</a></td><td>\(user.name)</td>
            <td>\(context.text(.role(user.role)))</td><td>\(UserForm.state(user, context: context))</td></tr>
            """
        }
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.admin(.emptyUsers))</p>" : """
            <table class="list" id="users"><thead><tr><th>\(context.text(.login))</th><th>\(context.admin(.displayName))</th>
            <th>\(context.admin(.role))</th><th>\(context.text(.status))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            \(context.adminNav)<div class="heading"><h1>\(context.admin(.users))</h1><a class="button primary" href="/admin/users/new">\(context.admin(.addUser))</a></div>
            \(table)\(SalesFormat.nextLink(page.nextCursor, path: "/admin/users", keeping: [], context: context))
            """
        return context.render(title: context.admin(.users), body)
    }

    private func form(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let warehouses = try context.withConnection { try WarehouseService(time: time).warehouses(by: principal, on: $0) }
        let form = context.form
        let typed = UserForm.role(form)
        let body: HTML = """
            <h1>\(context.admin(.newUser))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/admin/users/new" class="card-form">\(context.csrfField)\(try context.idempotencyField())
            <label for="login">\(context.text(.login))</label>
            <input id="login" name="login" value="\(form["login"] ?? "")" required autocomplete="off"\(errors.attributes(for: "login"))>\(errors.message(for: "login"))
            \(UserForm.roleFields(name: form["name"] ?? "", role: typed.role, allClients: typed.allClients, scope: typed.scope,
                                  warehouses: warehouses, errors: errors, context: context))
            <label for="password">\(context.admin(.password))</label>
            <input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint"\(errors.attributes(for: "password"))>
            <p class="muted" id="password-hint">\(context.admin(.passwordHint))</p>\(errors.message(for: "password"))
            <div class="actions"><button type="submit" class="primary">\(context.admin(.addUser))</button></div></form>
            """
        return context.render(title: context.admin(.newUser), body, status: status)
    }

    private func add(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let typed = UserForm.role(form)
        let command = NewUser(login: form["login"] ?? "", name: form["name"], role: typed.role, allClients: typed.allClients,
                              warehouseScope: typed.scope,
                              password: form.all("password").first.flatMap { $0.isEmpty ? nil : $0 })
        let service = service
        do {
            return try context.postOnce { tx in
                let user = try service.add(command, by: principal, channel: principal.channel, in: tx)
                return SalesFormat.banner("/admin/users/\(user.id.rawValue)", notice: "user_added", number: user.login)
            }
        } catch {
            return try self.form(context, errors: UserForm.errors(for: error, context: context), status: error.httpStatus)
        }
    }

    private func show(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: UserID.self, entity: "user")
        let service = service
        let (user, warehouses) = try context.withConnection { connection in
            (try service.user(id, by: principal, on: connection), try WarehouseService(time: time).warehouses(by: principal, on: connection))
        }
        let path = "/admin/users/\(id.rawValue)"
        // After a refusal the form shows what was typed; otherwise the stored user.
        let typed = context.form["version"] == nil ? (role: user.role, allClients: user.allClients, scope: user.warehouseScope) : UserForm.role(context.form)
        let toggle: HTML = user.active
            ? "<form method=\"post\" action=\"\(path)/block\">\(context.csrfField)<button type=\"submit\">\(context.admin(.block))</button></form>"
            : "<form method=\"post\" action=\"\(path)/unblock\">\(context.csrfField)<button type=\"submit\">\(context.admin(.unblock))</button></form>"
        let body: HTML = """
            <div class="heading"><h1>\(context.admin(.editUser)) \(user.login)</h1>\(UserForm.state(user, context: context))
            <div class="actions">\(toggle)</div></div>\(SalesFormat.general(errors))
            <form method="post" action="\(path)" class="card-form">\(context.csrfField)
            <input type="hidden" name="version" value="\(String(user.version))">
            \(UserForm.roleFields(name: context.form["version"] == nil ? user.name : context.form["name"] ?? "", role: typed.role,
                                  allClients: typed.allClients, scope: typed.scope, warehouses: warehouses, errors: errors, context: context))
            <div class="actions"><button type="submit" class="primary">\(context.text(.save))</button></div></form>
            <h2>\(context.admin(.resetPassword))</h2>
            <form method="post" action="\(path)/password" class="card-form">\(context.csrfField)
            <label for="new_password">\(context.admin(.newPassword))</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password" required\(errors.attributes(for: "new_password"))>
            \(errors.message(for: "new_password"))
            <div class="actions"><button type="submit">\(context.admin(.setPassword))</button></div></form>
            <p><a href="\(SalesFormat.url("/admin/tokens", [("user", String(id.rawValue))]))">\(context.admin(.apiTokens))</a></p>
            """
        return context.render(title: context.admin(.editUser) + " " + user.login, body, status: status)
    }

    private func change(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: UserID.self, entity: "user")
        let form = context.form
        let typed = UserForm.role(form)
        let changes = UserChanges(version: form["version"].flatMap(Int64.init) ?? 0, name: form["name"], role: typed.role,
                                  allClients: typed.allClients, warehouseScope: typed.scope)
        return try act(context, id: id, notice: "user_changed") { try service.change(id, with: changes, by: principal, on: $0) }
    }

    private func setActive(_ active: Bool, _ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: UserID.self, entity: "user")
        let service = service
        return try act(context, id: id, notice: active ? "unblocked" : "blocked") { connection in
            active ? try service.enable(id, by: principal, on: connection) : try service.disable(id, by: principal, on: connection)
        }
    }

    private func setPassword(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: UserID.self, entity: "user")
        let password = context.form.all("new_password").first ?? ""
        let service = service
        return try act(context, id: id, notice: "password_set") { connection in
            let user = try service.user(id, by: principal, on: connection)
            return try service.setPassword(password, forLogin: user.login, by: principal, on: connection)
        }
    }

    /// Runs a change of the user and redirects to their page with `notice`; a refusal shows the
    /// page with the errors at their fields (nothing changed).
    private func act(_ context: PageContext, id: UserID, notice: String,
                     _ effect: (Connection) throws -> User) throws -> HTTPResponse {
        do {
            let user = try context.withConnection { try effect($0) }
            return context.redirect(to: SalesFormat.banner("/admin/users/\(id.rawValue)", notice: notice, number: user.login))
        } catch {
            if case .notFound = error { throw error }
            return try show(context, errors: UserForm.errors(for: error, context: context), status: error.httpStatus)
        }
    }
}
