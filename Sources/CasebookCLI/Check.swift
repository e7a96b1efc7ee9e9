import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse Content/ and print diagnostics (exit non-zero on errors).")
    @Option(help: "The content folder.") var content = "Content"
    @Flag(help: "Print the parse of every document as a readable dump.") var dump = false
    @Flag(help: "Treat warnings as errors.") var strict = false

    func run() async throws {
        let corpus = Pipeline.loadCorpus(content: content)
        if dump { print(corpus.dump()) }
        for d in corpus.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        if corpus.diagnostics.hasErrors || (strict && corpus.diagnostics.contains { $0.severity == .warning }) { throw ExitCode(1) }
    }
}
