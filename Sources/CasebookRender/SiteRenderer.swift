import CasebookCore
import CasebookMarkdown
import CasebookTemplates
import Foundation
import Synchronization

/// Every page and export of the site, as `[OutputFile]`. Each page kind is one model type, made by a pure `make…Model`
/// function of the `Catalog`, and one template; the renderer lists (path, template, model) and renders the list.
public struct SiteRenderer: Sendable {
    public let templates: TemplateSet
    let catalog: Catalog

    /// Every page kind: the template and the model type it is rendered with. The templates must exist, and each may
    /// only use the keys of its model (checked by `checkTemplates`, whatever the content).
    static let pageKinds: [(template: String, model: any TemplateModel.Type)] = [
        (CasePageModel.template, PageModel<CasePageModel>.self),
        (ListingModel.template, PageModel<ListingModel>.self),
        (HomeModel.template, PageModel<HomeModel>.self),
        (ZonesModel.template, PageModel<ZonesModel>.self),
        (StatsModel.template, PageModel<StatsModel>.self),
        (searchTemplate, PageModel<EmptyModel>.self),
        (Paths.notFoundTemplate, PageModel<EmptyModel>.self),
        (compareTemplate, PageModel<EmptyModel>.self),
        (HandbookPageModel.template, PageModel<HandbookPageModel>.self),
        (HandbookIndexModel.template, PageModel<HandbookIndexModel>.self),
        (handbookCaseTemplate, HandbookModel.Case.self),
        (CaseBodyModel.template, CaseBodyModel.self),
        (CaseDocumentModel.template, CaseDocumentModel.self),
        (SourcePageModel.template, PageModel<SourcePageModel>.self),
        (CitePageModel.template, PageModel<CitePageModel>.self),
        (UnitPageModel.template, PageModel<UnitPageModel>.self),
        (UnitsIndexModel.template, PageModel<UnitsIndexModel>.self),
        (RedirectModel.template, RedirectModel.self),
    ]
    static let searchTemplate = "html/search"
    static let handbookCaseTemplate = "partials/handbook-case"
    static let compareTemplate = "html/compare"

    /// Templates the renderer needs.
    public static var requiredTemplates: [String] { pageKinds.map(\.template) }

    /// The site's settings.
    public var config: SiteConfig { catalog.input.config }

    public init(templates: TemplateSet, input: SiteInput) {
        self.templates = templates
        self.catalog = Catalog(input)
    }

    /// Template variables that a template's model does not provide, with `template:line:col`.
    public func checkTemplates() -> [Diagnostic] {
        templates.checkKeys(Self.pageKinds)
    }

    /// The whole site in memory, sorted by path.
    public func render(workers: Int = Parallel.defaultWorkers) throws -> [OutputFile] {
        let sink = MemorySink()
        try render(into: sink, workers: workers)
        return sink.files
    }

