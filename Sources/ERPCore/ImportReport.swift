/// What an all-or-nothing CSV import did (or, on a dry run, would do): rows that created a
/// record, changed one, or matched one exactly. Shared by every module that imports.
package struct ImportReport: Codable, Sendable, Equatable {
    /// Records created.
    package var created: Int
    /// Records changed (matched by their natural key: sku, INN + KPP, …).
    package var updated: Int
    /// Rows equal to their record already.
    package var unchanged: Int
    /// True when nothing was kept because it was a dry run.
    package var dryRun: Bool

    package init(created: Int, updated: Int, unchanged: Int, dryRun: Bool) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.dryRun = dryRun
    }

    /// One line for people: `dry run, nothing kept: 3 created, 1 updated, 0 unchanged`.
    package var summary: String {
        (dryRun ? "dry run, nothing kept: " : "") + "\(created) created, \(updated) updated, \(unchanged) unchanged"
    }
}
