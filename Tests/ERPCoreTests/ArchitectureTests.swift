import Foundation
import Testing
import TestSupport

/// docs/architecture.md draws the module graph Package.swift declares.
@Suite("The architecture document agrees with Package.swift")
struct ArchitectureTests {
    /// target → its declared dependencies, for every non-test target that has some.
    private func declaredDependencies() throws -> [String: [String]] {
        let target = try Regex(#"\.(?:target|executableTarget)\(\s*name:\s*"([^"]+)",\s*dependencies:\s*\[([^\]]*)\]"#)
        var graph: [String: [String]] = [:]
        for match in try RepositoryFiles.text("Package.swift").matches(of: target) {
            let name = String(match.output[1].substring ?? "")
            graph[name] = (match.output[2].substring ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).replacing("\"", with: "") }
                .filter { !$0.isEmpty }
        }
        return graph
    }

    @Test func moduleDependencyTableIsWhatPackageSwiftDeclares() throws {
        let declared = try declaredDependencies()
        #expect(declared.count >= 15, "Package.swift's targets were not found")
        let rows = MarkdownRows.rows(in: try RepositoryFiles.text("docs/architecture.md"), under: "### Module dependencies")
        let documented = Dictionary(rows.map { (MarkdownRows.codeWords($0[0]).first ?? "", MarkdownRows.words($0[1])) },
                                    uniquingKeysWith: { first, _ in first })
        for (name, dependencies) in declared.sorted(by: { $0.key < $1.key }) {
            #expect(documented[name] == dependencies,
                    "docs/architecture.md says \(name) depends on \(documented[name] ?? []), Package.swift says \(dependencies)")
        }
        for name in documented.keys where declared[name] == nil {
            Issue.record("docs/architecture.md lists \(name), which Package.swift does not declare with dependencies")
        }
    }
}
