// `erp party import FILE.csv [--dry-run]` and `erp party export [--output FILE]`: CSV in and out
// through PartiesService (all-or-nothing imports, audited exports). A failed import lists every
// bad row on stderr, one `row N.field: message` per line.

import ERPCore
import Foundation
import Parties

extension PartyCommands {
    static let importCSV = Command(
        ["party", "import"], summary: "Import parties from CSV: all rows or none; INN+KPP matches update",
        options: [
            .flag("dry-run", summary: "Check and report, store nothing"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("FILE", summary: "A CSV file with the header of 'erp party export'")]
    ) { arguments, context in
        let text = try CommandSupport.textFile(arguments, positional: "FILE")
        return try CommandSupport.withConnection(context) { connection in
            let principal = try CommandSupport.requiredPrincipal(arguments, context, on: connection)
            let report: ImportReport
            do {
                report = try PartiesService.importCSV(text, dryRun: arguments.flag("dry-run"), by: principal, on: connection)
            } catch let error as ERPError {
                if case .validationFailed(let fields) = error {
                    for key in fields.keys.sorted(by: rowOrder) { context.note("\(key): \(fields[key] ?? "")") }
                }
                throw error
            }
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(report))
            } else {
                context.note(report.summary)
            }
            return 0
        }
    }

    static let exportCSV = Command(
        ["party", "export"], summary: "Export the parties you see as CSV (audited)",
        options: [.value("output", "FILE", summary: "Write to FILE instead of standard output"), CommandSupport.actingUser]
    ) { arguments, context in
        try CommandSupport.withConnection(context) { connection in
            let principal = try CommandSupport.requiredPrincipal(arguments, context, on: connection)
            let csv = try PartiesService.exportCSV(by: principal, on: connection)
            if let output = arguments.value("output") {
                guard FileManager.default.createFile(atPath: output, contents: Data(csv.utf8)) else {
                    throw UsageError("cannot write \(output)", hint: arguments.seeHelp)
                }
                context.note("exported to \(output)")
            } else {
                context.output(csv)
            }
            return 0
        }
    }

    /// `row 2.inn` before `row 10.kind`: by row number, then by field.
    static func rowOrder(_ a: String, _ b: String) -> Bool {
        func key(_ text: String) -> (Int, String) {
            let parts = text.dropFirst(4).split(separator: ".", maxSplits: 1)
            return (Int(parts.first ?? "") ?? 0, parts.count > 1 ? String(parts[1]) : "")
        }
        return key(a) < key(b)
    }
}
