import CasebookCore
import CasebookTemplates

/// A case's page (`html/case`): the case with its batch's facts, field, zones, units, body, citation and neighbours.
struct CasePageModel: SchemaModel {
    var `case`: CaseModel
    static let schema = Schema<Self>([.model("case") { $0.case }])
    static let template = "html/case"
}

struct CaseModel: SchemaModel {
    /// The document a case comes from, each fact with whether the text states it.
    struct BatchFacts: SchemaModel {
        var label: String
        var url: String
        var title: String
        var titleAttributed: Bool
        var issuer: String
        var issuerAttributed: Bool
        var level: String
        var levelAttributed: Bool
        var year: Int
        var yearAttributed: Bool
        var batchAttributed: Bool
        var note: String

        static let schema = Schema<Self>([
            .value("label") { $0.label }, .value("url") { $0.url }, .value("title") { $0.title },
            .value("title_attributed") { $0.titleAttributed }, .value("issuer") { $0.issuer },
            .value("issuer_attributed") { $0.issuerAttributed }, .value("level") { $0.level },
            .value("level_attributed") { $0.levelAttributed }, .value("year") { $0.year },
            .value("year_attributed") { $0.yearAttributed }, .value("batch_attributed") { $0.batchAttributed },
            .value("note") { $0.note },
        ])
    }

    /// How the case got its field, and a close second.
    struct FieldFacts: SchemaModel {
        var name: String
        var reason: String
        var source: CategorySource
        var url: String?
        var label: String?
        var secondary: String?
        var secondaryURL: String?
        var keywords: [String]

        static let schema = Schema<Self>([
            .value("name") { $0.name }, .value("reason") { $0.reason }, .value("official") { $0.source == .official },
            .value("rule") { $0.source == .rule }, .value("editor") { $0.source == .editor }, .value("url") { $0.url },
            .value("label") { $0.label }, .value("secondary") { $0.secondary }, .value("secondary_url") { $0.secondaryURL },
            .value("keywords") { $0.keywords },
        ])
    }

    /// One step of an innovation's recognition path: a version of the case (or the case itself), in date order.
    struct VersionStep: SchemaModel {
        var stage: String
        var title: String
        var url: String
        var current: Bool
        var evidence: String?
        static let schema = Schema<Self>([
            .value("stage") { $0.stage }, .value("title") { $0.title }, .value("url") { $0.url }, .value("current") { $0.current },
            .value("evidence") { $0.evidence },
        ])
    }

    /// The previous or next case of the batch.
    struct Neighbour: SchemaModel {
        var title: String
        var url: String
        var label: String
        static let schema = Schema<Self>([.value("title") { $0.title }, .value("url") { $0.url }, .value("label") { $0.label }])
    }

    var id: String
    var title: String
    var kind: String
    var kindURL: String
    var number: Int
    var label: String
    var body: CaseBody
    var citation: String
    /// The same reference as GB/T 7714-2015, BibTeX, RIS and CSL-JSON.
    var gbt7714: String = ""
    var bibtex: String = ""
    var ris: String = ""
    var cslJSON: String = ""
    var sourceFile: String
    var firstLine: Int
    var lastLine: Int
    /// `sources/<stem>.html#L<first>-L<last>`, nil when the document has no source page.
    var sourceURL: String?
    var rawURL: String?
    var kicker: String?
    var part: String?
    var prev: Neighbour?
    var next: Neighbour?
    var batch: BatchFacts?
    var anyAttributed: Bool
    var field: FieldFacts?
    var zones: [ZoneLinkModel]
    var units: [LabelValueModel]
    var related: [CardModel]
    /// The recognition path: where the innovation started (its 片区 or unit), then each version in date order.
    var origin: String? = nil
    var versions: [VersionStep] = []
    /// What a reader must know about how the case was assembled from the text (a paragraph moved back from another
    /// article, say), as the parser wrote it.
    var notices: [String]

    static let schema = Schema<Self>([
        .value("id") { $0.id }, .value("title") { $0.title }, .value("kind") { $0.kind }, .value("kind_url") { $0.kindURL },
        .value("number") { $0.number }, .value("label") { $0.label }, .lazy("body_html", identity: { m, out in m.body.appendIdentity(to: &out) }) { $0.body.html() },
        .value("citation") { $0.citation }, .value("gbt7714") { $0.gbt7714 }, .value("bibtex") { $0.bibtex },
        .value("ris") { $0.ris }, .value("csl_json") { $0.cslJSON }, .value("cite_url") { _ in Paths.cite }, .value("source_file") { $0.sourceFile }, .value("first_line") { $0.firstLine },
        .value("last_line") { $0.lastLine }, .value("source_url") { $0.sourceURL }, .value("raw_url") { $0.rawURL },
        .value("kicker") { $0.kicker }, .value("part") { $0.part },
        .model("prev") { $0.prev }, .model("next") { $0.next }, .model("batch") { $0.batch },
        .value("any_attributed") { $0.anyAttributed }, .model("field") { $0.field }, .list("zones") { $0.zones },
        .list("units") { $0.units }, .list("related") { $0.related }, .value("origin") { $0.origin },
        .list("versions") { $0.versions },
        .value("notices") { $0.notices },
    ])
}

