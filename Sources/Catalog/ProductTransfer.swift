// Product CSV import and export. The columns are the API's fields: sku, name, unit, kind,
// barcodes (separated by spaces), category_id, price, vat_rate, min_stock, archived, min_price,
// max_stock, preferred_supplier_id, pack_size, and one `price:<code>` column per price type (today's price of that type). An import is
// all or nothing: every row is checked and applied in one transaction; when any row is bad, the
// report lists every bad row (line, column, reason) and nothing is kept. A row whose sku exists
// updates that product (only when something differs); its type prices take effect today, a price
// equal to the one in force is not repeated. `dryRun` checks and rolls back.

import ERPCore
import Foundation
import Postgres

/// Product CSV import and export.
package enum ProductTransfer {
    /// The columns, in export order; an import needs `sku` and accepts them in any order.
    package static let columns = ["sku", "name", "unit", "kind", "barcodes", "category_id", "price", "vat_rate",
                                  "min_stock", "archived", "min_price", "max_stock", "preferred_supplier_id", "pack_size"]
    /// The prefix of a price type's column: `price:opt`.
    package static let pricePrefix = "price:"

    /// Every product (archived too), in id order, as CSV with a header row; the type prices are
    /// those in force on `time`'s day.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; translated database failures.
    package static func export(by principal: Principal, time: TimeSource = .system, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readCatalog)
        let (products, types) = try connection.serviceTransaction { tx in
            let products = try tx.query(Product.columns + " ORDER BY p.id").map { row in try Product(row: row) }
            return (try ProductTypePrices.attach(to: products, on: try CompanyCalendar.day(of: time.now, in: tx), in: tx), try PriceTypes.all(in: tx))
        }
        let rows = products.map { product in
            [product.sku, product.name, product.unit, product.kind.rawValue, product.barcodes.joined(separator: " "),
             product.categoryID.map { String($0.rawValue) } ?? "", product.price.description,
             product.vatRate.description, product.minStock.description, product.archived ? "true" : "false",
             product.minPrice?.description ?? "", product.maxStock.description,
             product.preferredSupplierID?.description ?? "", product.packSize.description] + types.map { product.prices[$0.code]?.description ?? "" }
        }
        return CSVDocument.write([columns + types.map { pricePrefix + $0.code }] + rows)
    }

    /// Imports products from CSV text in one transaction (rolled back when `dryRun`): every row
    /// is checked first (`ProductImportPlan`), then the plan is written a batch at a time, each
    /// batch reported to `progress` as (rows written, rows to write).
    /// - Throws: `ERPError.forbidden` without `editCatalog`; `.validationFailed` with a
    ///   `"line N, column"` entry for every bad row (nothing is kept); `.duplicate` when a
    ///   concurrent change took a sku or barcode of the file; translated database failures.
    package static func importCSV(
        _ text: String, dryRun: Bool, by principal: Principal, time: TimeSource = .system, on connection: Connection,
        progress: (_ written: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(ERPError) -> ImportReport {
        try principal.require(.editCatalog)
        let document = try CSVDocument(parsing: text)
        guard let header = document.records.first else {
            throw .validationFailed(fields: ["line 1": "the file is empty: a header row is required"])
        }
        let names = header.fields.map { CSVDocument.restored($0).trimmingSpaces.lowercased() }
        let priceColumns = try connection.serviceTransaction { tx in try PriceTypes.all(in: tx) }.map { pricePrefix + $0.code }
        var problems = FieldErrors()
        for (index, name) in names.enumerated() where !columns.contains(name) && !priceColumns.contains(name) {
            problems.add("line 1, column \(index + 1)",
                         "'\(name)' is not a column (\((columns + priceColumns).joined(separator: ", ")))")
        }
        if !names.contains("sku") { problems.add("line 1", "a sku column is required") }
        try problems.throwIfAny()
        let rows = document.records.dropFirst().map { ProductImportRow($0, names: names) }
        do {
            let report = try connection.transaction { tx in
                // Locked in id order, so two imports of overlapping files queue instead of deadlocking.
                let existing = try Products.fetch(skus: rows.compactMap(\.command.sku), lock: true, in: tx)
                let categories = rows.compactMap(\.command.categoryID) + existing.values.compactMap(\.categoryID)
                let plan = try ProductImportPlan(
                    rows: rows, reference: try CatalogReference.load(categories: categories, in: tx), existing: existing,
                    barcodeOwners: try Barcodes.owners(of: rows.flatMap { $0.command.barcodes ?? [] }, in: tx))
                let total = plan.creations.count + plan.changes.count
                try Products.write(plan, by: principal, at: time.now, in: tx) { written in progress(written, total) }
                try ProductTypePrices.write(rows.map { ($0.command, $0.line) }, by: principal, at: time.now, in: tx)
                let report = plan.report(dryRun: dryRun)
                if dryRun { throw DryRun(report: report) }
                if total >= Products.batchSize { try Products.settleAfterBulkWrite(in: tx) }
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
}
