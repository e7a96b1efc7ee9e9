import CasebookCore
import CasebookMarkdown
import CasebookRender
import CasebookTemplates
import Foundation
import Synchronization
import Yams

/// load → parse → enrich → render → write, with timings and diagnostics.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var content: String
        public var templates: String
        public var output: String
        public var strict: Bool
        /// Use (and update) the build cache beside the output folder; false builds cold (`--no-cache`).
        public var useCache: Bool
        /// Keep what a preview needs (`Result.preview`): `casebook serve` renders an edited text's pages with it at once.
        public var keepPreview = false
        /// Leave what the build held (the corpus, the catalog, the previous build's file list) to the process's exit
        /// instead of freeing it piece by piece when the build returns (a tenth of a second at 10k cases): for a
        /// command that exits after one build (`casebook build`), never for one that builds again (`serve`, tests).
        public var keepUntilExit = false
        public init(content: String = "Content", templates: String = "Templates", output: String = "Site", strict: Bool = false,
                    useCache: Bool = true) {
            self.content = content
            self.templates = templates
            self.output = output
            self.strict = strict
            self.useCache = useCache
        }
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        public var cases: Int
        public var pages: Int
        public var files: Int
        public var seconds: Double
        public var written: Bool
        /// Files written anew, and files kept as they were (same bytes, same time): all kept when nothing changed.
        public var rewritten: Int = 0
        public var kept: Int = 0
        /// Nothing had changed since the previous build: nothing was done.
        public var unchanged = false
        /// With `Options.keepPreview`, after a build that succeeded: the corpus, templates and settings it was made from.
        public var preview: SitePreview?
        /// The record of the documents the site was written from (nil when nothing was written, or nothing had changed).
        public var documents: DocumentRecord?
    }

    public var progress: @Sendable (String) -> Void

    /// What builds with `Options.keepUntilExit` left to the process's exit.
    static let keptUntilExit = Mutex<[any Sendable]>([])

    public init(progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.progress = progress
    }

    /// Loads and checks everything a render needs: the corpus, the templates (checked against the page models) and the
    /// settings. The renderer is nil when there are errors (or warnings under `strict`).
    /// With `releasingSources`, the corpus returned holds no source text: the renderer reads each again from its file
    /// when it is asked for (`Corpus.releasingSourceTexts`).
    func prepare(_ options: Options, timings: Timings = Timings(), corpusCache: CorpusCache? = nil, releasingSources: Bool = false,
                 spill: SectionSpill? = nil)
        -> (renderer: SiteRenderer?, templates: TemplateSet?, corpus: Corpus, diagnostics: [Diagnostic]) {
        progress("loading and parsing \(options.content)")
        var corpus = Pipeline.loadCorpus(content: options.content, timings: timings, corpusCache: corpusCache, spill: spill,
                                         releasingTexts: releasingSources)
        var diagnostics = corpus.diagnostics
        progress("loading templates \(options.templates)")
        let (templates, templateDiagnostics) = timings.measure("templates") { TemplateSet.load(directory: options.templates, markdownEscape: Markdown.escape,
                                                                required: SiteRenderer.requiredTemplates) }
        diagnostics += templateDiagnostics
        let config = loadConfig(options.content, &diagnostics)
        guard let templates, !diagnostics.hasErrors, !(options.strict && diagnostics.contains { $0.severity == .warning }) else {
            return (nil, templates, corpus, diagnostics)
        }
        let sources = releasingSources ? corpus.releasingSourceTexts(content: options.content) : nil
        // The cases as parsed, before enrichment, are the cases' own boxes too: a build that keeps no corpus for a next
        // one lets them go (the site is made from the enriched ones).
        if releasingSources { for i in corpus.parsed.indices { corpus.parsed[i].cases = [] } }
        var input = corpus.siteInput(config: config, sources: sources)
        input.documentKeys = corpusCache?.documentKeys ?? [:]
        let renderer = timings.measure("catalog") { SiteRenderer(templates: templates, input: input) }
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
            case .json: return (renderer.renderDataFiles().filter { $0.path == "data/cases.json" }.map { OutputFile(path: "cases.json", bytes: $0.bytes) }, diagnostics)
            case .csv: return (renderer.renderDataFiles().filter { $0.path == "data/cases.csv" }.map { OutputFile(path: "cases.csv", bytes: $0.bytes) }, diagnostics)
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
            files.append(DocumentRecord.current(content: options.content).file)
            return (diagnostics.hasErrors ? nil : files.sorted { $0.path < $1.path }, corpus, diagnostics)
        } catch let e as TemplateSet.RenderError {
            diagnostics.append(e.diagnostic)
        } catch {
            diagnostics.append(Diagnostic(.error, "render.failed", "\(error)"))
        }
        return (nil, corpus, diagnostics)
    }

    /// Renders the site into a staging folder, page by page as they are made (on every core), then swaps it in.
    /// `beforeSwap` runs on the complete staging folder before it replaces the output (the PDFs are made there), so
    /// that its failure too leaves the previous site as it was. A fault (full disk, missing permission, failing
    /// WeasyPrint) is one diagnostic without a location whose message names the path and the cause; its id starts
    /// with `write.` or `pdf.`. With the cache, a build after no change does nothing, and a build after a change
    /// renders only the pages whose model changed (see `BuildCache`).
    public func build(_ options: Options, beforeSwap: ((String) throws -> Void)? = nil) -> Result {
        build(options, timings: Timings(), beforeSwap: beforeSwap)
    }

    /// The same, recording the time of each stage in `timings`.
    public func build(_ options: Options, timings: Timings, beforeSwap: ((String) throws -> Void)? = nil) -> Result {
        let start = Date()
        func elapsed() -> Double { Date().timeIntervalSince(start) }
        let cache = BuildCache(output: options.output)
        let tool = BuildCache.tool
        var previous: BuildCache.Manifest?
        var notes: [Diagnostic] = []
        var inputs = ""
        var templatesDigest = ""
        // The digests are taken whether or not the cache is used: a cold build (`--no-cache`) still leaves a cache
        // for the next one.
        timings.measure("digest inputs") {
            templatesDigest = BuildCache.digest(folders: [options.templates])
            inputs = BuildCache.digest(folders: [options.content], extra: templatesDigest)
        }
        if options.useCache {
            let (m, problem) = timings.measure("read the cache") { cache.load(tool: tool) }
            previous = m
            if let problem { notes.append(problem) }
            // Nothing changed: same inputs, and the output exactly as the previous build left it.
            if let m = previous, m.inputs == inputs, beforeSwap == nil, let now = BuildCache.scan(options.output),
               BuildCache.digest(of: now) == m.site {
                let target = URL(fileURLWithPath: options.output).standardizedFileURL
                SiteWriter.removeLeftovers(in: target.deletingLastPathComponent().path, of: target.lastPathComponent)
                let failed = m.diagnostics.hasErrors || (options.strict && m.diagnostics.contains { $0.severity == .warning })
                var result = Result(diagnostics: m.diagnostics, cases: m.cases, pages: m.pages, files: now.count, seconds: elapsed(),
                                    written: !failed, kept: now.count, unchanged: true)
                if options.keepPreview && !failed {
                    // Nothing to build, but a preview needs the corpus: read (the parses and pairs from the cache).
                    let (renderer, templates, corpus, _) = prepare(options, corpusCache: CorpusCache(cache: cache, tool: tool, content: options.content, read: true))
                    if let renderer, let templates { result.preview = SitePreview(corpus, templates, renderer, options) }
                }
                return result
            }
        }
        // The previous build's files are read while the content is loaded and parsed.
        let files = Mutex<(files: BuildCache.Files?, problem: Diagnostic?)>((nil, nil))
        let reading = DispatchGroup()
        if let m = previous {
            DispatchQueue.global().async(group: reading) {
                let read = timings.measure("read the cache: files") { cache.files(of: m) }
                files.withLock { $0 = read }
            }
        }
        let corpusCache = CorpusCache(cache: cache, tool: tool, content: options.content, read: options.useCache)
        // A build that leaves no preview holds no source text through the render, and its cases' sections are in a
        // temporary file beside the output (a serve keeps both in memory for its next build).
        let spill = options.keepPreview ? nil : SectionSpill(directory: URL(fileURLWithPath: options.output).standardizedFileURL.deletingLastPathComponent().path)
        let (renderer, templates, corpus, prepared) = prepare(options, timings: timings, corpusCache: corpusCache, releasingSources: !options.keepPreview,
                                                              spill: spill)
        reading.wait()
        let (previousFiles, filesProblem) = files.withLock { $0 }
        if let filesProblem { notes.append(filesProblem) }
        var diagnostics = prepared
        func finish(written: Bool, files: Int = 0, pages: Int = 0, rewritten: Int = 0, kept: Int = 0) -> Result {
            if !written { corpusCache.abandon() }
            return Result(diagnostics: (diagnostics + notes).sortedForOutput(), cases: corpus.cases.count, pages: pages, files: files,
                   seconds: elapsed(), written: written, rewritten: rewritten, kept: kept)
        }
        guard let renderer, let templates else { return finish(written: false) }
        let target = URL(fileURLWithPath: options.output).standardizedFileURL.path
        let staging: SiteWriter.Staging
        do {
            staging = try timings.measure("open the staging folder") { try SiteWriter().begin(options.output, recycling: (cache.previousSite, options.useCache)) }
        } catch {
            diagnostics.append(Self.diagnostic(for: error, output: options.output))
            return finish(written: false)
        }
        progress("rendering \(corpus.cases.count) cases")
        // A build that makes PDFs rewrites its handbooks' pages after they are fingerprinted (each links its PDF): no
        // page of one is kept by a build without PDFs, nor the other way round.
        let salt = tool + "\u{0}" + templatesDigest + (beforeSwap == nil ? "" : "\u{0}pdf")
        let memo = PageFingerprints(previous: previousFiles?.entries ?? [:], salt: salt, staging: staging, oldSite: target,
                                    previousRecords: previousFiles?.records ?? [:])
        let searchStore = SearchIndexStore(previous: previousFiles, oldSite: target)
        let documents = DocumentRecord.current(content: options.content)
        do {
            try renderer.render(into: staging, memo: memo, searchMemo: searchStore, timings: timings)
            for asset in templates.assets { try staging.write(OutputFile(path: asset.path, bytes: asset.bytes)) }
            try staging.write(OutputFile(path: ".gitignore", text: "*\n!.gitignore\n"))
            try staging.write(documents.file)
            // Pages made while a case's text could not be read back lack it: not published.
            if let failure = spill?.failureDiagnostic { diagnostics.append(failure) }
            guard !diagnostics.hasErrors else {
                staging.abandon()
                return finish(written: false)
            }
            progress("swapping in \(options.output)")
            try timings.measure("swap") { try staging.commit(beforeSwap: beforeSwap, keepingOld: true) }
        } catch {
            staging.abandon()
            diagnostics.append(Self.diagnostic(for: error, output: options.output))
            return finish(written: false)
        }
        // The previous site (tens of thousands of links) is removed while the cache is written.
        let removal = DispatchGroup()
        DispatchQueue.global().async(group: removal) { timings.measure("remove the previous site (beside the cache)") { staging.removeOld() } }
        // A build that replaced no site (the first into an empty folder) leaves no tree for the next one: a build that
        // finds none stages into an empty folder and links each file it keeps from the live site as it goes. (Linking
        // a whole tree here cost every first build 0.3–0.6 s at 10k cases, for a next build that may never come: a
        // deploy that builds from a fresh checkout never has one.)
        let (rewritten, kept) = staging.counts
        let pages = staging.paths.filter { $0.hasSuffix(".html") }.count
        do {
            // What this build wrote, for the next one (a cold build too). A cache that cannot be written costs the next build time, not
            // correctness: it is removed and said.
            let fingerprints = memo.fingerprints
            let cacheStart = Date()
            // The parses and placements are written while the site is scanned (neither reads the other).
            let committed = DispatchGroup()
            DispatchQueue.global().async(group: committed) { timings.measure("  cache: parses and placements") { corpusCache.commit() } }
            defer {
                committed.wait()
                timings.record("cache", seconds: Date().timeIntervalSince(cacheStart))
            }
            if let now = timings.measure("  cache: scan the site", { BuildCache.scan(options.output) }) {
                var entries = now
                for (path, f) in fingerprints { entries[path]?.fingerprint = f }
                do {
                    let build = UUID().uuidString
                    let files = BuildCache.Files(build: build, entries: entries, search: searchStore.state, records: memo.records)
                    try timings.measure("  cache: save") {
                        try cache.save(files) { site in
                            BuildCache.Manifest(format: BuildCache.format, tool: tool, inputs: inputs, diagnostics: diagnostics.sortedForOutput(),
                                                cases: corpus.cases.count, pages: pages, site: site, build: build)
                        }
                    }
                } catch {
                    cache.remove()
                    notes.append(Diagnostic(.note, "cache.unwritten", args: FileProblem(error).arguments.merging(["path": cache.manifestPath]) { a, _ in a }))
                }
            }
        }
        removal.wait()
        if options.keepUntilExit { Self.keptUntilExit.withLock { $0 += [corpus, renderer, memo, searchStore, previousFiles] } }
        var result = finish(written: true, files: rewritten + kept, pages: pages, rewritten: rewritten, kept: kept)
        result.documents = documents
        if options.keepPreview { result.preview = SitePreview(corpus, templates, renderer, options) }
        return result
    }

    /// One diagnostic for a fault of the write stage.
    static func diagnostic(for error: any Error, output: String) -> Diagnostic {
        switch error {
        case let e as SiteWriter.WriteError: return e.diagnostic
        case let e as PDFMaker.Failure: return e.diagnostic
        case let e as TemplateSet.RenderError: return e.diagnostic
        case let d as Diagnostic: return d
        default:
            return SiteWriter.WriteError(writing: output.hasSuffix("/") ? output : output + "/", FileProblem(error)).diagnostic
        }
    }

    func loadConfig(_ content: String, _ diagnostics: inout [Diagnostic]) -> SiteConfig {
        let settings = SiteSettings.load(content: content)
        diagnostics += settings.diagnostics
        return settings.config
    }
}
