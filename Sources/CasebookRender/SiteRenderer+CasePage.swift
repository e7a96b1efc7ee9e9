import CasebookCore
import CasebookMarkdown

extension SiteRenderer {
    func renderCase(_ c: Case) throws -> OutputFile {
        let path = Paths.casePage(c.id)
        let batch = catalog.batchOf[c.id]
        let markdown = try caseMarkdown(c)
        var m: [String: Any] = [
            "id": c.id, "title": c.title, "kind": c.kind.rawValue, "kind_url": Paths.kindPage(c.kind), "number": c.number,
            "label": catalog.citationLabel(c), "body_html": Markdown.html(markdown), "citation": citation(c),
            "source_file": c.source.file, "first_line": c.source.lines.first, "last_line": c.source.lines.last,
        ]
        m["kicker"] = c.kicker ?? false
        m["part"] = c.part ?? false
        m["prev"] = false
        m["next"] = false
        m["batch"] = false
        m["any_attributed"] = false
        m["field"] = false
        if let b = batch {
            let meta = b.meta
            m["batch"] = [
                "label": b.label, "url": Paths.batchPage(meta.slug), "title": meta.title.value, "title_attributed": meta.title.isAttributed,
                "issuer": meta.issuer.value, "issuer_attributed": meta.issuer.isAttributed,
                "level": meta.level.value, "level_attributed": meta.level.isAttributed,
                "year": meta.year.value, "year_attributed": meta.year.isAttributed,
                "batch_attributed": meta.batchName.isAttributed, "note": meta.note ?? "",
            ] as [String: Any]
            m["any_attributed"] = meta.title.isAttributed || meta.issuer.isAttributed || meta.level.isAttributed || meta.year.isAttributed || meta.batchName.isAttributed
            // Previous and next in the batch's official order.
            if let i = b.cases.firstIndex(where: { $0.id == c.id }) {
                if i > 0 { m["prev"] = ["title": b.cases[i - 1].title, "url": Paths.casePage(b.cases[i - 1].id), "label": catalog.citationLabel(b.cases[i - 1])] }
                if i + 1 < b.cases.count { m["next"] = ["title": b.cases[i + 1].title, "url": Paths.casePage(b.cases[i + 1].id), "label": catalog.citationLabel(b.cases[i + 1])] }
            }
        }
        m["zones"] = zoneLinks(c)
        if let f = c.category {
            var fm: [String: Any] = ["name": f.name, "reason": f.reason, "official": f.source == .official, "rule": f.source == .rule, "editor": f.source == .editor]
            fm["url"] = catalog.field(f.name).map { Paths.fieldPage($0.code) } ?? false
            fm["label"] = f.officialLabel ?? false
            fm["secondary"] = f.secondary ?? false
            fm["secondary_url"] = f.secondary.flatMap { catalog.field($0) }.map { Paths.fieldPage($0.code) } ?? false
            fm["keywords"] = f.matchedKeywords
            m["field"] = fm
        }
        m["units"] = unitRows(c)
        m["related"] = c.related.compactMap { catalog.byID[$0] }.map(card)
        var crumbs: [(String, String?)] = []
        if let b = batch { crumbs.append((b.label, Paths.batchPage(b.meta.slug))) }
        crumbs.append((c.kind == .news ? "第\(c.number)篇" : "第\(c.number)项", nil))
        return try page(path, template: "html/case", title: c.title, crumbs: crumbs, extra: ["case": m, "og_article": true],
                        description: c.summary.map { String($0.prefix(120)) })
    }

    /// Units, scope and authors as printed, as label–value rows (case pages and handbooks).
    func unitRows(_ c: Case) -> [[String: Any]] {
        let rows: [(String, String?)] = [
            ("提供单位", c.providers.isEmpty ? nil : c.providers.joined(separator: "、")),
            ("报送单位", c.submitters.isEmpty ? nil : c.submitters.joined(separator: "、")),
            ("牵头改革部门", c.leadUnits.isEmpty ? nil : c.leadUnits.joined(separator: "、")),
            ("复制推广责任单位", c.responsibleUnits.isEmpty ? nil : c.responsibleUnits.joined(separator: "、")),
            ("推广范围", c.scope),
            ("作者", c.authors.isEmpty ? nil : c.authors.joined(separator: "、")),
        ]
        return rows.compactMap { label, value in value.map { ["label": label, "value": $0] } }
    }

    /// FTZ and 片区 links: `广西 › 南宁片区`.
    func zoneLinks(_ c: Case) -> [[String: Any]] {
        c.zones.map { z in
            var m: [String: Any] = ["ftz": z.ftz, "ftz_url": false, "area": false, "area_url": false]
            if let f = catalog.ftz(z.ftz) {
                m["ftz_url"] = Paths.ftzPage(f.code)
                if let a = z.area, let code = f.areaCode(a) { m["area"] = a; m["area_url"] = Paths.areaPage(code) }
            }
            return m
        }
    }
}
