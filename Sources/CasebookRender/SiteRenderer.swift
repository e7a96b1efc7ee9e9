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
    public static let requiredTemplates = ["markdown/case-body", "markdown/case", "html/case", "html/listing", "html/home", "html/zones", "html/search", "html/stats"]

    public init(templates: TemplateSet, input: SiteInput) {
        self.templates = templates
        self.input = input
        self.catalog = Catalog(input)
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
        try templates.render("markdown/case-body", markdownModel(c))
    }

    /// A whole case as a Markdown document (export).
    public func caseMarkdownDocument(_ c: Case) throws -> String {
        var model = markdownModel(c)
        model["title"] = c.title
        model["citation"] = citation(c)
        model["id"] = c.id
        model["label"] = catalog.citationLabel(c)
        return try templates.render("markdown/case", model)
    }

    func markdownModel(_ c: Case) -> [String: Any] {
        let sections: [[String: Any]] = c.sections.map { s in
            var m: [String: Any] = [:]
            if let h = s.heading { m["heading"] = h }
            m["blocks"] = s.blocks.map { b -> [String: Any] in
                switch b {
                case .paragraph(let p): return ["paragraph": p]
                case .subheading(let h): return ["subheading": h]
                case .table(let t):
                    var tm: [String: Any] = ["header": t.header.map { $0.isEmpty ? " " : $0 }, "rows": t.rows.map { ["cells": $0] }]
                    if let cap = t.caption { tm["caption"] = cap }
                    return ["table": tm]
                }
            }
            return m
        }
        return ["sections": sections]
    }

    // MARK: - Shared page frame

    static let nav: [(String, String)] = [("首页", "index.html"), ("批次", Paths.batchesIndex), ("自贸试验区", Paths.zonesIndex),
                                          ("领域", Paths.fieldsIndex), ("统计", Paths.stats), ("搜索", Paths.search)]

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
                var b: [String: Any] = ["label": c.0, "last": i == crumbs.count]
                if let u = c.1 { b["url"] = u }
                return b
            },
        ]
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
        }
        model.merge(extra) { _, new in new }
        return OutputFile(path: path, text: try templates.render(template, model))
    }

    /// A case as a list item.
    func card(_ c: Case) -> [String: Any] {
        var m: [String: Any] = [
            "id": c.id, "title": c.title, "url": Paths.casePage(c.id), "label": catalog.citationLabel(c),
            "kind": c.kind.rawValue, "zones": zoneLabel(c),
        ]
        if let f = c.category { m["field"] = f.name; m["field_official"] = f.source == .official }
        if let s = c.summary { m["summary"] = s.count > 90 ? String(s.prefix(88)) + "…" : s }
        return m
    }

    func zoneLabel(_ c: Case) -> String {
        c.zones.map { z in z.area.map { "\(z.ftz)·\($0)" } ?? z.ftz }.joined(separator: "、")
    }

    func citation(_ c: Case) -> String {
        guard let b = catalog.batchOf[c.id] else { return c.title }
        let m = b.meta
        var parts = ["\(m.issuer.value)：《\(m.title.value)》"]
        if c.kind == .news {
            parts.append("第\(c.number)篇“\(c.title)”")
            if !c.authors.isEmpty { parts.append(c.authors.joined(separator: "、")) }
        } else {
            parts.append("\(c.kind.rawValue)第\(c.number)项“\(c.title)”")
        }
        let providers = c.providers.isEmpty ? c.submitters : c.providers
        if !providers.isEmpty { parts.append(providers.joined(separator: "、") + (c.providers.isEmpty ? "报送" : "提供")) }
        parts.append("\(m.year.value)年")
        return parts.joined(separator: "，") + "。来源：\(c.source.file) 第\(c.source.lines.first)–\(c.source.lines.last)行。"
    }
}
