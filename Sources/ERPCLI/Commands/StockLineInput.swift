// The lines of a stock command as a storekeeper types them: `--line SKU:QTY[:COST]` (repeated) or
// `--file lines.csv` with a header row (`sku,qty,unit_cost`; for counts `sku,counted_qty`; `,` or
// `;` between fields, as Russian Excel writes). Products are named by SKU, barcode or id; every
// line that does not parse or names no product is reported at once, by its flag or file line.

import Catalog
import ERPCore
import Foundation
import Postgres

/// One typed line, before the product reference is resolved.
struct TypedStockLine {
    /// Where it came from: `--line 2` or `line 5` of the file (for error messages).
    var origin: String
    var reference: String
    var qty: Quantity
    var unitCost: Money?
}

/// A line with its product resolved.
struct ResolvedStockLine {
    var productID: ProductID
    var qty: Quantity
    var unitCost: Money?
}

enum StockLineInput {
    /// The options every document command takes for its lines.
    static func options(costs: Bool) -> [OptionSpec] {
        [
            .repeatable("line", costs ? "SKU:QTY:COST" : "SKU:QTY",
                        summary: costs ? "A line: product (SKU, barcode or id), quantity, unit cost" : "A line: product (SKU, barcode or id) and quantity"),
            .value("file", "FILE.csv", summary: costs ? "Lines from CSV with columns sku, qty, unit_cost" : "Lines from CSV with columns sku, qty"),
            CommandSupport.encoding,
        ]
    }

    /// The lines of `--line` and `--file`, products resolved as `principal` sees the catalog.
    /// - Throws: `UsageError` when neither is given; `ERPError.validationFailed` naming every bad
    ///   line; `.notFound` for a missing file.
    static func lines(_ arguments: ParsedArguments, _ context: CommandContext, costs: Bool, qtyColumn: String = "qty", by principal: Principal,
                      on connection: Connection) throws -> [ResolvedStockLine] {
        var problems = FieldErrors()
        var typed: [TypedStockLine] = []
        for (index, text) in arguments.values("line").enumerated() {
            typed += parse(flag: text, origin: "--line \(index + 1)", costs: costs, problems: &problems).map { [$0] } ?? []
        }
        if let path = arguments.value("file") {
            let text = try CommandSupport.text(ofFile: path, arguments, context)
            typed += try read(text, file: path, costs: costs, qtyColumn: qtyColumn, problems: &problems)
        }
        if typed.isEmpty, problems.isEmpty {
            throw UsageError("give the lines with --line or --file for '\(arguments.commandName)'", hint: arguments.seeHelp)
        }
        return try resolve(typed, problems: &problems, by: principal, on: connection)
    }

    /// Resolves each line's product reference; unknown ones join `problems`, which are then thrown.
    private static func resolve(_ typed: [TypedStockLine], problems: inout FieldErrors, by principal: Principal,
                                on connection: Connection) throws -> [ResolvedStockLine] {
        let ids = try CatalogService().productIDs(for: Array(Set(typed.map(\.reference))), by: principal, on: connection)
        var resolved: [ResolvedStockLine] = []
        for line in typed {
            guard let id = ids[line.reference] else {
                problems.add(line.origin, "no product has the SKU, barcode or id '\(line.reference)'")
                continue
            }
            resolved.append(ResolvedStockLine(productID: id, qty: line.qty, unitCost: line.unitCost))
        }
        try problems.throwIfAny()
        return resolved
    }

    /// `SKU:QTY:PRICE` or `SKU:QTY`, the price optional (sales order lines; the catalog price
    /// otherwise). Three parts whose last two are numbers carry a price; anything else is SKU:QTY.
    /// - Throws: `ERPError.validationFailed` naming every bad line; `.notFound`.
    static func orderLines(_ values: [String], by principal: Principal, on connection: Connection) throws -> [ResolvedStockLine] {
        var problems = FieldErrors()
        let typed = values.enumerated().compactMap { index, text -> TypedStockLine? in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            let priced = parts.count >= 3 && (try? Quantity(typed: parts[parts.count - 2])) != nil
                && (try? Money(typed: parts[parts.count - 1])) != nil
            return parse(flag: text, origin: "--line \(index + 1)", costs: priced, problems: &problems)
        }
        return try resolve(typed, problems: &problems, by: principal, on: connection)
    }

    /// `SKU:QTY[:COST]`, split from the right so a SKU may itself contain `:`.
    static func parse(flag text: String, origin: String, costs: Bool, problems: inout FieldErrors) -> TypedStockLine? {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let needed = costs ? 3 : 2
        guard parts.count >= needed else {
            problems.add(origin, "'\(text)' is not \(costs ? "SKU:QTY:COST" : "SKU:QTY")")
            return nil
        }
        let cost = costs ? parts.removeLast() : nil
        let qty = parts.removeLast()
        return line(origin: origin, reference: parts.joined(separator: ":"), qty: qty, cost: cost, problems: &problems)
    }

    private static func read(_ text: String, file path: String, costs: Bool, qtyColumn: String,
                             problems: inout FieldErrors) throws -> [TypedStockLine] {
        let document = try CSVDocument(parsing: text)
        guard let header = document.records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ERPError.validationFailed(fields: ["file": "\(path) is empty"])
        }
        let qtyNames = [qtyColumn, "qty"]
        guard let skuAt = header.firstIndex(of: "sku"), let qtyAt = header.firstIndex(where: qtyNames.contains) else {
            throw ERPError.validationFailed(fields: ["file": "the header must name the columns sku and \(qtyColumn)\(costs ? " and unit_cost" : "")"])
        }
        let costAt = header.firstIndex(of: "unit_cost")
        if costs, costAt == nil { throw ERPError.validationFailed(fields: ["file": "the header must name a unit_cost column"]) }
        return document.records.dropFirst().compactMap { record in
            let field = { (index: Int) in index < record.fields.count ? record.fields[index].trimmingCharacters(in: .whitespaces) : "" }
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { return nil }
            return line(origin: "line \(record.line)", reference: field(skuAt), qty: field(qtyAt), cost: costAt.map(field), problems: &problems)
        }
    }

    private static func line(origin: String, reference: String, qty: String, cost: String?, problems: inout FieldErrors) -> TypedStockLine? {
        if reference.isEmpty { problems.add(origin, "the product is missing") }
        // Spreadsheets in Russian write decimal commas.
        let quantity = problems.check(origin) { () throws(ValueError) in try Quantity(typed: qty) }
        let unitCost = cost.flatMap { text in
            problems.check(origin) { () throws(ValueError) in try Money(typed: text) }
        }
        guard !reference.isEmpty, let quantity, cost == nil || unitCost != nil else { return nil }
        return TypedStockLine(origin: origin, reference: reference, qty: quantity, unitCost: unitCost)
    }
}
