// `erp party import FILE.csv [--dry-run]` and `erp party export [--output FILE]`: CSV in and out
// through PartiesService (all-or-nothing imports, audited exports). A failed import lists every
// bad row on stderr, one `row N.field: message` per line (as every command reports invalid values).

import ERPCore
import Foundation
import Parties

extension PartyCommands {
    static let importCSV = Command(
        ["party", "import"], summary: "Import parties from CSV: all rows or none; INN+KPP matches update",
        options: [
            .flag("dry-run", summary: "Check and report, store nothing"), CommandSupport.encoding,
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [PositionalSpec("FILE", summary: "A CSV file with the header of 'erp party export'")]
    ) { arguments, context in
        let text = try CommandSupport.textFile(arguments, positional: "FILE", context)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let report = try PartiesService(time: context.time).importCSV(text, dryRun: arguments.flag("dry-run"), by: principal, on: connection)
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
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let csv = try PartiesService(time: context.time).exportCSV(by: principal, on: connection)
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
}
