// `erp demo [--size small|medium|large]`: loads the demo business (Demo) into an empty database,
// with a progress bar on stderr, then prints what it made, how long it took (each step too), the demo users'
// logins and a fresh owner token. `erp serve --demo` loads the same before serving, through
// `loadIfEmpty`, and skips it when the database already has business data.

import Demo
import ERPCore
import Foundation
import Postgres
import Sales

/// The demo commands (register with `CLI.commands`).
enum DemoCommands {
    static let all: [Command] = [demo]

    /// `--size`: which demo to load.
    static let size = OptionSpec.value("size", "SIZE", summary: "small (seconds), medium (under a minute) or large (~1M moves)")

    static let demo = Command(
        ["demo"], summary: "Load a demo trading company into an empty database (refused if it has data)",
        options: [size, CommandSupport.json]
    ) { arguments, context in
        let size = try arguments.value("size", parsedBy: parseSize) ?? .small
        return try CommandSupport.withDatabase(context) { connection, url in
            let (result, seconds) = try load(size, on: connection, url: url, context: context)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(result))
            } else {
                printSummary(result, seconds: seconds, url: nil, context: context)
            }
            return 0
        }
    }

    struct UnknownSize: Error, CustomStringConvertible {
        let description = "expected small, medium or large"
    }

    static func parseSize(_ text: String) throws(UnknownSize) -> DemoSize {
        guard let size = DemoSize(rawValue: text) else { throw UnknownSize() }
        return size
    }

    /// Loads the demo with a progress bar, the books on a second session to `url`, returning the
    /// result and the seconds it took.
    /// - Throws: `ERPError` from `DemoLoader.load` (`invalid_state` for a database with data);
    ///   connection failures.
    static func load(_ size: DemoSize, on connection: Connection, url: String, context: CommandContext) throws -> (DemoResult, Double) {
        let started = Date()
        let bar = ProgressBar(label: "demo", context: context)
        let books = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp demo books"))
        defer { books.close() }
        let result = try DemoLoader.load(size, on: connection, books: books) { progress in
            // The bar counts ten-thousandths so even a short history draws; the label says what is going on.
            let phase = "demo " + progress.phase
            bar.label = phase + String(repeating: " ", count: max(0, 24 - phase.count))
            bar.update(progress.done * 10_000 / max(1, progress.total), of: 10_000)
        }
        return (result, Date().timeIntervalSince(started))
    }

    /// `erp serve --demo`: loads the demo into the database at `url` unless it already has data.
    /// - Throws: `ERPError` from the loader; connection failures.
    static func loadIfEmpty(_ size: DemoSize, url: String, context: CommandContext) throws -> (DemoResult, Double)? {
        let connection = try Connection(url: url, settings: ConnectionSettings(applicationName: "erp demo"))
        defer { connection.close() }
        guard try !DemoLoader.hasBusinessData(on: connection) else {
            context.note("demo: the database already has business data; nothing loaded")
            return nil
        }
        return try load(size, on: connection, url: url, context: context)
    }

    /// What was made, the logins and the owner's token, as tables on stdout.
    static func printSummary(_ result: DemoResult, seconds: Double, url: String?, context: CommandContext) {
        let tally = result.tally
        var table = TextTable([.init("WHAT"), .init("COUNT", .right)])
        let statuses = OrderStatus.allCases.map { "\($0.rawValue) \(tally.ordersByStatus[$0])" }.joined(separator: ", ")
        for (what, count) in [
            ("users", tally.users), ("warehouses", tally.warehouses), ("categories", tally.categories),
            ("products", tally.products), ("price changes", tally.priceChanges), ("suppliers", tally.suppliers),
            ("clients", tally.clients), ("contact people", tally.contacts), ("receipts", tally.receipts),
            ("transfers", tally.transfers), ("write-offs", tally.writeOffs), ("stock counts", tally.stockCounts),
            ("cancelled stock documents", tally.cancelledStockDocuments), ("stock moves", tally.stockMoves),
            ("sales orders", tally.orders), ("shipments", tally.shipments), ("returns", tally.returns),
            ("invoices", tally.invoices), ("UPDs", tally.upds), ("acts", tally.acts), ("corrections (УКД)", tally.corrections),
            ("annulled documents", tally.annulledDocuments), ("payments", tally.payments),
            ("reversed payments", tally.reversedPayments), ("supplier orders", tally.purchaseOrders),
            ("returns to suppliers", tally.supplierReturns), ("supplier bills", tally.supplierBills),
            ("payments to suppliers", tally.supplierPayments),
        ] {
            table.append([what, String(count)])
        }
        context.print("Demo business \"\(result.size.rawValue)\": \(result.firstDay) to \(result.lastDay), "
            + "loaded in \(String(format: "%.1f", seconds)) s")
        context.output(table.render())
        context.print("orders by status: \(statuses)")
        context.print("")
        var steps = TextTable([.init("STEP"), .init("SECONDS", .right)])
        for time in result.timings { steps.append([time.step, String(format: "%.1f", Double(time.milliseconds) / 1_000)]) }
        context.output(steps.render())
        context.print("")
        var logins = TextTable([.init("LOGIN"), .init("ROLE"), .init("NAME"), .init("DOES")])
        for login in result.logins { logins.append([login.login, login.role.rawValue, login.name, login.duty]) }
        context.output(logins.render(width: 100))
        context.print("They sign in with the password \"\(result.password)\".")
        if let url { context.print("Open \(url)") }
        context.print("Owner \(result.ownerLogin)'s token (shown this once): \(result.ownerToken)")
    }
}
