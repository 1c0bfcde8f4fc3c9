// `erp user add | list | disable`, `erp token issue | revoke`, `erp audit`: thin adapters over
// ERPCore's access services. They act as the user named by `--as` (or ERP_USER), whose role is
// enforced exactly as over HTTP and recorded in the audit log with channel `cli`. The one
// exception is the bootstrap: `erp user add --role owner` on a database without users.

import ERPCore
import Foundation
import Postgres

/// The access commands (register with `CLI.commands`).
enum UserCommands {
    static let all: [Command] = [add, list, disable, issue, revoke, audit]


    static let add = Command(
        ["user", "add"], summary: "Create a user and print their first token (shown once)",
        options: [
            .value("login", "LOGIN", summary: "Login: letters, digits, . _ @ -", required: true),
            .value("role", "ROLE", summary: "owner, accountant, manager or storekeeper", required: true),
            .value("name", "NAME", summary: "Display name (default: the login)"),
            .flag("password-stdin", summary: "Read a password (8-72 bytes) from standard input"),
            .flag("all-clients", summary: "Managers only: see every client"),
            .repeatable("warehouse", "ID", summary: "Storekeepers only: a warehouse they work in"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        guard let role = try arguments.value("role", parsedBy: parseRole) else {
            throw UsageError("missing required option --role for 'erp user add'", hint: arguments.seeHelp)
        }
        var password: String?
        if arguments.flag("password-stdin") {
            var text = context.input()
            if text.hasSuffix("\n") { text.removeLast() }  // "\r\n" is one Character
            password = text
        }
        let warehouses = try arguments.values("warehouse", parsedBy: { (text: String) throws(ValueError) -> Int64 in
            try WarehouseRef(parsing: text).rawValue
        })
        let command = NewUser(
            login: try arguments.required("login"), name: arguments.value("name"), role: role,
            allClients: arguments.flag("all-clients") ? true : nil,
            warehouseScope: warehouses.isEmpty ? nil : warehouses, password: password)
        return try CommandSupport.withConnection(context) { connection in
            let principal = try CommandSupport.optionalPrincipal(arguments, context, on: connection)
            let added = try AccessService(time: context.time).addWithFirstToken(command, by: principal, channel: .cli, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(added))
            } else {
                context.note("created user \(added.user.login) (id \(added.user.id), \(added.user.role.rawValue)); "
                    + "its token is shown this once:")
                context.print(added.token)
            }
            return 0
        }
    }

    static let list = Command(["user", "list"], summary: "List users", options: [CommandSupport.actingUser, CommandSupport.json]) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            var users: [User] = []
            var cursor: String?
            repeat {
                let page = try AccessService(time: context.time).users(limit: PageRequest.maximumLimit, cursor: cursor, by: principal, on: connection)
                users += page.items
                cursor = page.nextCursor
            } while cursor != nil
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(Page(items: users, nextCursor: nil)))
                return 0
            }
            var table = TextTable([.init("ID", .right), .init("LOGIN"), .init("ROLE"), .init("NAME"), .init("ACTIVE"),
                                   .init("PASSWORD")])
            for user in users {
                table.append([String(user.id.rawValue), user.login, user.role.rawValue, user.name,
                              user.active ? "yes" : "no", user.hasPassword ? "set" : "-"])
            }
            table.footer = ["", CommandSupport.count(users.count, "user"), "", "", "", ""]
            context.output(table.render())
            return 0
        }
    }

    static let disable = Command(
        ["user", "disable"], summary: "Disable a user; their tokens stop working at once",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [PositionalSpec("LOGIN", summary: "The user to disable")]
    ) { arguments, context in
        let login = try CommandSupport.required(arguments, positional: "LOGIN")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let user = try AccessService(time: context.time).disable(login: login, by: principal, on: connection)
            if arguments.flag("json") { context.print(try CommandSupport.encoded(user)) } else { context.note("user \(user.login) is disabled") }
            return 0
        }
    }

    static let issue = Command(
        ["token", "issue"], summary: "Issue an API token for a user (printed once)",
        options: [
            .value("login", "LOGIN", summary: "Whose token", required: true),
            .value("expires", "TIME", summary: "Expiry, RFC 3339 (e.g. 2027-01-01T00:00:00Z); default in \(TokenExpiry.standardDays) days"),
            .value("expires-days", "DAYS", summary: "Expire after this many days (1-\(TokenExpiry.maximumDays))"),
            .flag("no-expiry", summary: "A token that never expires (an explicit choice, audited)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let expires = try arguments.value("expires", parsedBy: { (text: String) throws(ValueError) -> Date in
            guard let date = RFC3339.date(from: text) else {
                throw ValueError.malformed(text: text, expected: "an RFC 3339 timestamp like 2027-01-01T00:00:00Z")
            }
            return date
        })
        let days = try arguments.value("expires-days", parsedBy: { (text: String) throws(ValueError) -> Int in
            guard let days = Int(text) else { throw ValueError.malformed(text: text, expected: "a whole number of days") }
            return days
        })
        let expiry = try TokenExpiry(expiresAt: expires, expiresInDays: days, expires: arguments.flag("no-expiry") ? "never" : nil)
        let login = try arguments.required("login")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let access = AccessService(time: context.time)
            let user = try access.user(login: login, by: principal, on: connection)
            let issued = try access.issueToken(for: user.id, expiry: expiry, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(issued))
            } else {
                context.note("token \(issued.info.prefix) issued for \(user.login); it is shown this once:")
                context.print(issued.token)
            }
            return 0
        }
    }

    static let revoke = Command(
        ["token", "revoke"], summary: "Revoke a token by its prefix (the 8 characters after erp_)",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [PositionalSpec("TOKEN_PREFIX", summary: "e.g. AbCd1234 or erp_AbCd1234")]
    ) { arguments, context in
        let prefix = try CommandSupport.required(arguments, positional: "TOKEN_PREFIX")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let info = try AccessService(time: context.time).revokeToken(prefix: prefix, by: principal, on: connection)
            if arguments.flag("json") { context.print(try CommandSupport.encoded(info)) } else { context.note("token \(info.prefix) is revoked") }
            return 0
        }
    }
}
