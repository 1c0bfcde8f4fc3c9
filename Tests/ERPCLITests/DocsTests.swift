import ERPCLI
import Testing
import TestSupport

/// docs/cli.md is every command's `--help`; `ERP_UPDATE_DOCS=1` rewrites it.
@Suite("The CLI reference is generated from the command specs")
struct DocsTests {
    @Test func committedCLIReferenceEqualsTheOneTheCommandsGenerate() throws {
        let generated = CommandReference.markdown()
        for command in CLI.commands {
            let name = (["erp"] + command.path).joined(separator: " ")
            #expect(generated.contains(command.spec.helpText(commandName: name)), "\(name) is missing")
        }
        let problem = try RepositoryFiles.checkGenerated("docs/cli.md", equals: generated, testFilter: "DocsTests")
        #expect(problem == nil, "\(problem ?? "")")
    }
}
