import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site: Content/ + Templates/ → Site/.")
    @Option(help: "The content folder (sources, metadata, reference data); default Content, or `content:` in site.yaml.") var content: String?
    @Option(help: "A templates folder whose files override the built-in templates one by one (default: ./Templates when it exists).") var templates: String?
    @Option(help: "Where to write the site (replaced atomically); default Site, or `output:` in site.yaml.") var output: String?
    @Flag(help: "Treat warnings as errors.") var strict = false
    @Flag(name: .shortAndLong, help: "Print no progress and no summary.") var quiet = false
    @Flag(help: "Also turn each handbook into Site/handbooks/<name>.pdf (needs WeasyPrint).") var pdf = false
    @Option(help: "Also write the built site as a zip archive that works unzipped anywhere (file://).") var archive: String?

    func run() async throws {
        let folders = Folders(content: content, output: output)
        let (content, output) = (folders.content, folders.output)
        let templates = try checkTemplatesFolder(self.templates)
        let showProgress = !quiet && isTerminal()
        let builder = SiteBuilder(progress: { message in
            if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r… \(message)".utf8)) }
        })
        // The PDFs are made in the staging folder, before it replaces the site: a WeasyPrint failure leaves the old site.
        let pdfs = PDFCount()
        let makePDFs: ((String) throws -> Void)? = pdf ? { [output] staging in
            pdfs.value = try PDFMaker().make(site: staging, shownAs: output).count
        } : nil
        // PDFs of the previous build are not carried over (they would go stale): say so rather than drop them silently.
        let oldPDFs = pdf ? 0 : ((try? FileManager.default.contentsOfDirectory(atPath: output + "/handbooks")) ?? []).filter { $0.hasSuffix(".pdf") }.count
        let result = builder.build(.init(content: content, templates: templates, output: output, strict: strict), beforeSwap: makePDFs)
        if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        let faults = result.diagnostics.filter(isFault)
        report(result.diagnostics.filter { !isFault($0) })
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if !faults.isEmpty {
            // A fault is one sentence that names the path and the cause.
            for f in faults { fail("\(f.message); \(output) was left as it was [\(f.id)]") }
            throw ExitCode(1)
        }
        if !quiet {
            let seconds = String(format: "%.2f", result.seconds)
            if result.written {
                FileHandle.standardError.write(Data("casebook: built \(result.cases) cases, \(result.pages) pages (\(result.files) files), \(warnings) warnings in \(seconds) s → \(output)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("casebook: build failed with \(errors) errors, \(warnings) warnings; \(output) was left as it was\n".utf8))
            }
        }
        if !result.written { throw ExitCode(1) }
        if oldPDFs > 0 && !quiet {
            FileHandle.standardError.write(Data("casebook: the \(oldPDFs) PDF handbooks of the previous build were removed (they may no longer match); build with --pdf to make them again\n".utf8))
        }
        if pdf && !quiet {
            FileHandle.standardError.write(Data("casebook: wrote \(pdfs.value) PDF handbooks to \(output)/handbooks\n".utf8))
        }
        if let archive {
            do {
                try Archiver().archive(site: output, to: archive)
                if !quiet { FileHandle.standardError.write(Data("casebook: wrote the site archive \(archive)\n".utf8)) }
            } catch {
                fail("\(error) [archive.failed]")
                throw ExitCode(1)
            }
        }
    }
}

/// How many PDFs the staging step made (set inside the build, read after it).
final class PDFCount: @unchecked Sendable {
    var value = 0
}
