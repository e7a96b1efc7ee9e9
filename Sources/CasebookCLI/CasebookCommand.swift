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
        subcommands: [Build.self, Check.self, Export.self, Serve.self],
        defaultSubcommand: Build.self
    )
    public init() {}
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse Content/ and print diagnostics (exit non-zero on errors).")
    @Option(help: "The content folder.") var content = "Content"
    @Flag(help: "Print the parse of every document as a readable dump.") var dump = false
    @Flag(help: "Treat warnings as errors.") var strict = false

    func run() async throws {
        let corpus = Pipeline.loadCorpus(content: content)
        if dump {
            for p in corpus.parsed { print(p.dump()) }
            print("# enrichment")
            for c in corpus.cases {
                let zones = c.zones.map { z in z.area.map { "\(z.ftz)/\($0)" } ?? z.ftz }.joined(separator: " ")
                let cat = c.category.map { k in "\(k.name) [\(k.source.rawValue)]" + (k.secondary.map { " ~" + $0 } ?? "") } ?? "-"
                print("\(c.id)  zones: \(zones)  field: \(cat)  related: \(c.related.joined(separator: " "))")
            }
        }
        for d in corpus.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        if corpus.diagnostics.hasErrors || (strict && corpus.diagnostics.contains { $0.severity == .warning }) { throw ExitCode(1) }
    }
}

extension CasebookCommand {
    /// Entry point: picks the asynchronous `main` explicitly (the synchronous one would be chosen otherwise).
    public static func run() async {
        let root: any AsyncParsableCommand.Type = CasebookCommand.self
        await root.main()
    }
}
