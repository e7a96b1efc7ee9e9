import ArgumentParser
import CasebookBuild
import CasebookCore
import CasebookParse
import Foundation

@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct CasebookCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "Turns the texts of China's FTZ institutional-innovation results into a searchable, printable site.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self
    )
    public init() {}
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse Content/ and print diagnostics (exit non-zero on errors).")
    @Option(help: "The content folder.") var content = "Content"
    @Flag(help: "Print the parse of every document as a readable dump.") var dump = false
    @Flag(help: "Treat warnings as errors.") var strict = false

    func run() async throws {
        let loaded = ContentLoader().load(content: content)
        var diagnostics = loaded.diagnostics
        for doc in loaded.documents {
            let parsed = Parser.parse(doc)
            diagnostics += parsed.diagnostics
            if dump { print(parsed.dump()) }
        }
        for d in diagnostics.sortedForOutput() { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        if diagnostics.hasErrors || (strict && diagnostics.contains { $0.severity == .warning }) { throw ExitCode(1) }
    }
}

extension CasebookCommand {
    /// Entry point: picks the asynchronous `main` explicitly (the synchronous one would be chosen otherwise).
    public static func run() async {
        let root: any AsyncParsableCommand.Type = CasebookCommand.self
        await root.main()
    }
}
