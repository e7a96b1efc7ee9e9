import CasebookCore
import CasebookEnrich
import CasebookParse
import CasebookRender
import CasebookTemplates
import Foundation

/// What `casebook serve` keeps of the last build so that an edit to a source text shows at once, as Hugo's fast render
/// mode does: the edited texts are read and parsed again, their cases placed (zones; field, with the field terms the
/// last build learned; units), and only their case pages and source pages rendered. Related cases and versions are
/// what the last build found for the same case ids. The full build follows and replaces every page.
public final class SitePreview: Sendable {
    let corpus: Corpus
    let templates: TemplateSet
    let config: SiteConfig
    let sourcesDir: String
    let categories: CategoryAssigner

    /// What a build that succeeded was made from.
    init(_ corpus: Corpus, _ templates: TemplateSet, _ renderer: SiteRenderer, _ options: SiteBuilder.Options) {
        self.corpus = corpus
        self.templates = templates
        self.config = renderer.config
        self.sourcesDir = options.content + "/sources"
        self.categories = Enricher(reference: corpus.reference).fieldTerms(training: corpus.cases)
    }

    /// The pages of the texts `files` (names in `sources/`) as they read now (site path → bytes), and how many cases they hold; nil when only
    /// a full build can say: a text the last build did not have or that had no case, or one that now reads or parses
    /// with an error (the full build reports it).
    public func render(changed files: [String]) -> (pages: [String: Data], cases: Int)? {
        guard !files.isEmpty else { return nil }
        var corpus = self.corpus
        let previous = Dictionary(corpus.cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let enricher = Enricher(reference: corpus.reference)
        var ids = Set<String>()
        for file in Set(files).sorted() {
            guard let at = corpus.documents.firstIndex(where: { $0.file == file }),
                  let first = corpus.cases.firstIndex(where: { $0.source.file == file }) else { return nil }
            let one = ContentLoader.loadOne(file, sourcesDir: sourcesDir)
            guard let document = one.document, !one.diagnostics.hasErrors else { return nil }
            let parsed = Parser.parse(document)
            guard !parsed.diagnostics.hasErrors else { return nil }
            var (placed, _) = enricher.place(parsed.cases, documents: [file: document.metadata], categories: categories)
            for i in placed.indices {
                placed[i].related = previous[placed[i].id]?.related ?? []
                placed[i].versions = previous[placed[i].id]?.versions ?? []
            }
            // A text's cases stand together, in the order of the texts.
            corpus.cases.removeAll { $0.source.file == file }
            corpus.cases.insert(contentsOf: placed, at: first)
            corpus.documents[at] = document
            if let p = corpus.parsed.firstIndex(where: { $0.file == file }) { corpus.parsed[p] = parsed }
            ids.formUnion(placed.map(\.id))
        }
        let renderer = SiteRenderer(templates: templates, input: corpus.siteInput(config: config))
        guard let pages = try? renderer.renderPages(cases: ids, sources: Set(files)) else { return nil }
        return (Dictionary(pages.map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a }), ids.count)
    }
}

extension Corpus {
    /// What the renderer reads of the corpus, with the site's settings.
    func siteInput(config: SiteConfig, sources: [String: SourceText]? = nil) -> SiteInput {
        SiteInput(cases: cases, documents: Dictionary(uniqueKeysWithValues: documents.map { ($0.file, $0.metadata) }),
                  documentOrder: documents.map(\.file), reference: reference, config: config, sources: sources ?? sourceTexts)
    }
}
