// Product CSV import and export. The columns are the API's fields: sku, name, unit, kind,
// barcodes (separated by spaces), category_id, price, vat_rate, min_stock, archived. An import is
// all or nothing: every row is checked and applied in one transaction; when any row is bad, the
// report lists every bad row (line, column, reason) and nothing is kept. A row whose sku exists
// updates that product (only when something differs); `dryRun` checks and rolls back.

import ERPCore
import Foundation
import Postgres

/// Product CSV import and export.
package enum ProductTransfer {
    /// The columns, in export order; an import needs `sku` and accepts them in any order.
    package static let columns = ["sku", "name", "unit", "kind", "barcodes", "category_id", "price", "vat_rate",
                                  "min_stock", "archived"]

    /// Every product (archived too), in id order, as CSV with a header row.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; translated database failures.
    package static func export(by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readCatalog)
        let products = try connection.serviceTransaction { tx in
            try tx.query(Product.columns + " ORDER BY p.id").map { row in try Product(row: row) }
        }
        let rows = products.map { product in
            [product.sku, product.name, product.unit, product.kind.rawValue, product.barcodes.joined(separator: " "),
             product.categoryID.map { String($0.rawValue) } ?? "", product.price.description,
             product.vatRate.description, product.minStock.description, product.archived ? "true" : "false"]
        }
        return CSVDocument.write([columns] + rows)
    }

    /// Imports products from CSV text in one transaction (rolled back when `dryRun`).
    /// - Throws: `ERPError.forbidden` without `editCatalog`; `.validationFailed` with a
    ///   `"line N, column"` entry for every bad row (nothing is kept); translated database failures.
    package static func importCSV(
        _ text: String, dryRun: Bool, by principal: Principal, time: TimeSource = .system, on connection: Connection
    ) throws(ERPError) -> ImportReport {
        try principal.require(.editCatalog)
        let document = try CSVDocument(parsing: text)
        guard let header = document.records.first else {
            throw .validationFailed(fields: ["line 1": "the file is empty: a header row is required"])
        }
        let names = header.fields.map { CSVDocument.restored($0).trimmingSpaces.lowercased() }
        var problems = FieldErrors()
        for (index, name) in names.enumerated() where !columns.contains(name) {
            problems.add("line 1, column \(index + 1)", "'\(name)' is not a column (\(columns.joined(separator: ", ")))")
        }
        if !names.contains("sku") { problems.add("line 1", "a sku column is required") }
        try problems.throwIfAny()
        do {
            let report = try connection.transaction { tx in
                var report = ImportReport(created: 0, updated: 0, unchanged: 0, dryRun: dryRun)
                var problems = FieldErrors()
                for record in document.records.dropFirst() {
                    do {
                        try apply(record, names: names, by: principal, time: time, to: &report, in: tx)
                    } catch let error as ERPError {
                        add(error, line: record.line, to: &problems)
                    }
                }
                try problems.throwIfAny()
                if dryRun { throw DryRun(report: report) }
                return report
            }
            return report
        } catch let dryRun as DryRun {
            return dryRun.report
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// Thrown to roll a dry run back, carrying its report out of the transaction.
    private struct DryRun: Error {
        var report: ImportReport
    }

    /// Creates or updates the product of one record.
    private static func apply(
        _ record: CSVDocument.Record, names: [String], by principal: Principal, time: TimeSource,
        to report: inout ImportReport, in tx: Transaction
    ) throws {
        guard record.fields.count == names.count else {
            throw ERPError.validationFailed(fields: ["": "has \(record.fields.count) fields, the header has \(names.count)"])
        }
        var values: [String: String] = [:]
        for (name, field) in zip(names, record.fields) { values[name] = CSVDocument.restored(field) }
        var problems = FieldErrors()
        func parsed<T>(_ column: String, _ parse: (String) throws(ValueError) -> T) -> T? {
            guard let text = values[column]?.trimmingSpaces, !text.isEmpty else { return nil }
            return problems.check(column) { () throws(ValueError) in try parse(text) }
        }
        let kind = parsed("kind") { (text) throws(ValueError) in
            guard let kind = ProductKind(rawValue: text) else { throw .malformed(text: text, expected: "goods or service") }
            return kind
        }
        let archived = parsed("archived") { (text) throws(ValueError) in
            guard text == "true" || text == "false" else { throw .malformed(text: text, expected: "true or false") }
            return text == "true"
        }
        let command = NewProduct(
            sku: values["sku"], name: values["name"], unit: values["unit"]?.trimmingSpaces, kind: kind,
            barcodes: values["barcodes"].map { $0.split(separator: " ").map(String.init) },
            categoryID: parsed("category_id") { (text) throws(ValueError) in try CategoryID(parsing: text) },
            price: parsed("price") { (text) throws(ValueError) in try Money(parsing: text) },
            vatRate: parsed("vat_rate") { (text) throws(ValueError) in try VATRate(parsing: text) },
            minStock: parsed("min_stock") { (text) throws(ValueError) in try Quantity(parsing: text) })
        if !problems.isEmpty {
            // Report the other fields' problems too (unit, name, …), standing in for unparsed values.
            do {
                _ = try ProductDraft.validate(
                    sku: command.sku, name: command.name, unit: command.unit, kind: kind ?? .goods,
                    barcodes: command.barcodes ?? [], categoryID: command.categoryID, price: command.price ?? .zero(),
                    vatRate: command.vatRate ?? .percent20, minStock: command.minStock ?? .zero, archived: false, in: tx)
            } catch ERPError.validationFailed(let fields) {
                for (field, message) in fields { problems.add(field, message) }
            }
        }
        try problems.throwIfAny()
        guard let existing = try Products.fetch(sku: command.sku ?? "", in: tx) else {
            var product = try Products.create(command, by: principal, time: time, in: tx)
            report.created += 1
            if archived == true {
                product = try Products.update(product.id, with: ProductChanges(version: product.version, archived: true),
                                              by: principal, time: time, in: tx)
            }
            return
        }
        let changes = ProductChanges(
            version: existing.version, sku: command.sku, name: command.name, unit: command.unit, kind: command.kind,
            barcodes: command.barcodes, categoryID: command.categoryID, price: command.price, vatRate: command.vatRate,
            minStock: command.minStock, archived: archived)
        var merged = existing
        merged.sku = changes.sku ?? existing.sku
        merged.name = (changes.name ?? existing.name).trimmingSpaces
        merged.unit = changes.unit ?? existing.unit
        merged.kind = changes.kind ?? existing.kind
        merged.barcodes = (changes.barcodes ?? existing.barcodes).sorted()
        merged.categoryID = changes.categoryID ?? existing.categoryID
        merged.price = changes.price ?? existing.price
        merged.vatRate = changes.vatRate ?? existing.vatRate
        merged.minStock = changes.minStock ?? existing.minStock
        merged.archived = changes.archived ?? existing.archived
        if merged == existing {
            report.unchanged += 1
        } else {
            _ = try Products.update(existing.id, with: changes, by: principal, time: time, in: tx)
            report.updated += 1
        }
    }

    /// Files one row's refusal under `"line N, column"` keys.
    private static func add(_ error: ERPError, line: Int, to problems: inout FieldErrors) {
        switch error {
        case .validationFailed(let fields):
            for (field, message) in fields {
                problems.add(field.isEmpty ? "line \(line)" : "line \(line), \(field)", message)
            }
        case .duplicate(_, let field, let existingID):
            problems.add("line \(line), \(field)", "is taken" + (existingID.map { " by product \($0)" } ?? ""))
        default:
            problems.add("line \(line)", error.description)
        }
    }
}
