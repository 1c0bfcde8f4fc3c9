// Checking a product CSV before anything is written. Every data row is parsed and checked in
// Swift against what the catalog already holds — units, categories, the products with the file's
// skus, the owners of the file's barcodes — loaded once for the whole file, so a check costs a few
// queries however long the file is. The result is a plan (products to create, products to change,
// rows equal to their product already) or the report of every bad row: line, column, reason.
// `Products+Batch.swift` writes the plan.
//
// A sku or barcode listed twice in one file is refused: which row should win is the user's call.
// A barcode may move between products of the same file (the one it leaves no longer lists it).

import ERPCore
import Foundation
import Postgres

/// One data row of a product CSV, parsed but not yet checked against the catalog.
struct ProductImportRow {
    /// The line the record starts on.
    var line: Int
    /// The row's values; a column the file lacks, or an empty cell of a parsed column, is nil.
    var command: NewProduct
    /// The `archived` cell, if any.
    var archived: Bool?
    /// Cells that do not parse, by column (`""`: the row as a whole).
    var problems: FieldErrors

    /// Parses `record`, whose fields are named by `names` (the header, lowercased).
    init(_ record: CSVDocument.Record, names: [String]) {
        line = record.line
        command = NewProduct()
        problems = FieldErrors()
        guard record.fields.count == names.count else {
            problems.add("", "has \(record.fields.count) fields, the header has \(names.count)")
            return
        }
        var problems = FieldErrors()
        defer { self.problems = problems }
        var values: [String: String] = [:]
        for (name, field) in zip(names, record.fields) { values[name] = CSVDocument.restored(field) }
        func parsed<T>(_ column: String, _ parse: (String) throws(ValueError) -> T) -> T? {
            guard let text = values[column]?.trimmingSpaces, !text.isEmpty else { return nil }
            return problems.check(column) { () throws(ValueError) in try parse(text) }
        }
        command = NewProduct(
            sku: values["sku"], name: values["name"], unit: values["unit"]?.trimmingSpaces,
            kind: parsed("kind") { (text) throws(ValueError) in
                guard let kind = ProductKind(rawValue: text) else { throw .malformed(text: text, expected: "goods or service") }
                return kind
            },
            barcodes: values["barcodes"].map { $0.split(separator: " ").map(String.init) },
            categoryID: parsed("category_id") { (text) throws(ValueError) in try CategoryID(parsing: text) },
            price: parsed("price") { (text) throws(ValueError) in try Money(typed: text) },
            vatRate: parsed("vat_rate") { (text) throws(ValueError) in try VATRate(parsing: text) },
            minStock: parsed("min_stock") { (text) throws(ValueError) in try Quantity(typed: text) },
            minPrice: parsed("min_price") { (text) throws(ValueError) in try Money(typed: text) },
            maxStock: parsed("max_stock") { (text) throws(ValueError) in try Quantity(typed: text) },
            preferredSupplierID: parsed("preferred_supplier_id") { (text) throws(ValueError) in try SupplierID(parsing: text) },
            packSize: parsed("pack_size") { (text) throws(ValueError) in try Quantity(typed: text) })
        var prices: [String: Money] = [:]
        for name in names where name.hasPrefix(ProductTransfer.pricePrefix) {
            if let price = parsed(name, { (text) throws(ValueError) in try Money(typed: text) }) {
                prices[String(name.dropFirst(ProductTransfer.pricePrefix.count))] = price
            }
        }
        command.prices = prices.isEmpty ? nil : prices
        archived = parsed("archived") { (text) throws(ValueError) in
            guard text == "true" || text == "false" else { throw .malformed(text: text, expected: "true or false") }
            return text == "true"
        }
    }
}

/// What an import writes: the products to create, the products to change, and how many rows
/// matched their product already.
struct ProductImportPlan {
    /// A product the file adds.
    struct Creation {
        var line: Int
        var draft: ProductDraft
    }

    /// A product the file changes: as it is, and as it will be.
    struct Change {
        var line: Int
        var current: Product
        var draft: ProductDraft
    }

    /// The products to create, in file order.
    var creations: [Creation] = []
    /// The products to change, in file order.
    var changes: [Change] = []
    /// Rows equal to their product already.
    var unchanged = 0

    /// The report of this plan.
    func report(dryRun: Bool) -> ImportReport {
        ImportReport(created: creations.count, updated: changes.count, unchanged: unchanged, dryRun: dryRun)
    }

