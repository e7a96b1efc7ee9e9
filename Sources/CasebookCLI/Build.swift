import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site: Content/ + Templates/ → Site/.")
    @Option(help: "The content folder (sources, metadata, reference data).") var content = "Content"
    @Option(help: "The templates folder.") var templates = "Templates"
    @Option(help: "Where to write the site (replaced atomically).") var output = "Site"
    @Flag(help: "Treat warnings as errors.") var strict = false
    @Flag(name: .shortAndLong, help: "Print no progress and no summary.") var quiet = false
    @Flag(help: "Also turn each handbook into Site/handbooks/<name>.pdf (needs WeasyPrint).") var pdf = false
    @Option(help: "Also write the built site as a zip archive that works unzipped anywhere (file://).") var archive: String?

    func run() async throws {
        let showProgress = !quiet && isTerminal()
        let builder = SiteBuilder(progress: { message in
            if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r… \(message)".utf8)) }
        })
        let result = builder.build(.init(content: content, templates: templates, output: output, strict: strict))
        if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        report(result.diagnostics)
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if !quiet {
            let seconds = String(format: "%.2f", result.seconds)
            if result.written {
                FileHandle.standardError.write(Data("casebook: built \(result.cases) cases, \(result.pages) pages (\(result.files) files), \(warnings) warnings in \(seconds) s → \(output)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("casebook: build failed with \(errors) errors, \(warnings) warnings; \(output) was left as it was\n".utf8))
            }
        }
        if !result.written { throw ExitCode(1) }
        if pdf {
            do {
                let made = try PDFMaker().make(site: output)
                if !quiet { FileHandle.standardError.write(Data("casebook: wrote \(made.count) PDF handbooks to \(output)/handbooks\n".utf8)) }
            } catch {
                FileHandle.standardError.write(Data("casebook: error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if let archive {
            do {
                try Archiver().archive(site: output, to: archive)
                if !quiet { FileHandle.standardError.write(Data("casebook: wrote the site archive \(archive)\n".utf8)) }
            } catch {
                FileHandle.standardError.write(Data("casebook: error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
