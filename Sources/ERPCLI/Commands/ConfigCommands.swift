import ERPCore

/// `erp config`: the configuration every command would run with — the environment over the
/// configuration file over the defaults — with passwords masked, and where each value came from.
enum ConfigCommands {
    static let all: [Command] = [config]

    static let config = Command(
        ["config"], summary: "Print the effective configuration (file < environment < flags), passwords masked",
        options: [CommandSupport.json]
    ) { arguments, context in
        let settings = context.settings
        let rows = effective(settings)
        if arguments.flag("json") {
            context.print(JSONValue.object(Dictionary(uniqueKeysWithValues: rows.map { row in
                (row.name, JSONValue.object(["value": row.value.map { .string($0) } ?? .null, "from": .string(row.source)]))
            })).description)
            return 0
        }
        var table = TextTable([.init("SETTING"), .init("VALUE"), .init("FROM")])
        for row in rows { table.append([row.name, row.value ?? "(not set)", row.source]) }
        context.output(table.render())
        context.note(settings.configFile.map { "configuration file: \($0.path)" }
            ?? "no configuration file (\(settings.home)/erp.conf, or ERP_CONFIG)")
        return 0
    }

    /// Each variable's value as the commands use it (URLs with their password masked) and its source.
    static func effective(_ settings: ERPSettings) -> [(name: String, value: String?, source: String)] {
        let values: [String: String?] = [
            "ERP_DATABASE_URL": settings.databaseURL.map(DatabaseCommands.redacted),
            "ERP_MIGRATE_DATABASE_URL": settings.migrateDatabaseURL.map(DatabaseCommands.redacted),
            "ERP_REPORTS_DATABASE_URL": settings.reportsDatabaseURL.map(DatabaseCommands.redacted),
            "ERP_LISTEN": settings.listen, "ERP_WORKERS": String(settings.workers), "ERP_LOG": settings.logLevel,
            "ERP_USER": settings.actingUser, "ERP_BACKUP_DIR": settings.backupDirectory, "ERP_BACKUP_AT": settings.backupAt,
            "ERP_BACKUP_KEEP_DAILY": String(settings.backupRetention.daily),
            "ERP_BACKUP_KEEP_WEEKLY": String(settings.backupRetention.weekly),
            "ERP_WEBHOOK_HOSTS": settings.webhookHosts.isEmpty ? nil : settings.webhookHosts.joined(separator: ","),
        ]
        let home = (name: "ERP_HOME", value: Optional(settings.home), 
                    source: settings.sources["ERP_HOME"] ?? (settings.homeFoundAbove ? "found above" : "default"))
        return [home] + ConfigFile.variables.map { name in
            (name: name, value: values[name] ?? nil, source: settings.sources[name] ?? "default")
        }
    }
}
