import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

extension SiteBuilder.ExportFormat: ExpressibleByArgument {}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export the cases as JSON, CSV or Markdown files.")
    @Option(help: "json, csv or markdown.") var format: SiteBuilder.ExportFormat
    @Option(help: "The folder to write into.") var output = "export"
    @Option(help: "The content folder; default Content, or `content:` in site.yaml.") var content: String?
    @Option(help: "A templates folder overriding the built-in templates (for Markdown).") var templates: String?

    func run() async throws {
        let content = Folders(content: self.content, output: nil).content
        let templates = try checkTemplatesFolder(self.templates)
        let (files, diagnostics) = SiteBuilder().export(format, .init(content: content, templates: templates, output: output))
        report(diagnostics)
        guard let files else { throw ExitCode(1) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for f in files { try f.bytes.write(to: URL(fileURLWithPath: output).appendingPathComponent(f.path)) }
        } catch {
            let problem = FileProblem(error)
            fail("cannot write \(output.hasSuffix("/") ? output : output + "/"): \(problem.cause) [export.\(problem.kind)]")
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("casebook: wrote \(files.count) \(format.rawValue) file(s) to \(output)\n".utf8))
    }
}
