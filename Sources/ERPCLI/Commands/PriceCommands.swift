// `erp price-type add | list` and `erp product price`: the owner's price lists and a product's
// prices by type (with the day they take effect) and minimum price, over the catalog service.
// `erp product add` takes the same `--type-price CODE=PRICE` flags; `erp product price` also
// replaces the quantity breaks (`--break opt:10=380`, `--no-breaks`).

import Catalog
import ERPCore
import Foundation
import Postgres

/// `erp price-type …` and `erp product price`.
enum PriceCommands {
    static let all: [Command] = [addType, listTypes, setPrices]

    /// `--type-price CODE=PRICE`, repeatable: a price of a price type.
    static let typePrice = OptionSpec.repeatable("type-price", "CODE=PRICE", summary: "A price of a price type, e.g. opt=390,50")
    /// `--min-price PRICE`: the product's minimum price (0 removes it).
    static let minPrice = OptionSpec.value("min-price", "PRICE", summary: "Lines below this price need sales.below_min_price (0: none)")
    /// `--break [CODE:]QTY=PRICE`, repeatable: the product's quantity breaks (the list is replaced).
    static let quantityBreak = OptionSpec.repeatable(
        "break", "[CODE:]QTY=PRICE", summary: "A price from a quantity on, e.g. opt:10=380 (replaces the list)")

    static let addType = Command(
        ["price-type", "add"], summary: "Create a price type (e.g. opt, Оптовая)",
        options: [
            .value("code", "CODE", summary: "1-32 lower-case latin letters, digits, _ or -", required: true),
            .value("name", "NAME", summary: "The name people read", required: true),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let command = NewPriceType(code: arguments.value("code"), name: arguments.value("name"))
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let type = try CatalogService(time: context.time).create(command, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(type))
            } else {
                context.note("created price type \(type.code) (id \(type.id))")
            }
            return 0
        }
    }

    static let listTypes = Command(
        ["price-type", "list"], summary: "List the price types", options: [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let types = try CatalogService(time: context.time).priceTypes(by: principal, on: connection)
            return try CommandSupport.printList(types, arguments, context) { types in
                var table = TextTable([.init("ID", .right), .init("CODE"), .init("NAME")])
                for type in types { table.append([String(type.id.rawValue), type.code, type.name]) }
                table.footer = ["", CommandSupport.count(types.count, "price type"), ""]
                return table
            }
        }
    }

    static let setPrices = Command(
        ["product", "price"], summary: "Set a product's prices by type (from a day) and its minimum price",
        options: [
            typePrice, .value("from", "DATE", summary: "The day the prices take effect (default today)"), minPrice,
            .value("at-cost", "yes|no", summary: "Also never below the average cost"),
            quantityBreak, .flag("no-breaks", summary: "Remove the quantity breaks"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("SKU_OR_ID", summary: "The product's sku (case-insensitive) or id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "SKU_OR_ID")
        var problems = FieldErrors()
        var changes = ProductChanges(version: nil, prices: typePrices(arguments, &problems))
        changes.pricesValidFrom = CommandSupport.parsed(arguments, "from", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        if let text = arguments.value("min-price") {
            changes.minPrice = problems.check("--min-price") { () throws(ValueError) in try Money(typed: text) }
        }
        changes.minPriceAtCost = CommandSupport.parsed(arguments, "at-cost", "yes or no", problems: &problems) {
            ["yes": true, "no": false][$0]
        }
        changes.quantityBreaks = quantityBreaks(arguments, &problems)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let catalog = CatalogService(time: context.time)
            let product = try catalog.product(reference: reference, by: principal, on: connection)
            changes.version = product.version
            let updated = try catalog.update(product.id, with: changes, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(updated))
            } else {
                context.output(ProductCommands.priceLines(updated).joined(separator: "\n") + "\n")
            }
            return 0
        }
    }

    /// The `--type-price CODE=PRICE` flags as a map (nil when none); a malformed one is a problem.
    static func typePrices(_ arguments: ParsedArguments, _ problems: inout FieldErrors) -> [String: Money]? {
        let flags = arguments.values("type-price")
        guard !flags.isEmpty else { return nil }
        var prices: [String: Money] = [:]
        for flag in flags {
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                problems.add("--type-price", "'\(flag)' is not CODE=PRICE (e.g. opt=390,50)")
                continue
            }
            if let price = problems.check("--type-price", { () throws(ValueError) in try Money(typed: parts[1]) }) {
                prices[parts[0]] = price
            }
        }
        return prices
    }

    /// The `--break [CODE:]QTY=PRICE` flags (nil when none), or an empty list for `--no-breaks`;
    /// a malformed one, or both, is a problem.
    static func quantityBreaks(_ arguments: ParsedArguments, _ problems: inout FieldErrors) -> [QuantityBreak]? {
        let flags = arguments.values("break")
        if arguments.flag("no-breaks") {
            if !flags.isEmpty { problems.add("--no-breaks", "cannot be given with --break") }
            return []
        }
        guard !flags.isEmpty else { return nil }
        var breaks: [QuantityBreak] = []
        for flag in flags {
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            let head = (parts.first ?? "").split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !head.contains(where: \.isEmpty) else {
                problems.add("--break", "'\(flag)' is not [CODE:]QTY=PRICE (e.g. opt:10=380)")
                continue
            }
            let qty = problems.check("--break") { () throws(ValueError) in try Quantity(typed: head[head.count - 1]) }
            let price = problems.check("--break") { () throws(ValueError) in try Money(typed: parts[1]) }
            if let qty, let price { breaks.append(QuantityBreak(priceType: head.count == 2 ? head[0] : nil, minQty: qty, price: price)) }
        }
        return breaks
    }
}
