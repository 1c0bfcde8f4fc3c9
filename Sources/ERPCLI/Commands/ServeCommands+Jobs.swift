import ERPCore
import ERPServer
import Foundation
import Postgres

/// `erp serve`'s daily jobs: with `ERP_BACKUP_DIR`, a backup (old ones pruned by the retention),
/// then `erp maintenance`. The server runs them itself, so a shop with one machine and no cron
/// still gets both; docs/deployment.md shows the systemd timer alternative.
extension ServeCommands {
    /// The jobs for `settings`, backing up as `ownerURL` and maintaining as `applicationURL`.
    static func dailyJobs(_ settings: ERPSettings, applicationURL: String, ownerURL: String, time: TimeSource) -> [ScheduledJob] {
        var jobs: [ScheduledJob] = []
        if let directory = settings.backupDirectory {
            let retention = settings.backupRetention
            jobs.append(ScheduledJob(name: "backup") {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let path = directory + "/" + Backups.defaultName(at: time.now)
                try Backups.create(ownerURL: ownerURL, at: path, productVersion: CLI.version, time: time)
                try retention.prune(directory, now: time.now)
                return try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            })
        }
        jobs.append(ScheduledJob(name: "maintenance") {
            let connection = try Connection(url: applicationURL, settings: ConnectionSettings(applicationName: "erp maintenance"))
            defer { connection.close() }
            _ = try MaintenanceService(time: time).run(MaintenanceCommands.purges, on: connection)
            return nil
        })
        return jobs
    }

    /// Seeds `metrics` with the newest backup already in `ERP_BACKUP_DIR`, so a restarted server
    /// reports when the last good backup was made rather than "never".
    static func recordExistingBackup(_ settings: ERPSettings, in metrics: JobMetrics) {
        guard let directory = settings.backupDirectory,
              let newest = try? BackupRetention.backups(in: directory).first else { return }
        metrics.succeeded("backup", at: newest.date, bytes: newest.bytes)
    }

    /// `ERP_BACKUP_AT` as a time of day.
    /// - Throws: `ERPError.validationFailed` naming the variable when it is not `HH:MM`.
    static func dailyTime(_ settings: ERPSettings) throws(ERPError) -> TimeOfDay {
        guard let at = TimeOfDay(settings.backupAt) else {
            throw ERPError.validationFailed(fields: ["ERP_BACKUP_AT": "'\(settings.backupAt)' is not a time like 03:00"])
        }
        return at
    }
}
