import ERPCore
import Foundation
import Postgres

/// What every business command shares: `--as` and `--json`, the database for one command, the
/// acting user, and the API's JSON encoding — so each command file holds only its own flags.
enum CommandSupport {
    /// `--json`: print exactly one JSON value, in the API's shape.
    static let json = OptionSpec.flag("json", summary: "Print the result as JSON")
    /// `--as LOGIN`: the user the command acts as (audited with channel `cli`).
    static let actingUser = OptionSpec.value("as", "LOGIN", summary: "Act as this user (default: ERP_USER)")

    /// A required positional argument.
    /// - Throws: `UsageError` when it is missing.
    static func required(_ arguments: ParsedArguments, positional name: String) throws(UsageError) -> String {
        guard let value = arguments.positional(name) else {
            throw UsageError("missing \(name) for '\(arguments.commandName)'", hint: arguments.seeHelp)
        }
        return value
    }

    /// Opens the database (embedded or `ERP_DATABASE_URL`) for one command, as the application
    /// role; warns on stderr when an external URL connects as a superuser or the tables' owner.
    static func withConnection(_ context: CommandContext, _ body: (Connection) throws -> Int32) throws -> Int32 {
        try withDatabase(context) { connection, _ in try body(connection) }
    }

    /// `withConnection`, also handing `body` the database's URL, for a command that opens a
    /// second session (`erp demo` keeps its books on one).
    static func withDatabase(_ context: CommandContext, _ body: (Connection, String) throws -> Int32) throws -> Int32 {
        let url = try DatabaseLocation.resolve(context.settings, note: context.note)
        let connection = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp cli"))
        defer { connection.close() }
        if context.settings.databaseURL != nil, let warning = try DatabaseRoles.privilegeWarning(on: connection) {
            context.note("warning: \(warning)")
        }
        return try body(connection, url)
    }

    /// Runs a command that acts as a user — the shape of most commands: opens the database
    /// (`withConnection`), resolves the user of `--as` or ERP_USER (`requiredPrincipal`), runs `body`.
    /// - Throws: as `withConnection` and `requiredPrincipal`, and whatever `body` throws.
    static func actingAsUser(_ arguments: ParsedArguments, _ context: CommandContext,
                             _ body: (Principal, Connection) throws -> Int32) throws -> Int32 {
        try withConnection(context) { connection in
            try body(try requiredPrincipal(arguments, context, on: connection), connection)
        }
    }

    /// The user named by `--as` or ERP_USER, or nil when neither is given.
    static func optionalPrincipal(_ arguments: ParsedArguments, _ context: CommandContext, on connection: Connection) throws -> Principal? {
        guard let login = arguments.value("as") ?? context.settings.actingUser else { return nil }
        return try AccessService(time: context.time).principal(forLogin: login, channel: .cli, on: connection)
    }

    /// The user named by `--as` or ERP_USER.
    /// - Throws: `UsageError` when neither is given; `ERPError` for an unknown or disabled user.
    static func requiredPrincipal(_ arguments: ParsedArguments, _ context: CommandContext, on connection: Connection) throws -> Principal {
        guard let principal = try optionalPrincipal(arguments, context, on: connection) else {
            throw UsageError("'\(arguments.commandName)' acts as a user: give --as LOGIN or set ERP_USER", hint: arguments.seeHelp)
        }
        return principal
    }

    /// The value of option `name` converted by `convert`, nil when absent; a value that does not
    /// convert is recorded in `problems` as "'text' is not `expected`".
    static func parsed<T>(_ arguments: ParsedArguments, _ name: String, _ expected: String, problems: inout FieldErrors,
                          _ convert: (String) -> T?) -> T? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = convert(text) else {
            problems.add(name, "'\(text)' is not \(expected)")
            return nil
        }
        return value
    }

    /// Option `name` as a whole number within `bounds`, nil when absent; anything else is recorded
    /// in `problems` ("must be between 1 and 1000"), never trusted further.
    static func bounded(_ arguments: ParsedArguments, _ name: String, _ bounds: ClosedRange<Int>, problems: inout FieldErrors) -> Int? {
        let range = "a whole number from \(bounds.lowerBound) to \(bounds.upperBound)"
        return parsed(arguments, name, range, problems: &problems) { text in Int(text).flatMap { bounds.contains($0) ? $0 : nil } }
    }

    /// `count` and `noun`, plural unless one: "1 line", "3 lines", "0 lines"; `plural` when
    /// it is not `noun` + "s" ("parties").
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// The API's JSON for `value` (one line).
    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try ERPJSON.encode(value), as: UTF8.self)
    }

    /// Every item of a paged list: `fetch` is called with each page's cursor until the last page.
    static func allPages<Item: Codable & Sendable & Equatable>(_ fetch: (_ cursor: String?) throws -> Page<Item>) throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        repeat {
            let page = try fetch(cursor)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return items
    }

    /// Prints a whole list: with `--json` the API's page shape, otherwise `table`'s rendering.
    static func printList<Item: Codable & Sendable & Equatable>(
        _ items: [Item], _ arguments: ParsedArguments, _ context: CommandContext, table: ([Item]) -> TextTable
    ) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try encoded(Page(items: items, nextCursor: nil)))
        } else {
            context.output(table(items).render())
        }
        return 0
    }

    /// The text of the file named by the positional argument `name` (for imports).
    /// - Throws: as `text(ofFile:_:_:)`; `UsageError` when the argument is missing.
    static func textFile(_ arguments: ParsedArguments, positional name: String, _ context: CommandContext) throws -> String {
        try text(ofFile: try required(arguments, positional: name), arguments, context)
    }

    /// `--encoding`: how an imported file is encoded, when detection would guess wrong.
    static let encoding = OptionSpec.value("encoding", "utf-8|cp1251",
                                           summary: "The file's encoding (default: UTF-8 if valid, else Windows-1251)")

    /// The text of the CSV file at `path`, in `--encoding` or detected (`TextEncoding.decode`);
    /// says on stderr which encoding was read, so a wrong guess is visible.
    /// - Throws: `ERPError.notFound` for a missing or unreadable file, `.validationFailed` for an
    ///   unknown `--encoding` or bytes invalid in the encoding (never silently replaced characters).
    static func text(ofFile path: String, _ arguments: ParsedArguments, _ context: CommandContext) throws -> String {
        var encoding: TextEncoding?
        if let name = arguments.value("encoding") {
            guard let named = TextEncoding(name: name) else {
                throw ERPError.validationFailed(fields: ["--encoding": "'\(name)' is not utf-8 or cp1251"])
            }
            encoding = named
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ERPError.notFound(entity: "file", id: path)
        }
        guard let (text, read) = TextEncoding.decode(Array(bytes), as: encoding) else {
            throw ERPError.validationFailed(fields: ["file": "\(path) is not \(encoding == .cp1251 ? "Windows-1251" : "UTF-8") text"])
        }
        context.note("read \(path) as \(read == .utf8 ? "UTF-8" : "Windows-1251")")
        return text
    }
}
