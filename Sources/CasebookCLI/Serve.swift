import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Preview the site on 127.0.0.1, rebuilding and reloading on changes.")
    @Option(help: "The content folder.") var content = "Content"
    @Option(help: "The templates folder.") var templates = "Templates"
    @Option(help: "Where to write the site.") var output = "Site"
    @Option(help: "The port on 127.0.0.1.") var port: UInt16 = 8000
    @Option(help: "How often to look for changes, in milliseconds.") var poll = 500

    func run() async throws {
        try await PreviewServer(options: .init(content: content, templates: templates, output: output), port: port,
                                interval: .milliseconds(poll)).run()
    }
}
