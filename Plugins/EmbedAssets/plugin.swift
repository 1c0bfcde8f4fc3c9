import Foundation
import PackagePlugin

/// Embeds the files in the target's `Assets/` folder (CSS, JavaScript, SVG) into the target as a
/// generated Swift source, each with a content hash for its URL (`/assets/app.<hash>.css`).
///
/// Like `EmbedMigrations`, inputs are planned when the manifest is evaluated: a new asset file is
/// picked up after `touch Package.swift` (an edited one at once).
@main
struct EmbedAssets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "Sources/\(target.name)/Assets")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path())
            .filter { !$0.hasPrefix(".") }
            .sorted()
        let inputs = names.map { directory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) assets from \(target.name)/Assets",
                executable: try context.tool(named: "AssetEmbedder").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
