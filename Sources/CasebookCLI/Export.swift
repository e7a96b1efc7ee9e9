import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Export: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown }
    static let configuration = CommandConfiguration(abstract: "Export the cases as JSON, CSV or Markdown files.")
    @Option(help: "json, csv or markdown.") var format: Format
    @Option(help: "The folder to write into.") var output = "export"
    @Option(help: "The content folder.") var content = "Content"
    @Option(help: "The templates folder (for Markdown).") var templates = "Templates"

    func run() async throws {
        let (files, _, diagnostics) = SiteBuilder().render(.init(content: content, templates: templates, output: output))
        report(diagnostics)
        guard let files else { throw ExitCode(1) }
        let chosen: [(String, Data)]
        switch format {
        case .json: chosen = files.filter { $0.path == "data/cases.json" }.map { ("cases.json", $0.bytes) }
        case .csv: chosen = files.filter { $0.path == "data/cases.csv" }.map { ("cases.csv", $0.bytes) }
        case .markdown: chosen = files.filter { $0.path.hasPrefix("markdown/") }.map { (String($0.path.dropFirst("markdown/".count)), $0.bytes) }
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (name, data) in chosen { try data.write(to: URL(fileURLWithPath: output).appendingPathComponent(name)) }
        } catch {
            let problem = FileProblem(error)
            fail("cannot write \(output.hasSuffix("/") ? output : output + "/"): \(problem.cause) [export.\(problem.kind)]")
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("casebook: wrote \(chosen.count) \(format.rawValue) file(s) to \(output)\n".utf8))
    }
}