extension Catalog {
    /// The page of case `c`; `body` gives its body as HTML (asked for only when the page is rendered).
    func makeCasePageModel(_ c: Case, body: @escaping @Sendable () -> String) -> PageModel<CasePageModel> {
        let batch = batchOf[c.id]
        let hasSource = input.sources[c.source.file] != nil
        let catalog = self
        var m = CaseModel(
            id: c.id, title: c.title, kind: c.kind.rawValue, kindURL: Paths.kindPage(c.kind), number: c.number,
            label: citationLabel(c), body: CaseBody(c, identities: identities(bodyIdentities, for: c)) { hasSource ? catalog.linkHeadings(body(), of: c) : body() }, citation: citation(c), sourceFile: c.source.file,
            firstLine: c.source.lines.first, lastLine: c.source.lines.last,
            sourceURL: hasSource ? Paths.sourceLines(c.source.file, c.source.lines) : nil,
            rawURL: hasSource ? Paths.sourceText(c.source.file) : nil, kicker: c.kicker, part: c.part,
            anyAttributed: false, zones: makeZoneLinkModels(c), units: makeUnitRows(c),
            related: c.related.filter { !c.versions.contains($0) }.compactMap { byID[$0] }.map(makeCardModel), notices: c.notices)
        m.versions = c.versions.compactMap { byID[$0] }.map { v in
            let meta = batchOf[v.id]?.meta
            let stage = meta.map { "\($0.level.value)\($0.batchNumber != nil ? $0.batchName.value : "")（\(batchOf[v.id]?.label ?? "")，\($0.year.value)年）" } ?? v.source.file
            return CaseModel.VersionStep(stage: stage, title: v.title, url: Paths.casePage(v.id), current: v.id == c.id,
                                         evidence: v.id == c.id ? nil : c.versionEvidence[v.id])
        }
        if let first = c.versions.first.flatMap({ byID[$0] }) {
            let units = first.providers.isEmpty ? first.submitters : first.providers
            m.origin = first.areaNames.isEmpty ? units.first : first.areaNames.joined(separator: "、")
        }
        let reference = referenceForms(c)
        m.gbt7714 = reference.gbt7714
        m.bibtex = reference.bibtex
        m.ris = reference.ris
        m.cslJSON = reference.cslJSON
        if let b = batch {
            let meta = b.meta
            m.batch = CaseModel.BatchFacts(
                label: b.label, url: Paths.batchPage(meta.slug), title: meta.title.value, titleAttributed: meta.title.isAttributed,
                issuer: meta.issuer.value, issuerAttributed: meta.issuer.isAttributed, level: meta.level.value,
                levelAttributed: meta.level.isAttributed, year: meta.year.value, yearAttributed: meta.year.isAttributed,
                batchAttributed: meta.batchName.isAttributed, note: meta.note ?? "")
            m.anyAttributed = meta.title.isAttributed || meta.issuer.isAttributed || meta.level.isAttributed
                || meta.year.isAttributed || meta.batchName.isAttributed
            // Previous and next in the batch's official order.
            if let i = b.cases.firstIndex(where: { $0.id == c.id }) {
                func neighbour(_ n: Case) -> CaseModel.Neighbour {
                    CaseModel.Neighbour(title: n.title, url: Paths.casePage(n.id), label: citationLabel(n))
                }
                if i > 0 { m.prev = neighbour(b.cases[i - 1]) }
                if i + 1 < b.cases.count { m.next = neighbour(b.cases[i + 1]) }
            }
        }
        if let f = c.category {
            m.field = CaseModel.FieldFacts(
                name: f.name, reason: f.reason, source: f.source, url: field(f.name).map { Paths.fieldPage($0.code) },
                label: f.officialLabel, secondary: f.secondary,
                secondaryURL: f.secondary.flatMap { field($0) }.map { Paths.fieldPage($0.code) }, keywords: f.matchedKeywords)
        }
        var crumbs: [(String, String?)] = []
        if let b = batch { crumbs.append((b.label, Paths.batchPage(b.meta.slug))) }
        crumbs.append((c.kind == .news ? "第\(c.number)篇" : "第\(c.number)项", nil))
        let frame = input.config.makeFrameModel(Paths.casePage(c.id), title: c.title, crumbs: crumbs,
                                                description: c.summary.map { String($0.prefix(Catalog.descriptionLimit)) }, article: true)
        return PageModel(frame: frame, content: CasePageModel(case: m))
    }
}

extension Catalog {
    /// Each section heading of a case page's body (`<h2>`, one per printed heading, in order) gets a link to its line
    /// on the source page. The body is left as it is when its headings and the case's do not pair up one to one.
    func linkHeadings(_ html: String, of c: Case) -> String {
        let headed = c.sections.filter { $0.heading != nil }
        let parts = ByteText.split(html, at: "</h2>")
        guard parts.count - 1 == headed.count, headed.contains(where: { $0.line != nil }) else { return html }
        let root = Paths.root(of: Paths.casePage(c.id))
        var out = ""
        for (k, part) in parts.enumerated() {
            out += part
            guard k < headed.count else { continue }
            if let n = headed[k].line {
                let href = root + Paths.sourceLines(c.source.file, LineRange(n, n))
                out += " <a class=\"src-line\" href=\"\(href)\" title=\"原文第 \(n) 行\">L\(n)</a>"
            }
            out += "</h2>"
        }
        return out
    }
}
