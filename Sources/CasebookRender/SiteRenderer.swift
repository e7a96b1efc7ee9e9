import CasebookCore
import CasebookMarkdown
import CasebookTemplates
import Foundation

/// View models → Markdown → HTML → layouts: every page and export of the site, as `[OutputFile]`.
/// Templates see dictionaries of strings, lists and flags only, never domain types.
public struct SiteRenderer {
    public let templates: TemplateSet
    let input: SiteInput
    let catalog: Catalog

    /// Templates the renderer needs.
    public static let requiredTemplates = ["markdown/case-body", "markdown/case", "html/case", "html/listing", "html/home", "html/zones", "html/search", "html/stats",
                                             "html/handbook", "partials/handbook-index"]

    /// Every key of every view model rendered, to find template variables that nothing provides.
    final class KeyRecorder: @unchecked Sendable {
        var keys = Set<String>()
        func record(_ value: Any) {
            if let d = value as? [String: Any] {
                for (k, v) in d { keys.insert(k); record(v) }
            } else if let a = value as? [Any] {
                for v in a { record(v) }
            }
        }
    }
    let recorder = KeyRecorder()

    final class BodyCache: @unchecked Sendable {
        var bodies: [String: String] = [:]
    }
    let bodyCache = BodyCache()

    public init(templates: TemplateSet, input: SiteInput) {
        self.templates = templates
        self.input = input
        self.catalog = Catalog(input)
    }

    /// Template variables that no view model provides. The keys are those of the models rendered, plus
    /// those the same builders give a complete specimen case (so the check does not depend on the data:
    /// a site with no tables or no 片区 still knows the keys of a table or a 片区 link).
    public func lint() -> [Diagnostic] {
        recordSpecimens()
        return templates.unknownKeys(known: recorder.keys)
    }

    func recordSpecimens() {
        var c = Case(id: "specimen", title: "样例", kind: .news, number: 1, source: SourceRef(file: "specimen.txt", lines: LineRange(1, 2)))
        c.kicker = "引题"
        c.part = "第一部分"
        c.summary = "摘要"
        c.scope = "全区"
        c.sections = [Section(heading: "一、做法", blocks: [.paragraph("段落"), .subheading("（一）小标题"),
                                                           .table(Table(caption: "附表", header: ["序号"], rows: [["1"]]))])]
        if let z = input.reference.zones.first, let a = z.areas.first { c.zones = [ZoneRef(ftz: z.short, area: a)] }
        c.category = CategoryAssignment(name: input.reference.fields.first?.name ?? "领域", source: .rule, officialLabel: "标注",
                                        reason: "理由", secondary: input.reference.fields.first?.name, matchedKeywords: ["词"])
        recorder.record(markdownModel(c))
        recorder.record(card(c))
        recorder.record(zoneLinks(c))
        recorder.record(pagerModel(page: 2, of: 3, path: { "p\($0).html" }))
    }

