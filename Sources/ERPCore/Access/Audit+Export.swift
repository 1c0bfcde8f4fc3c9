// Exports of client data are audited (docs/decisions.md, Access): the party export, and every
// report handed out as a file — receivables, revenue by client, each report's CSV. A file leaves
// the system for good, so the log says who took which one, with what parameters and how many rows.

import Postgres

extension Audit {
    /// Records `action` (`report.export`) by `principal` in a transaction of its own: what was
    /// exported (`entityType`), how many rows, in which format and with which parameters.
    ///
    /// Reports may be computed on a read-only replica, so the entry is written on `connection`
    /// (the main database), once the file exists and before it is handed out.
    /// - Throws: translated database errors (the export is then not handed out).
    package static func recordExport(
        _ action: String, entityType: String, rows: Int, format: String = "csv", parameters: [String: String],
        by principal: Principal, on connection: Connection
    ) throws(ERPError) {
        _ = try connection.serviceTransaction { tx in
            try record(in: tx, by: principal, action: action, entityType: entityType, change: .object([
                "count": .number(String(rows)), "format": .string(format),
                "parameters": .object(parameters.mapValues(JSONValue.string)),
            ]))
        }
    }
}
