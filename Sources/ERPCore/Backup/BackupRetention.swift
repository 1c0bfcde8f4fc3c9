import Foundation

/// Which backups a directory of scheduled backups keeps: the newest `daily` ones, plus the newest
/// of each of the last `weekly` weeks (ISO weeks) — so a problem found late still has a backup
/// from before it. The newest backup is always kept, whatever the counts say.
package struct BackupRetention: Sendable, Equatable {
    package var daily: Int
    package var weekly: Int

    package init(daily: Int, weekly: Int) {
        self.daily = daily
        self.weekly = weekly
    }

    /// One complete backup in a directory: its file name, when it was written and its size.
    package struct Entry: Sendable, Equatable {
        package let name: String
        package let date: Date
        package let bytes: Int
    }

    /// A partial file younger than this may belong to a backup still being written (an operator's
    /// `erp backup` into the same directory); older ones were left by a killed backup.
    package static let stalePartialAge: TimeInterval = 3600

    /// The names among `backups` (name → when made) to keep.
    package func kept(_ backups: [String: Date], calendar: Calendar) -> Set<String> {
        let newestFirst = backups.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
        var keep = Set(newestFirst.prefix(max(daily, 1)).map(\.key))
        var weeks: [DateComponents] = []
        for (name, date) in newestFirst {
            let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
            guard !weeks.contains(week) else { continue }
            guard weeks.count < weekly else { break }
            weeks.append(week)
            keep.insert(name)
        }
        return keep
    }

    /// The complete backups (`*.erpbackup`) in `directory`, newest first; partial files are not
    /// backups and never listed.
    /// - Throws: `BackupError.failed` when the directory cannot be read.
    package static func backups(in directory: String) throws(BackupError) -> [Entry] {
        try files(in: directory).filter { $0.name.hasSuffix(".erpbackup") }
            .sorted { ($0.date, $0.name) > ($1.date, $1.name) }
    }

    /// Deletes from `directory` the backups `kept` does not keep, and partial files a killed
    /// backup left behind (older than `stalePartialAge` at `now`). Run after a successful backup.
    /// - Returns: The names deleted.
    /// - Throws: `BackupError.failed` when the directory cannot be read or a file not removed.
    @discardableResult
    package func prune(_ directory: String, now: Date = Date(), calendar: Calendar = .current) throws(BackupError) -> [String] {
        let files = try Self.files(in: directory)
        let backups = files.filter { $0.name.hasSuffix(".erpbackup") }
        let keep = kept(Dictionary(uniqueKeysWithValues: backups.map { ($0.name, $0.date) }), calendar: calendar)
        let stale = files.filter { $0.name.hasSuffix(".partial") && now.timeIntervalSince($0.date) > Self.stalePartialAge }
        let doomed = (backups.filter { !keep.contains($0.name) } + stale).map(\.name).sorted()
        for name in doomed {
            do {
                try FileManager.default.removeItem(atPath: directory + "/" + name)
            } catch {
                throw BackupError(.failed, "cannot remove the old backup \(directory)/\(name): \(error.localizedDescription)")
            }
        }
        return doomed
    }

    /// Every regular file in `directory` with its modification time and size.
    private static func files(in directory: String) throws(BackupError) -> [Entry] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            throw BackupError(.failed, "cannot read the backup directory \(directory)")
        }
        return names.compactMap { name in
            guard let attributes = try? manager.attributesOfItem(atPath: directory + "/" + name),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return Entry(name: name, date: attributes[.modificationDate] as? Date ?? .distantPast,
                         bytes: attributes[.size] as? Int ?? 0)
        }
    }
}