    public func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        for c in input.cases { files.append(try renderCase(c)) }
        files += try renderListings()
        files.append(try renderHome())
        files.append(try renderStats())
        files += try renderHandbooks()
        files.append(try page(Paths.search, template: "html/search", title: "搜索", crumbs: [("搜索", nil)], extra: [:]))
        files += renderFeeds(pages: files.map(\.path).filter { $0.hasSuffix(".html") })
        files += DataExport(catalog: catalog).files()
        // Each case as a Markdown document, for `casebook export --format markdown` and for readers who want the source form.
        for c in input.cases { files.append(OutputFile(path: "markdown/\(c.id).md", text: try caseMarkdownDocument(c))) }
        files += SearchIndexBuilder(catalog: catalog).files()
        return files.sorted { $0.path < $1.path }
    }

    /// Markdown for a case's body, from the `markdown/case-body` template.
    public func caseMarkdown(_ c: Case) throws -> String {
        let model = markdownModel(c)
        recorder.record(model)
        return try templates.render("markdown/case-body", model)
    }

    /// A whole case as a Markdown document (export).
    public func caseMarkdownDocument(_ c: Case) throws -> String {
        var model = markdownModel(c)
        model["title"] = c.title
        model["citation"] = citation(c)
        model["id"] = c.id
        model["label"] = catalog.citationLabel(c)
        recorder.record(model)
        return try templates.render("markdown/case", model)
    }

    func markdownModel(_ c: Case) -> [String: Any] {
        let sections: [[String: Any]] = c.sections.map { s in
            var m: [String: Any] = ["heading": s.heading ?? false]
            m["blocks"] = s.blocks.map { b -> [String: Any] in
                switch b {
                case .paragraph(let p): return ["paragraph": p]
                case .subheading(let h): return ["subheading": h]
                case .table(let t):
                    var tm: [String: Any] = ["header": t.header.map { $0.isEmpty ? " " : $0 }, "rows": t.rows.map { ["cells": $0] }]
                    tm["caption"] = t.caption ?? false
                    return ["table": tm]
                }
            }
            return m
        }
        return ["sections": sections]
    }

    // MARK: - Shared page frame

    static let nav: [(String, String)] = [("首页", "index.html"), ("批次", Paths.batchesIndex), ("自贸试验区", Paths.zonesIndex),
                                          ("领域", Paths.fieldsIndex), ("统计", Paths.stats), ("手册", Paths.handbooksIndex),
                                          ("搜索", Paths.search)]

    /// The frame every page shares: root prefix, titles, navigation, breadcrumbs.
    func frame(_ path: String, title: String, crumbs: [(String, String?)], description: String? = nil) -> [String: Any] {
        let root = Paths.root(of: path)
        var m: [String: Any] = [
            "root": root,
            "path": path,
            "page_title": title,
            "site_title": input.config.title,
            "description": description ?? input.config.description,
            "nav": SiteRenderer.nav.map { label, url in ["label": label, "url": url, "current": url == path] },
            "breadcrumbs": ([("首页", Optional("index.html"))] + crumbs).enumerated().map { i, c in
                ["label": c.0, "last": i == crumbs.count, "url": c.1 ?? false] as [String: Any]
            },
        ]
        m["canonical"] = false
        m["feed_url"] = false
        m["og_article"] = false
        if let base = input.config.baseURL {
            m["canonical"] = base + path
            m["feed_url"] = base + "feed.xml"
        }
        return m
    }

    func page(_ path: String, template: String, defaults: Bool = false, title: String, crumbs: [(String, String?)], extra: [String: Any],
              description: String? = nil) throws -> OutputFile {
        var model = frame(path, title: title, crumbs: crumbs, description: description)
        if defaults {
            // Listing templates test these lists with empty(…): every key is present.
            for key in ["areas", "links", "groups"] { model[key] = [[String: Any]]() }
            for key in ["intro", "note", "pager", "empty", "heading", "count"] { model[key] = false }
        }
        model.merge(extra) { _, new in new }
        recorder.record(model)
        return OutputFile(path: path, text: try templates.render(template, model))
    }

    /// A case as a list item.
    func card(_ c: Case) -> [String: Any] {
        var m: [String: Any] = [
            "id": c.id, "title": c.title, "url": Paths.casePage(c.id), "label": catalog.citationLabel(c),
            "kind": c.kind.rawValue, "zones": zoneLabel(c),
        ]
        m["field"] = c.category?.name ?? false
        m["field_official"] = c.category?.source == .official
        m["summary"] = c.summary.map { $0.count > 90 ? String($0.prefix(88)) + "…" : $0 } ?? false
        return m
    }

    func zoneLabel(_ c: Case) -> String {
        c.zones.map { z in z.area.map { "\(z.ftz)·\($0)" } ?? z.ftz }.joined(separator: "、")
    }

    func citation(_ c: Case) -> String {
        guard let b = catalog.batchOf[c.id] else { return c.title }
        let m = b.meta
        // A title quoted inside “…” has its own quotes turned into ‘…’.
        let quoted = "“" + c.title.replacingOccurrences(of: "“", with: "‘").replacingOccurrences(of: "”", with: "’") + "”"
        var parts = ["\(m.issuer.value)：《\(m.title.value)》"]
        if c.kind == .news {
            parts.append("第\(c.number)篇\(quoted)")
            if !c.authors.isEmpty { parts.append(c.authors.joined(separator: "、")) }
        } else {
            parts.append("\(c.kind.rawValue)第\(c.number)项\(quoted)")
        }
        let providers = c.providers.isEmpty ? c.submitters : c.providers
        if !providers.isEmpty { parts.append(providers.joined(separator: "、") + (c.providers.isEmpty ? "报送" : "提供")) }
        parts.append("\(m.year.value)年")
        let attributed = [("文件名称", m.title.isAttributed), ("发布单位", m.issuer.isAttributed), ("层级", m.level.isAttributed),
                          ("批次", m.batchName.isAttributed), ("年份", m.year.isAttributed)].filter(\.1).map(\.0)
        let note = attributed.isEmpty ? "" : "（\(attributed.joined(separator: "、"))原文未载明，据外部资料）"
        return parts.joined(separator: "，") + "。\(note)来源：\(c.source.file) 第\(c.source.lines.first)–\(c.source.lines.last)行。"
    }
}
