import Foundation

/// `erp.conf`: the process configuration as `KEY=value` lines (the same names as the environment
/// variables; `#` comments and blank lines allowed), so a server's settings live in one file next
/// to its data. The file is `ERP_CONFIG`, else `erp.conf` in the home; the environment overrides
/// it, and a command's flags override both.
package struct ConfigFile: Sendable, Equatable {
    /// The variables a file may set, in the order `erp config` prints them. `ERP_HOME` is not one
    /// of them: the default file lives in the home.
    package static let variables = [
        "ERP_DATABASE_URL", "ERP_MIGRATE_DATABASE_URL", "ERP_REPORTS_DATABASE_URL", "ERP_LISTEN", "ERP_WORKERS",
        "ERP_LOG", "ERP_USER", "ERP_COOKIE_SECURE", "ERP_BACKUP_DIR", "ERP_BACKUP_AT", "ERP_BACKUP_KEEP_DAILY", "ERP_BACKUP_KEEP_WEEKLY",
        "ERP_RATE_LIMIT", "ERP_WEBHOOK_HOSTS",
    ]

    /// Where the file was read from.
    package let path: String
    /// Its settings by variable.
    package let values: [String: String]

    /// Reads the file at `path`.
    /// - Returns: nil when `path` does not exist and `required` is false.
    /// - Throws: `ERPError.validationFailed` naming the file and line of anything but comments,
    ///   blank lines and `KEY=value` with a known key, or when a `required` file cannot be read.
    package static func read(_ path: String, required: Bool) throws(ERPError) -> ConfigFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            guard required else { return nil }
            throw ERPError.validationFailed(fields: ["ERP_CONFIG": "cannot read \(path)"])
        }
        var values: [String: String] = [:]
        var problems = FieldErrors()
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let field = "\(path) line \(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                problems.add(field, "expected KEY=value")
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard variables.contains(key) else {
                problems.add(field, "unknown setting '\(key)'; known: \(variables.joined(separator: ", "))")
                continue
            }
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        try problems.throwIfAny()
        return ConfigFile(path: path, values: values)
    }

    /// `environment` on top of the configuration file it names (`ERP_CONFIG`, else `erp.conf` in
    /// `home`): the variables as the process sees them.
    /// - Throws: like `read`.
    package static func layered(_ environment: [String: String], home: String, currentDirectory: String)
        throws(ERPError) -> (environment: [String: String], file: ConfigFile?) {
        let named = environment["ERP_CONFIG"].flatMap { $0.isEmpty ? nil : ERPSettings.absolute($0, from: currentDirectory) }
        guard let file = try read(named ?? home + "/erp.conf", required: named != nil) else { return (environment, nil) }
        return (environment.merging(file.values) { fromEnvironment, _ in fromEnvironment }, file)
    }
}
