import CasebookCore
import CasebookMarkdown
import CasebookRender
import CasebookTemplates
import Foundation
import Yams

/// load → parse → enrich → render → write, with timings and diagnostics.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var content: String
        public var templates: String
        public var output: String
        public var strict: Bool
        public init(content: String = "Content", templates: String = "Templates", output: String = "Site", strict: Bool = false) {
            self.content = content
            self.templates = templates
            self.output = output
            self.strict = strict
        }
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var cases: Int
        public var pages: Int
        public var files: Int
        public var seconds: Double
        public var written: Bool
    }

    public var progress: @Sendable (String) -> Void

    public init(progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.progress = progress
    }

    /// Loads and checks everything a render needs: the corpus, the templates (checked against the page models) and the
    /// settings. The renderer is nil when there are errors (or warnings under `strict`).
    func prepare(_ options: Options) -> (renderer: SiteRenderer?, templates: TemplateSet?, corpus: Corpus, diagnostics: [Diagnostic]) {
        progress("loading and parsing \(options.content)")
        let corpus = Pipeline.loadCorpus(content: options.content)
        var diagnostics = corpus.diagnostics
        progress("loading templates \(options.templates)")
        let (templates, templateDiagnostics) = TemplateSet.load(directory: options.templates, markdownEscape: Markdown.escape,
                                                                required: SiteRenderer.requiredTemplates)
        diagnostics += templateDiagnostics
        let config = loadConfig(options.content, &diagnostics)
        guard let templates, !diagnostics.hasErrors, !(options.strict && diagnostics.contains { $0.severity == .warning }) else {
            return (nil, templates, corpus, diagnostics)
        }
        let input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: config)
        let renderer = SiteRenderer(templates: templates, input: input)
        diagnostics += renderer.checkTemplates()
        return (diagnostics.hasErrors ? nil : renderer, templates, corpus, diagnostics)
    }

    public enum ExportFormat: String, Sendable, CaseIterable {
        case json, csv, markdown
    }

    /// Only what an export needs: `cases.json`, `cases.csv`, or one Markdown file per case (named `<id>.md`).
    public func export(_ format: ExportFormat, _ options: Options) -> (files: [OutputFile]?, diagnostics: [Diagnostic]) {
        let (renderer, _, _, diagnostics) = prepare(options)
        guard let renderer else { return (nil, diagnostics) }
        do {
            switch format {
            case .json: return (renderer.renderDataFiles().filter { $0.path.hasSuffix(".json") }.map { OutputFile(path: "cases.json", bytes: $0.bytes) }, diagnostics)
            case .csv: return (renderer.renderDataFiles().filter { $0.path.hasSuffix(".csv") }.map { OutputFile(path: "cases.csv", bytes: $0.bytes) }, diagnostics)
            case .markdown:
                return (try renderer.renderMarkdownDocuments().map { OutputFile(path: String($0.path.dropFirst("markdown/".count)), bytes: $0.bytes) }, diagnostics)
            }
        } catch let e as TemplateSet.RenderError {
            return (nil, diagnostics + [e.diagnostic])
        } catch {
            return (nil, diagnostics + [Diagnostic(.error, "render.failed", "\(error)")])
        }
    }

    /// Renders the site in memory; nil when there are errors.
    public func render(_ options: Options) -> (files: [OutputFile]?, corpus: Corpus, diagnostics: [Diagnostic]) {
        let (renderer, templates, corpus, prepared) = prepare(options)
        var diagnostics = prepared
        guard let renderer, let templates else { return (nil, corpus, diagnostics) }
        progress("rendering \(corpus.cases.count) cases")
        do {
            var files = try renderer.render()
            files += templates.assets.map { OutputFile(path: $0.path, bytes: $0.bytes) }
            files.append(OutputFile(path: ".gitignore", text: "*\n!.gitignore\n"))
            return (diagnostics.hasErrors ? nil : files.sorted { $0.path < $1.path }, corpus, diagnostics)
        } catch let e as TemplateSet.RenderError {
            diagnostics.append(e.diagnostic)
        } catch {
            diagnostics.append(Diagnostic(.error, "render.failed", "\(error)"))
        }
        return (nil, corpus, diagnostics)
    }

    /// Renders and writes the site. `beforeSwap` runs on the complete staging folder before it replaces the output
    /// (the PDFs are made there), so that its failure too leaves the previous site as it was. A fault (full disk,
    /// missing permission, failing WeasyPrint) is one diagnostic without a location whose message names the path and
    /// the cause; its id starts with `write.` or `pdf.`.
    public func build(_ options: Options, beforeSwap: ((String) throws -> Void)? = nil) -> Result {
        let start = Date()
        let (files, corpus, diagnostics) = render(options)
        var all = diagnostics
        var written = false
        if let files {
            progress("writing \(files.count) files to \(options.output)")
            do {
                try SiteWriter().write(files, to: options.output, beforeSwap: beforeSwap)
                written = true
            } catch let e as SiteWriter.WriteError {
                all.append(Diagnostic(.error, e.id, e.description))
            } catch let e as PDFMaker.Failure {
                all.append(Diagnostic(.error, e.id, e.description))
            } catch {
                let problem = FileProblem(error)
                all.append(Diagnostic(.error, "write.\(problem.kind)", "cannot write \(options.output): \(problem.cause)"))
            }
        }
        let pages = files?.filter { $0.path.hasSuffix(".html") }.count ?? 0
        return Result(diagnostics: all.sortedForOutput(), cases: corpus.cases.count, pages: pages, files: files?.count ?? 0,
                      seconds: Date().timeIntervalSince(start), written: written)
    }

    func loadConfig(_ content: String, _ diagnostics: inout [Diagnostic]) -> SiteConfig {
        let settings = SiteSettings.load(content: content)
        diagnostics += settings.diagnostics
        return settings.config
    }
}
