import Foundation
import Testing
import TestSupport

/// Every table and view has one owning module (the map in docs/architecture.md), and a module's SQL
/// names only its own tables, other modules' views (their published read models), or the crossings
/// listed there with their reason.
@Suite("Table ownership: one owner per table, no undocumented crossing")
struct TableOwnershipTests {
    /// The `CREATE TABLE` and `CREATE VIEW` names of `sql/*.sql`, with the file that creates each.
    private func migrationRelations(_ kind: String) throws -> [String: String] {
        let create = try Regex(#"(?i)CREATE\s+(?:OR\s+REPLACE\s+)?"# + kind + #"\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)"#)
        var relations: [String: String] = [:]
        for path in RepositoryFiles.files(under: "sql", suffix: ".sql") {
            for match in try RepositoryFiles.text(path).matches(of: create) {
                let name = String(match.output[1].substring ?? "")
                relations[name.lowercased()] = path
            }
        }
        return relations
    }

    private func migrationTables() throws -> [String: String] {
        try migrationRelations("TABLE").merging(try migrationRelations("VIEW")) { table, _ in table }
    }

    /// table or view → owning module and the migration named as creating it, from the "Table owners" map.
    private func owners() throws -> [(table: String, owner: String, createdBy: String)] {
        try architectureRows(under: "### Table owners").map { (MarkdownRows.codeWords($0[0]).first ?? "", $0[1], $0[2]) }
    }

    /// The crossings allowed: a source (a file, or a folder ending in `/`, under Sources) and its tables.
    private func crossings() throws -> [(source: String, tables: [String])] {
        try architectureRows(under: "### Known crossings").map {
            (MarkdownRows.codeWords($0[0]).first ?? "", MarkdownRows.codeWords($0[1]))
        }
    }

    private func architectureRows(under heading: String) throws -> [[String]] {
        MarkdownRows.rows(in: try RepositoryFiles.text("docs/architecture.md"), under: heading)
    }

    /// Every (file, table) where a module's Swift source names a table in SQL: after `FROM`, `JOIN`,
    /// `INTO`, `UPDATE` or `TABLE` (upper case, as all our SQL is written). Comment lines are skipped.
    private func references(to tables: Set<String>) throws -> [(file: String, table: String)] {
        let keyword = try Regex(#"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)\b"#)
        var found: [(String, String)] = []
        for path in RepositoryFiles.files(under: "Sources", suffix: ".swift") {
            var named: Set<String> = []
            for line in try RepositoryFiles.text(path).split(separator: "\n")
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for match in line.matches(of: keyword) {
                    let name = String(match.output[1].substring ?? "")
                    if tables.contains(name) { named.insert(name) }
                }
            }
            found += named.sorted().map { (String(path.dropFirst("Sources/".count)), $0) }
        }
        return found
    }

    @Test func everyTableOfTheMigrationsHasExactlyOneOwningModule() throws {
        let tables = try migrationTables()
        let map = try owners()
        #expect(tables.count >= 30, "the migrations were not found")
        for table in tables.keys.sorted() {
            let rows = map.filter { $0.table == table }
            #expect(rows.count == 1, "\(table) (\(tables[table] ?? "")) has \(rows.count) owners in docs/architecture.md")
        }
        let modules = Set(try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.root.appendingPathComponent("Sources").path))
        for row in map {
            #expect(tables[row.table] != nil, "docs/architecture.md maps \(row.table), which no migration creates")
            #expect(modules.contains(row.owner), "\(row.table) is owned by \(row.owner), which is not a module")
            let migration = row.createdBy.split(separator: " ").first.map(String.init) ?? ""
            #expect(!migration.isEmpty && tables[row.table]?.hasSuffix(migration + ".sql") == true,
                    "docs/architecture.md says \(migration) creates \(row.table); \(tables[row.table] ?? "no migration") does")
        }
    }

    @Test func viewsAreReadModelsOverTheirOwnersTablesOnly() throws {
        let owner = Dictionary(try owners().map { ($0.table, $0.owner) }, uniquingKeysWith: { first, _ in first })
        let tables = Set(try migrationRelations("TABLE").keys)
        let definition = try Regex(#"(?s)CREATE\s+VIEW\s+([a-z_][a-z0-9_]*)\s+AS\s+(.*?);"#)
        let keyword = try Regex(#"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b"#)
        var views = 0
        for path in RepositoryFiles.files(under: "sql", suffix: ".sql") {
            for match in try RepositoryFiles.text(path).matches(of: definition) {
                let view = String(match.output[1].substring ?? "")
                views += 1
                for read in String(match.output[2].substring ?? "").matches(of: keyword) {
                    let table = String(read.output[1].substring ?? "")
                    #expect(tables.contains(table), "\(view) reads \(table), which is not a table")
                    #expect(owner[table] == owner[view], "\(view) (\(owner[view] ?? "no owner")) reads \(table) of \(owner[table] ?? "no owner")")
                }
            }
        }
        #expect(views >= 5, "the views of the read models were not found")
    }

    @Test func modulesNameOnlyTheirOwnTablesOrADocumentedCrossing() throws {
        let owner = Dictionary(try owners().map { ($0.table, $0.owner) }, uniquingKeysWith: { first, _ in first })
        let allowed = try crossings()
        let views = Set(try migrationRelations("VIEW").keys)
        var used: Set<String> = []
        let found = try references(to: Set(try migrationTables().keys))
        #expect(found.count > 50, "no SQL was found in Sources")
        #expect(found.contains { $0.file.hasPrefix("Reports/") && views.contains($0.table) }, "the reports read no view")
        for (file, table) in found {
            let module = String(file.prefix { $0 != "/" })
            // Another module's view is its published read model: reading it is what the owner offers.
            guard let tableOwner = owner[table], tableOwner != module, !views.contains(table) else { continue }
            let crossing = allowed.first { file.hasPrefix($0.source) && $0.tables.contains(table) }
            #expect(crossing != nil, "\(file) names \(table), owned by \(tableOwner): call \(tableOwner)'s functions, or list the crossing with its reason in docs/architecture.md")
            if let crossing { used.insert(crossing.source + " " + table) }
        }
        for crossing in allowed {
            for table in crossing.tables {
                #expect(used.contains(crossing.source + " " + table), "docs/architecture.md lists \(crossing.source) → \(table), which no longer crosses: remove it")
            }
        }
    }
}
