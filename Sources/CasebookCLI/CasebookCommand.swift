import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct CasebookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "Turns the texts of China's FTZ institutional-innovation results into a searchable, printable site.",
        subcommands: [Build.self, Check.self, Export.self, Serve.self],
        defaultSubcommand: Build.self
    )
    public init() {}
}

extension CasebookCommand {
    /// Entry point: picks the asynchronous `main` explicitly (the synchronous one would be chosen otherwise).
    public static func run() async {
        let root: any AsyncParsableCommand.Type = CasebookCommand.self
        await root.main()
    }
}