    /// Checks every row: a row whose sku is in `existing` (keyed by lowercased sku) changes that
    /// product, where only the columns present and cells filled replace its values; any other row
    /// creates a product.
    /// - Throws: `ERPError.validationFailed` with a `"line N, column"` entry for every problem.
    init(rows: [ProductImportRow], reference: CatalogReference, existing: [String: Product],
         barcodeOwners: [String: ProductID]) throws(ERPError) {
        var problems = FieldErrors()
        func file(_ fields: [String: String], line: Int) {
            for (field, message) in fields { problems.add(field.isEmpty ? "line \(line)" : "line \(line), \(field)", message) }
        }
        var lineOfSKU: [String: Int] = [:]
        var checked: [(line: Int, current: Product?, draft: ProductDraft)] = []
        for row in rows {
            var rowProblems = row.problems
            guard rowProblems.fields[""] == nil else {
                file(rowProblems.fields, line: row.line)
                continue
            }
            let command = row.command
            let key = (command.sku ?? "").lowercased()
            let current = existing[key]
            if !key.isEmpty {
                if let first = lineOfSKU[key] {
                    rowProblems.add("sku", "'\(command.sku ?? "")' is also on line \(first)")
                } else {
                    lineOfSKU[key] = row.line
                }
            }
            do {
                let draft = try Self.validate(command, archived: row.archived, over: current, against: reference)
                if rowProblems.isEmpty { checked.append((row.line, current, draft)) }
            } catch .validationFailed(let fields) {
                for (field, message) in fields { rowProblems.add(field, message) }
            } catch {
                rowProblems.add("", error.message)
            }
            file(rowProblems.fields, line: row.line)
        }
        // Barcodes: one row each, and not another product's unless that product leaves it here.
        var kept: [ProductID: Set<String>] = [:]
        for item in checked { if let current = item.current { kept[current.id] = Set(item.draft.barcodes) } }
        var lineOfBarcode: [String: Int] = [:]
        for item in checked {
            for (index, barcode) in item.draft.barcodes.enumerated() {
                if let first = lineOfBarcode[barcode] {
                    problems.add("line \(item.line), barcodes[\(index)]", "'\(barcode)' is also on line \(first)")
                    continue
                }
                lineOfBarcode[barcode] = item.line
                guard let owner = barcodeOwners[barcode], owner != item.current?.id else { continue }
                if let ownerKeeps = kept[owner], !ownerKeeps.contains(barcode) { continue }
                problems.add("line \(item.line), barcodes[\(index)]", "'\(barcode)' is taken by product \(owner.rawValue)")
            }
        }
        try problems.throwIfAny()
        for var item in checked {
            item.draft.barcodes.sort()
            if let current = item.current {
                if item.draft == ProductDraft(current) {
                    unchanged += 1
                } else {
                    changes.append(Change(line: item.line, current: current, draft: item.draft))
                }
            } else {
                creations.append(Creation(line: item.line, draft: item.draft))
            }
        }
    }

    /// The draft of one row: the row's values over `current`'s (or the defaults of a new product).
    /// - Throws: `ERPError.validationFailed` with every bad field.
    private static func validate(
        _ command: NewProduct, archived: Bool?, over current: Product?, against reference: CatalogReference
    ) throws(ERPError) -> ProductDraft {
        guard let current else {
            return try ProductDraft.validate(
                sku: command.sku, name: command.name, unit: command.unit, kind: command.kind ?? .goods,
                barcodes: command.barcodes ?? [], categoryID: command.categoryID, price: command.price,
                vatRate: command.vatRate, minStock: command.minStock ?? .zero, archived: archived ?? false,
                reorder: ReorderPolicy.none.changed(maxStock: command.maxStock, preferredSupplierID: command.preferredSupplierID,
                                                    packSize: command.packSize), against: reference)
        }
        return try ProductDraft.validate(
            sku: command.sku ?? current.sku, name: command.name ?? current.name, unit: command.unit ?? current.unit,
            kind: command.kind ?? current.kind, barcodes: command.barcodes ?? current.barcodes,
            categoryID: command.categoryID ?? current.categoryID, price: command.price ?? current.price,
            vatRate: current.vatRate.changed(to: command.vatRate), minStock: command.minStock ?? current.minStock,
            archived: archived ?? current.archived,
            reorder: current.reorder.changed(maxStock: command.maxStock, preferredSupplierID: command.preferredSupplierID,
                                             packSize: command.packSize), against: reference)
    }
}