    /// Every page and export of the site, each handed to `sink` as soon as it is made, on up to `workers` threads.
    /// What a file holds never depends on the order or the thread it was made in.
    /// `memo` and `searchMemo` carry what the previous build made (pages, the search index) into an incremental one.
    public func render(into sink: some OutputSink, memo: (any PageMemo)? = nil, searchMemo: (any SearchIndexMemo)? = nil,
                       workers: Int = Parallel.defaultWorkers, timings: Timings = Timings()) throws {
        // The pages first; what only they need (every case's body, the page jobs) is gone before the exports start.
        let documents = DocumentsMade()
        let (pages, listings) = try renderSitePages(into: sink, memo: memo, documents: documents, workers: workers, timings: timings)
        try documents.check()
        let catalog = self.catalog
        // The exports, each written file by file as it is made (a file per case is never held with all the others):
        // the search index first (the longest; its counting uses every core on its own).
        let cases = catalog.input.cases
        typealias Export = (String, @Sendable () throws -> Void)
        var exports: [Export] = [
            ("search index", {
                try SearchIndexBuilder(catalog: catalog).write(into: sink, memo: searchMemo)
            }),
            ("data: cases.json", {
                // Each record of an unchanged case is copied from the previous file.
                let records = memo?.records(path: "data/cases.json")
                try sink.write("data/cases.json") { emit in try DataExport(catalog: catalog).json(records: records, emit: emit) }
                try sink.write(DataExport.schemaFile)
            }),
        ]
        for table in DataExport.Table.allCases {
            exports.append(("data: csv, references", {
                let records = memo?.records(path: table.path)
                try sink.write(table.path) { emit in try DataExport(catalog: catalog).table(table, records: records, emit: emit) }
            }))
        }
        exports.append(("feeds, source texts", {
            for f in Feeds(catalog: catalog).files(pages: pages) { try sink.write(f) }
            // A source text as received is kept by its text's key.
            try DataExport(catalog: catalog).sourceTexts(keeping: { file, path in
                guard let memo, let key = catalog.documentFileKey("source text", file) else { return false }
                return try memo.reuse(path: path, key: key)
            }, sink.write)
        }))
        exports.append(("listing data", { try catalog.writeListingData(listings, to: sink) }))
        // The files made per case in slices, so that the exports beside each other end together.
        for slice in Self.slices(of: cases.count, workers: workers) {
            // A case's comparison data is kept from the previous build when what it is made from is the same.
            exports.append(("compare data", {
                for c in cases[slice] {
                    if let memo, try memo.reuse(path: Paths.compareData(c.id), key: catalog.fileKey("compare", c) ?? catalog.compareKey(c)) { continue }
                    try sink.write(catalog.compareFile(c))
                }
            }))
            // A case's Markdown document is a template render like a page: taken from the previous build when its
            // model is that build's.
            exports.append(("markdown", {
                for c in cases[slice] where !documents.made(c.id) { if let f = try self.renderMarkdownDocument(c, memo: memo) { try sink.write(f) } }
            }))
        }
        try timings.measure("render: exports") {
            guard workers > 1, let (index, rest) = exports.first.map({ ($0, Array(exports.dropFirst())) }) else {
                for (name, write) in exports { try timings.measure("  export: " + name) { try write() } }
                return
            }
            // The search index on this thread, so that its counting's own parallel steps get every core (libdispatch
            // runs an apply nested in another apply on one thread: inside the loop over the exports, the index was
            // counted on one core once the other exports were done); the other exports meanwhile on threads made for
            // them (an apply started while the index's held libdispatch's workers got none: they ran one at a time).
            let failure = Mutex<(any Error)?>(nil)
            let others = DispatchGroup()
            DispatchQueue.global().async(group: others) {
                do {
                    try Parallel.forEach(rest, threads: workers) { (name, write) in
                        try timings.measure("  export: " + name) { try write() }
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            var indexFailure: (any Error)?
            do { try timings.measure("  export: " + index.0) { try index.1() } } catch { indexFailure = error }
            others.wait()
            if let error = indexFailure ?? failure.withLock({ $0 }) { throw error }
        }
    }

    /// Every HTML page (and redirect) of the site into `sink`; returns the paths of the HTML pages and the listings.
    func renderSitePages(into sink: some OutputSink, memo: (any PageMemo)?, documents: DocumentsMade = DocumentsMade(), workers: Int,
                     timings: Timings) throws -> (pages: [String], listings: [ListingPage]) {
        // The handbooks' contents are gathered on a thread of their own while the listings are made (both only read
        // the catalog).
        let (handbooks, listings) = Parallel.beside({ [catalog = self.catalog] in catalog.handbooks() }, workers: workers) {
            timings.measure("render: listings") { self.catalog.makeListingPages() }
        }
        // Each case's body is made when a page first shows it (a page taken from the previous build never asks) and
        // kept until its other reader has it: its case page and, once for every handbook, its handbook section.
        let bodies = FragmentMemo(uses: catalog.input.cases.map(\.id) + Set(handbooks.flatMap(\.caseIDs)).sorted())
        // The body's Markdown is rendered once: its HTML is made from it, and so is the case's Markdown document, written
        // then (unless the previous build's stands); the exports make the documents of the cases no page asked for.
        let body: @Sendable (Case) -> String = { c in
            bodies.section(c.id) {
                let markdown = (try? self.caseMarkdown(c)) ?? ""
                documents.write(c.id) { try self.renderMarkdownDocument(c, memo: memo, body: markdown).map { try sink.write($0) } }
                return Markdown.html(markdown)
            }
        }
        var jobs = timings.measure("render: list pages") { makeJobs(body: body, listings: listings) }
        let catalog = self.catalog
        // A case's section is rendered once and shared by the (about three) handbooks that hold it; handbooks are
        // rendered in the order of their first batch, so that a section waits in memory only until its last use.
        let templates = self.templates
        let sections = FragmentMemo(uses: handbooks.flatMap(\.caseIDs))
        let demotedBody: @Sendable (Case) -> String = { Self.demoteHeadings(body($0), by: Self.handbookHeadingShift) }
        let makeSection: @Sendable (HandbookModel.Case) -> String = { model in
            // `render` fails only for a template that does not exist, and `partials/handbook-case` is one of the
            // required templates: a set without it is refused when it is loaded, before anything renders.
            // The template's own line end follows `{{{section_html}}}`: the section's last one is dropped.
            var section = (try? templates.render(Self.handbookCaseTemplate, model)) ?? ""
            if section.hasSuffix("\n") { section.removeLast() }  // not `dropLast()`: it counts the characters
            return section
        }
        let byFirstBatch = handbooks.enumerated().sorted { a, b in
            let (x, y) = (catalog.batchIndex(a.element.batches.first?.file), catalog.batchIndex(b.element.batches.first?.file))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        // The handbooks in waves of those that start with the same batch (`byFirstBatch` keeps them together).
        var waves: [[(Handbook, RenderJob)]] = []
        var lastFirst: Int?
        for h in byFirstBatch {
            let job = RenderJob(path: h.path, template: HandbookPageModel.template, model: catalog.makeHandbookPageModel(
                h, body: demotedBody, section: { model in sections.section(model.id) { makeSection(model) } }),
                key: { catalog.handbookKey(h) })
            let first = catalog.batchIndex(h.batches.first?.file)
            if first == lastFirst, !waves.isEmpty { waves[waves.count - 1].append((h, job)) } else { waves.append([(h, job)]) }
            lastFirst = first
            jobs.append(job)
        }
        jobs.append(RenderJob(path: Handbook.indexPath, template: HandbookIndexModel.template,
                              model: PageModel(frame: catalog.input.config.makeFrameModel(Handbook.indexPath, title: "案例手册", crumbs: [("案例手册", nil)]),
                                               content: catalog.makeHandbookIndexModel(handbooks))))
        let pages = jobs.map(\.path).filter { $0.hasSuffix(".html") }
        // Every address published before stays as a redirect to the page's address now (not in the sitemap).
        jobs += try makeRedirectJobs(listings: listings, files: Set(jobs.map(\.path)))
        // A page with a key is kept by it (true), or rendered (false); one without (nil), by its model's fingerprint.
        let keep: @Sendable (RenderJob) throws -> Bool? = { job in
            guard let memo, let key = timings.measure("  key: " + job.template, { job.key() }) else { return nil }
            return try timings.measure("  keep by key: " + job.template) { try memo.reuse(path: job.path, key: key) }
        }
        // A page `keep` did not keep.
        let make: @Sendable (RenderJob, _ keyed: Bool) throws -> Void = { job, keyed in
            let model = try timings.measure("  model: " + job.template) { try job.makeModel() }
            if let memo, !keyed, try timings.measure("  fingerprint: " + job.template, { try memo.reuse(path: job.path, template: job.template, model: model) }) { return }
            let text = try timings.measure("  mustache: " + job.template) { try templates.render(job.template, model) }
            try timings.measure("  write") { try sink.write(OutputFile(path: job.path, text: text)) }
        }
        // The handbooks first (the largest pages), a wave at a time: the sections of the cases a wave's handbooks show
        // are made a case per thread, and the wave's handbooks are put together from them while the next wave's
        // sections are made. (Rendered handbook by handbook, two threads on handbooks that share cases took turns: one
        // made a section while the other waited for it.)
        // A case's page is rendered in the wave after its section's (beside the next wave's sections and handbooks): the
        // body both show is then held for one wave, not from the handbooks until the case pages (at 100k cases the bodies
        // of every case, half a gigabyte, waited in memory that way).
        var casePages: [String: RenderJob] = [:]
        for job in jobs where job.template == CasePageModel.template { casePages[job.path] = job }
        var pagesDone = Set<String>()
        try timings.measure("render: handbooks and case pages") {
            var assembling: [HandbookWork] = []
            for wave in waves + [[]] {
                let rendering = try Parallel.map(wave, workers: workers) { (h, job) in
                    let kept = try keep(job)
                    return kept == true ? nil : (h, job, keyed: kept != nil)
                }.compactMap { $0 }
                var seen = Set<String>()
                let missing = rendering.flatMap { $0.0.cases }.filter { !sections.holds($0.id) && seen.insert($0.id).inserted }
                try Parallel.forEach(assembling + missing.map { .section($0) }, workers: workers) { work in
                    switch work {
                    case .assemble(let job, let keyed): try make(job, keyed)
                    case .page(let job):
                        let kept = try keep(job)
                        if kept != true { try make(job, kept != nil) }
                    case .section(let c): sections.prepare(c.id) { makeSection(catalog.makeHandbookCase(c, body: { demotedBody(c) })) }
                    }
                }
                assembling = rendering.map { .assemble($0.1, keyed: $0.keyed) }
                for c in missing {
                    let path = Paths.casePage(c.id)
                    if let job = casePages[path], pagesDone.insert(path).inserted { assembling.append(.page(job)) }
                }
            }
        }
        let rest = jobs.filter { $0.template != HandbookPageModel.template && !pagesDone.contains($0.path) }
        try timings.measure("render: pages") {
            try Parallel.forEach(rest, workers: workers) { job in
                let kept = try keep(job)
                if kept != true { try make(job, kept != nil) }
            }
        }
        return (pages, listings)
    }

    /// `count` items cut into runs for `workers` threads, a few per thread (so that the exports made beside each other
    /// end together rather than one thread finishing a long one alone).
    static func slices(of count: Int, workers: Int) -> [Range<Int>] {
        let n = max(1, min(count, workers * 2))
        return (0..<n).map { i in count * i / n ..< count * (i + 1) / n }.filter { !$0.isEmpty }
    }

    /// A step of rendering the handbooks: a case's section, or a handbook put together from its sections.
    enum HandbookWork: Sendable {
        case section(Case)
        case assemble(RenderJob, keyed: Bool)
        /// A case page whose section was made in the wave before.
        case page(RenderJob)
    }

    /// Only the pages of the cases `ids` and the source pages of the documents `files`, as the whole site would give
    /// them from the same input: what `casebook serve` shows at once after an edit, before the full build.
    public func renderPages(cases ids: Set<String>, sources files: Set<String>) throws -> [OutputFile] {
        let jobs = catalog.input.cases.filter { ids.contains($0.id) }.map { c in casePageJob(c, body: { self.bodyHTML(c) }) }
            + catalog.sourcePages.filter { files.contains($0.file) }.compactMap(sourcePageJob)
        return try jobs.map { OutputFile(path: $0.path, text: try templates.render($0.template, try $0.makeModel())) }
    }

    /// A case's body as HTML: Markdown from `markdown/case-body`, then cmark-gfm. The template is a required one,
    /// checked when the templates are loaded: rendering it cannot fail.
    func bodyHTML(_ c: Case) -> String { (try? Markdown.html(caseMarkdown(c))) ?? "" }

    func casePageJob(_ c: Case, body: @escaping @Sendable () -> String) -> RenderJob {
        let catalog = self.catalog
        return RenderJob(path: Paths.casePage(c.id), template: CasePageModel.template, model: catalog.makeCasePageModel(c, body: body),
                         key: { catalog.casePageKey(c) })
    }

    /// The source page of a document; nil for one without a source text.
    func sourcePageJob(_ page: (file: String, path: String)) -> RenderJob? {
        let catalog = self.catalog
        guard let source = catalog.input.sources[page.file] else { return nil }
        // Made from its text's cases, text and metadata alone: kept by the text's key.
        return RenderJob(path: page.path, template: SourcePageModel.template, model: try catalog.makeSourcePageModel(page.file, source),
                         key: { catalog.documentFileKey(SourcePageModel.template, page.file) })
    }

    /// Markdown for a case's body, from the `markdown/case-body` template.
    public func caseMarkdown(_ c: Case) throws -> String {
        try templates.render(CaseBodyModel.template, CaseBodyModel(c))
    }

    /// Each case as a Markdown document (`markdown/<id>.md`), for `casebook export --format markdown` and for readers
    /// who want the source form.
    public func renderMarkdownDocuments(workers: Int = Parallel.defaultWorkers) throws -> [OutputFile] {
        try Parallel.map(catalog.input.cases, workers: workers) { c in try renderMarkdownDocument(c) }.compactMap { $0 }
    }

    /// A case's Markdown document; nil when `memo` takes the previous build's file instead. `body` is the case's
    /// `markdown/case-body` when the caller has it already.
    func renderMarkdownDocument(_ c: Case, memo: (any PageMemo)? = nil, body: String? = nil) throws -> OutputFile? {
        let path = "markdown/\(c.id).md"
        // By the case's key where there is one (without making the model), else by the model's fingerprint.
        let key = memo == nil ? nil : catalog.fileKey(CaseDocumentModel.template, c)
        if let memo, let key, try memo.reuse(path: path, key: key) { return nil }
        var model = catalog.makeCaseDocumentModel(c)
        if let memo, key == nil, try memo.reuse(path: path, template: CaseDocumentModel.template, model: model) { return nil }
        // The template's own line end follows `{{{body_markdown}}}`: the body's last one is dropped.
        var markdown = try body ?? caseMarkdown(c)
        if markdown.hasSuffix("\n") { markdown.removeLast() }  // not `dropLast()`: it counts the characters
        model.bodyMarkdown = markdown
        return OutputFile(path: path, text: try templates.render(CaseDocumentModel.template, model))
    }

    /// `data/cases.json` and `data/cases.csv`.
    public func renderDataFiles() -> [OutputFile] { DataExport(catalog: catalog).files() }

    /// The HTML pages but the handbooks and redirects: cases, listings (paginated), home, zones, stats, search.
    func makeJobs(body: @escaping @Sendable (Case) -> String, listings: [ListingPage]) -> [RenderJob] {
        let config = catalog.input.config
        var jobs: [RenderJob] = catalog.input.cases.map { c in casePageJob(c, body: { body(c) }) }
        for listing in listings {
            for page in listing.paginated() {
                let frame = config.makeFrameModel(page.path, title: page.title, crumbs: listing.crumbs)
                jobs.append(RenderJob(path: page.path, template: ListingModel.template, model: PageModel(frame: frame, content: page.model)))
            }
        }
        jobs.append(RenderJob(path: "index.html", template: HomeModel.template,
                              model: PageModel(frame: config.makeFrameModel("index.html", title: config.title, crumbs: []), content: catalog.makeHomeModel())))
        jobs.append(RenderJob(path: Paths.zonesIndex, template: ZonesModel.template,
                              model: PageModel(frame: config.makeFrameModel(Paths.zonesIndex, title: "自贸试验区与片区", crumbs: [("自贸试验区", nil)]),
                                               content: catalog.makeZonesModel())))
        jobs.append(RenderJob(path: Paths.stats, template: StatsModel.template,
                              model: PageModel(frame: config.makeFrameModel(Paths.stats, title: "统计", crumbs: [("统计", nil)]), content: catalog.makeStatsModel())))
        jobs += catalog.sourcePages.compactMap(sourcePageJob)
        let units = catalog.gatherUnits()
        for u in units {
            let path = Paths.unitPage(u.code)
            jobs.append(RenderJob(path: path, template: UnitPageModel.template,
                                  model: PageModel(frame: config.makeFrameModel(path, title: u.name, crumbs: [("单位", Paths.unitsIndex), (u.name, nil)]),
                                                   content: catalog.makeUnitPageModel(u))))
        }
        jobs.append(RenderJob(path: Paths.unitsIndex, template: UnitsIndexModel.template,
                              model: PageModel(frame: config.makeFrameModel(Paths.unitsIndex, title: "单位", crumbs: [("单位", nil)]),
                                               content: catalog.makeUnitsIndexModel(units))))
        jobs.append(RenderJob(path: Paths.cite, template: CitePageModel.template,
                              model: PageModel(frame: config.makeFrameModel(Paths.cite, title: "如何引用", crumbs: [("如何引用", nil)]), content: catalog.makeCitePageModel())))
        jobs.append(RenderJob(path: Paths.notFound, template: Paths.notFoundTemplate, model: config.makeNotFoundModel()))
        jobs.append(RenderJob(path: Paths.compare, template: Self.compareTemplate,
                              model: PageModel(frame: config.makeFrameModel(Paths.compare, title: "对比案例", crumbs: [("对比", nil)]), content: EmptyModel())))
        jobs.append(RenderJob(path: Paths.search, template: Self.searchTemplate,
                              model: PageModel(frame: config.makeFrameModel(Paths.search, title: "搜索", crumbs: [("搜索", nil)]), content: EmptyModel())))
        return jobs
    }

    /// A redirect page at every address a former URL scheme gave a listing page (`URLHistory`), to the page's address
    /// now. `files` are the paths of every other file of the site, which no redirect may take.
    func makeRedirectJobs(listings: [ListingPage], files: Set<String>) throws -> [RenderJob] {
        let listed = listings.flatMap { l in
            l.paginated().map { URLHistory.Page(listing: l.listing, number: $0.number, path: $0.path, title: $0.title) }
        }
        let config = catalog.input.config
        return try URLHistory.redirects(for: listed, files: files).map { r in
            RenderJob(path: r.from, template: RedirectModel.template, model: config.makeRedirectModel(r))
        }
    }

    /// A case body's `##` headings sit under a handbook's part (`h2`) and case (`h3`) headings.
    static let handbookHeadingShift = 2

    /// Shifts `<h1>`…`<h6>` down by `n` levels (capped at `<h6>`).
    static func demoteHeadings(_ html: String, by n: Int) -> String {
        // One pass over the bytes: `<hN` and `</hN` followed by `>` or a space get N + n (at most 6).
        var bytes = Array(html.utf8)
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                let j = bytes[i + 1] == UInt8(ascii: "/") ? i + 2 : i + 1
                if j + 2 < bytes.count, bytes[j] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[j + 1]),
                   bytes[j + 2] == UInt8(ascii: ">") || bytes[j + 2] == UInt8(ascii: " ") {
                    bytes[j + 1] = min(UInt8(ascii: "6"), bytes[j + 1] + UInt8(n))
                    i = j + 2
                    continue
                }
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The cases whose Markdown document was written (or kept) with their page, and the first failure to write one: the
/// body's fragment is made where nothing can throw, so a failure waits here until the pages are done.
final class DocumentsMade: Sendable {
    private let state = Mutex<(ids: Set<String>, failure: (any Error)?)>(([], nil))

    /// Runs `write` for `id` unless it ran before.
    func write(_ id: String, _ write: () throws -> Void) {
        guard state.withLock({ $0.ids.insert(id).inserted }) else { return }
        do { try write() } catch { state.withLock { if $0.failure == nil { $0.failure = error } } }
    }

    func made(_ id: String) -> Bool { state.withLock { $0.ids.contains(id) } }

    /// Throws the first failure.
    func check() throws { if let e = state.withLock({ $0.failure }) { throw e } }
}
