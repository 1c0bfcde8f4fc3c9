// `erp product add | list | show` (import and export: ProductCommands+Transfer.swift): thin
// adapters over the catalog service. They act as the user named by `--as` (or ERP_USER), whose
// role is enforced exactly as over HTTP and recorded in the audit log with channel `cli`.
// `--json` prints what the API returns for the same request.

import Catalog
import ERPCore
import Foundation
import Postgres

/// `erp product …`: the catalog from the command line.
enum ProductCommands {
    static let all: [Command] = [add, list, show, importCSV, export] + PriceCommands.all

    static let add = Command(
        ["product", "add"], summary: "Create a product",
        options: [
            .value("sku", "SKU", summary: "Stock keeping unit: 1-64 characters, no spaces", required: true),
            .value("name", "NAME", summary: "The product's name", required: true),
            .value("unit", "UNIT", summary: "Unit of measure: pcs, kg, g, l, m, m2, set, pack", required: true),
            .value("price", "PRICE", summary: "Price with VAT, e.g. 100.00", required: true),
            .value("vat", "RATE", summary: "VAT rate: 20, 10, 0 or none (also 22, 7, 5)", required: true),
            .value("kind", "KIND", summary: "goods (default) or service"),
            .repeatable("barcode", "CODE", summary: "A barcode (EAN-13, EAN-8, UPC-A are check-digit checked)"),
            .value("category", "ID", summary: "The category's id"),
            .value("min-stock", "QTY", summary: "Report the product as short below this quantity"),
            .value("max-stock", "QTY", summary: "Reorder suggestions order up to this quantity (0: cover days of sales)"),
            .value("supplier", "ID", summary: "The preferred supplier's party id"),
            .value("pack-size", "QTY", summary: "The supplier's pack: suggestions round up to whole packs"),
            PriceCommands.typePrice, PriceCommands.minPrice,
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let command = try newProduct(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let product = try CatalogService(time: context.time).create(command, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(product))
            } else {
                context.note("created product \(product.sku) (id \(product.id)), \(product.price) \(product.price.currency)")
            }
            return 0
        }
    }

    static let list = Command(
        ["product", "list"], summary: "List products (ranked when searching with --q)",
        options: [
            .value("q", "TEXT", summary: "Search: exact barcode, sku prefix or (fuzzy) name"),
            .value("category", "ID", summary: "Only products in this category"),
            .flag("archived", summary: "List archived products instead of current ones"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let category = try arguments.value("category", parsedBy: { (text: String) throws(ValueError) in
            try CategoryID(parsing: text)
        })
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            var filter = ProductFilter(q: arguments.value("q"), categoryID: category, archived: arguments.flag("archived"),
                                       limit: PageRequest.maximumLimit)
            let products = try CommandSupport.allPages { cursor in
                filter.cursor = cursor
                return try CatalogService(time: context.time).products(matching: filter, by: principal, on: connection)
            }
            return try CommandSupport.printList(products, arguments, context, table: table)
        }
    }

    static let show = Command(
        ["product", "show"], summary: "Show one product by sku or id",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("SKU_OR_ID", summary: "The product's sku (case-insensitive) or id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "SKU_OR_ID")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let product = try CatalogService(time: context.time).product(reference: reference, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(product))
                return 0
            }
            let lines: [(String, String)] = [
                ("id", String(product.id.rawValue)), ("sku", product.sku), ("name", product.name),
                ("unit", product.unit), ("kind", product.kind.rawValue),
                ("barcodes", product.barcodes.isEmpty ? "-" : product.barcodes.joined(separator: ", ")),
                ("category", product.categoryID.map { String($0.rawValue) } ?? "-"),
                ("price", product.price.description), ("vat", product.vatRate.description),
                ("min stock", product.minStock.description), ("max stock", product.maxStock.description),
                ("supplier", product.preferredSupplierID?.description ?? "-"), ("pack size", product.packSize.description),
                ("archived", product.archived ? "yes" : "no"),
                ("version", String(product.version)),
            ]
            context.output((lines.map { $0.0.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + $0.1 } + priceLines(product))
                .joined(separator: "\n") + "\n")
            return 0
        }
    }

    /// `price opt  390.50` per price type, the minimum price when there is one, and the quantity breaks.
    static func priceLines(_ product: Product) -> [String] {
        var lines = product.prices.sorted { $0.key < $1.key }.map { "price \($0.key)".padding(toLength: 10, withPad: " ", startingAt: 0) + "  \($0.value)" }
        if let floor = product.minPrice { lines.append("min price   \(floor)") }
        if product.minPriceAtCost { lines.append("min price   not below average cost") }
        for entry in product.quantityBreaks {
            let label = "break \(entry.priceType ?? "")".padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append(label + "  from \(entry.minQty): \(entry.price)")
        }
        return lines
    }

    /// The 80-column product table with the count at the bottom.
    static func table(_ products: [Product]) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("SKU"), .init("NAME"), .init("UNIT"), .init("PRICE", .right),
                               .init("VAT")])
        for product in products {
            table.append([String(product.id.rawValue), product.sku, product.name, product.unit,
                          product.price.description, product.vatRate.description])
        }
        table.footer = ["", CommandSupport.count(products.count, "product"), "", "", "", ""]
        return table
    }

    /// The command of `erp product add`'s flags; every bad value is reported at once.
    /// - Throws: `ERPError.validationFailed` (exit 6) naming the bad flags.
    static func newProduct(_ arguments: ParsedArguments) throws -> NewProduct {
        var problems = FieldErrors()
        func parsed<T>(_ option: String, _ parse: (String) throws(ValueError) -> T) -> T? {
            guard let text = arguments.value(option) else { return nil }
            return problems.check("--" + option) { () throws(ValueError) in try parse(text) }
        }
        var command = NewProduct(
            sku: arguments.value("sku"), name: arguments.value("name"), unit: arguments.value("unit"),
            barcodes: arguments.values("barcode"),
            categoryID: parsed("category") { (text) throws(ValueError) in try CategoryID(parsing: text) },
            price: parsed("price") { (text) throws(ValueError) in try Money(typed: text) },
            vatRate: parsed("vat") { (text) throws(ValueError) in try VATRate(parsing: text) },
            minStock: parsed("min-stock") { (text) throws(ValueError) in try Quantity(typed: text) })
        command.prices = PriceCommands.typePrices(arguments, &problems)
        command.minPrice = parsed("min-price") { (text) throws(ValueError) in try Money(typed: text) }
        command.maxStock = parsed("max-stock") { (text) throws(ValueError) in try Quantity(typed: text) }
        command.preferredSupplierID = parsed("supplier") { (text) throws(ValueError) in try SupplierID(parsing: text) }
        command.packSize = parsed("pack-size") { (text) throws(ValueError) in try Quantity(typed: text) }
        if let kind = arguments.value("kind") {
            command.kind = ProductKind(rawValue: kind)
            if command.kind == nil { problems.add("kind", "'\(kind)' is not goods or service") }
        }
        try problems.throwIfAny()
        return command
    }
}
