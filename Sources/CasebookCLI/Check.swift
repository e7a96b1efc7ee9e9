import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse Content/ and print diagnostics, then what was understood of each document (exit non-zero on errors).")
    @Option(help: "The content folder.") var content = "Content"
    @Flag(help: "Print the parse of every document (or of FILE) as a readable dump.") var dump = false
    @Flag(help: "Treat warnings as errors (warnings marked `reviewed` in the metadata do not count).") var strict = false
    @Argument(help: "Check only this document (a file name in Content/sources, its .txt or .yaml).") var file: String?

    func run() async throws {
        var corpus = Pipeline.loadCorpus(content: content)
        if let file {
            guard let one = corpus.limited(to: file) else {
                report(corpus.diagnostics.filter { $0.location?.file == (file as NSString).lastPathComponent })
                fail(say("no document \(file) in \(content)/sources [check.no-such-document]", "\(content)/sources 中没有文件 \(file) [check.no-such-document]"))
                throw ExitCode(1)
            }
            corpus = one
        }
        if dump { print(corpus.dump()) }
        report(corpus.diagnostics)
        // What was understood of each document, after the diagnostics.
        for line in corpus.summaryLines(in: language) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        if corpus.diagnostics.hasErrors || (strict && corpus.diagnostics.contains { $0.severity == .warning }) { throw ExitCode(1) }
    }
}
