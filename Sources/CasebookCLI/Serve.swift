import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Preview the site (on 127.0.0.1 unless --bind), rebuilding and reloading on changes.")
    @Option(help: "The content folder; default Content, or `content:` in site.yaml.") var content: String?
    @Option(help: "A templates folder overriding the built-in templates file by file (default: ./Templates when it exists).") var templates: String?
    @Option(help: "Where to write the site; default Site, or `output:` in site.yaml.") var output: String?
    @Option(help: "The IPv4 address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface: colleagues on the office network) or one interface's address.") var bind = "127.0.0.1"
    @Option(help: "The port.") var port: UInt16 = 8000
    @Option(help: "How often to look for changes, in milliseconds.") var poll = 500

    func run() async throws {
        let folders = Folders(content: content, output: output)
        let templates = try checkTemplatesFolder(self.templates)
        try await PreviewServer(options: .init(content: folders.content, templates: templates, output: folders.output), host: bind, port: port,
                                interval: .milliseconds(poll)).run()
    }
}
