// `erp product import FILE.csv [--dry-run]` and `erp product export`: the catalog's CSV, over
// the same service as `POST /api/v1/products/import`. An import is all or nothing; a bad file
// lists every bad row (line, column, reason) and exits 6 with nothing changed. A large file draws
// a progress bar on stderr while its rows are written.

import Catalog
import ERPCore
import Foundation
import Postgres

extension ProductCommands {
    static let importCSV = Command(
        ["product", "import"], summary: "Import products from CSV (all or nothing; existing skus are updated)",
        options: [
            .flag("dry-run", summary: "Check the file and report what would change, keeping nothing"),
            CommandSupport.encoding,
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("FILE", summary: "CSV (UTF-8 or Windows-1251) with a header row; ',' or ';' separated")]
    ) { arguments, context in
        let text = try CommandSupport.textFile(arguments, positional: "FILE", context)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let bar = ProgressBar(label: "importing", context: context)
            let report = try ProductTransfer.importCSV(text, dryRun: arguments.flag("dry-run"), by: principal,
                                                       on: connection) { written, total in bar.update(written, of: total) }
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(report))
            } else {
                context.note(report.summary)
            }
            return 0
        }
    }

    static let export = Command(
        ["product", "export"], summary: "Print every product as CSV (import reads it back unchanged)",
        options: [CommandSupport.actingUser]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            context.output(try ProductTransfer.export(by: principal, time: context.time, on: connection))
            return 0
        }
    }
}
