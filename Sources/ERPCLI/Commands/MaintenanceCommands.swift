import ERPCore
import Foundation

/// `erp maintenance`: deletes expired idempotency keys and login failures (and, with the web
/// pages, sessions) and reports which tables carry dead rows. `erp serve` runs the same daily.
enum MaintenanceCommands {
    static let all: [Command] = [maintenance]

    /// Every purge the doors run: ERPCore's, then those of modules above it (append here).
    static let purges: [Purge] = MaintenanceService.corePurges

    static let maintenance = Command(
        ["maintenance"], summary: "Purge expired idempotency keys, login failures and sessions; report table bloat",
        options: [CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.withConnection(context) { connection in
            let report = try MaintenanceService(time: context.time).run(purges, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(report))
                return 0
            }
            for (table, rows) in report.purged.sorted(by: { $0.key < $1.key }) {
                context.note("purged \(CommandSupport.count(rows, "expired row")) from \(table)")
            }
            var table = TextTable([.init("TABLE"), .init("LIVE ROWS", .right), .init("DEAD ROWS", .right), .init("LAST VACUUM"), .init("")])
            for bloat in report.bloat {
                table.append([bloat.table, String(bloat.liveRows), String(bloat.deadRows),
                              bloat.lastVacuum.map { RFC3339.string(from: $0) } ?? "never", bloat.needsVacuum ? "VACUUM advised" : ""])
            }
            context.output(table.render())
            if report.bloat.contains(where: \.needsVacuum) {
                context.note("hint: autovacuum is behind on the marked tables; the owner runs "
                    + "psql \"$(erp db url --owner)\" -c 'VACUUM (ANALYZE) TABLE_NAME'")
            }
            return 0
        }
    }
}
