import CasebookCore

extension SiteRenderer {
    /// Listing pages: one writer, several partitions (batch, FTZ, 片区, field, kind), in sorted key order.
    func renderListings() throws -> [OutputFile] {
        var files: [OutputFile] = []
        // Batches, in official order, grouped by part.
        var batchRows: [[String: Any]] = []
        for b in catalog.batches {
            var groups: [[String: Any]] = []
            var order: [String] = []
            var byPart: [String: [Case]] = [:]
            for c in b.cases {
                let key = c.part ?? c.kind.rawValue
                if byPart[key] == nil { order.append(key) }
                byPart[key, default: []].append(c)
            }
            for key in order { groups.append(["title": key, "count": byPart[key]!.count, "items": byPart[key]!.map(card)]) }
            let meta = b.meta
            let intro = "\(meta.issuer.value)\(meta.issuer.isAttributed ? "（据外部资料）" : "") · \(meta.level.value) · \(meta.year.value)年\(meta.year.isAttributed ? "（据外部资料）" : "")"
            files += try paginated(Paths.batchPage(meta.slug), title: "\(b.label)：\(meta.title.value)",
                                  crumbs: [("批次", Paths.batchesIndex), (b.label, nil)],
                                  extra: ["heading": meta.title.value, "intro": intro, "note": meta.note ?? "", "groups": groups, "count": b.cases.count])
            batchRows.append(["title": "\(b.label)", "url": Paths.batchPage(meta.slug), "count": b.cases.count, "summary": "\(meta.title.value) · \(meta.year.value)年"])
        }
        files.append(try page(Paths.batchesIndex, template: "html/listing", defaults: true, title: "批次", crumbs: [("批次", nil)],
                              extra: ["heading": "全部批次", "links": batchRows, "count": input.cases.count]))

        // Zones: FTZ pages list their 片区 (with or without cases) and their cases; 片区 pages their cases.
        var ftzRows: [[String: Any]] = []
        for z in input.reference.zones {
            let cases = catalog.cases(inFTZ: z.short)
            let areas: [[String: Any]] = z.areas.map { a in
                let n = catalog.cases(inArea: a, of: z.short).count
                var m: [String: Any] = ["name": a, "count": n]
                if n > 0, let code = z.areaCode(a) { m["url"] = Paths.areaPage(code) }
                return m
            }
            for a in z.areas {
                let ac = catalog.cases(inArea: a, of: z.short)
                guard !ac.isEmpty, let code = z.areaCode(a) else { continue }
                files += try paginated(Paths.areaPage(code), title: "\(z.short) · \(a)",
                                      crumbs: [("自贸试验区", Paths.zonesIndex), (z.short, Paths.ftzPage(z.code)), (a, nil)],
                                      extra: ["heading": "\(z.name) \(a)", "groups": [["title": "案例", "count": ac.count, "items": ac.map(card)]], "count": ac.count])
            }
            files += try paginated(Paths.ftzPage(z.code), title: z.name,
                                  crumbs: [("自贸试验区", Paths.zonesIndex), (z.short, nil)],
                                  extra: ["heading": z.name, "areas": areas, "groups": cases.isEmpty ? [] : [["title": "案例", "count": cases.count, "items": cases.map(card)]],
                                          "count": cases.count, "empty": cases.isEmpty])
            ftzRows.append(["name": z.short, "full": z.name, "url": Paths.ftzPage(z.code), "count": cases.count, "areas": areas])
        }
        files.append(try page(Paths.zonesIndex, template: "html/zones", title: "自贸试验区与片区", crumbs: [("自贸试验区", nil)],
                              extra: ["ftzs": ftzRows]))

        // Fields.
        var fieldRows: [[String: Any]] = []
        for f in input.reference.fields {
            let cases = catalog.cases(inField: f.name)
            let official = cases.filter { $0.category?.source == .official }
            let other = cases.filter { $0.category?.source != .official }
            var groups: [[String: Any]] = []
            if !official.isEmpty { groups.append(["title": "印发文本标注的领域", "count": official.count, "items": official.map(card)]) }
            if !other.isEmpty { groups.append(["title": "按关键词规则或编辑归入", "count": other.count, "items": other.map(card)]) }
            files += try paginated(Paths.fieldPage(f.code), title: "领域：\(f.name)",
                                  crumbs: [("领域", Paths.fieldsIndex), (f.name, nil)],
                                  extra: ["heading": f.name, "intro": "印发时标注为：\(f.aliases.joined(separator: "、"))", "groups": groups, "count": cases.count, "empty": cases.isEmpty])
            fieldRows.append(["title": f.name, "url": Paths.fieldPage(f.code), "count": cases.count, "summary": "官方标注 \(official.count) · 规则归入 \(other.count)"])
        }
        let unclassified = input.cases.filter { c in !input.reference.fields.contains { $0.name == c.category?.name } }
        files.append(try page(Paths.fieldsIndex, template: "html/listing", defaults: true, title: "领域", crumbs: [("领域", nil)],
                              extra: ["heading": "领域（14 个）", "links": fieldRows, "count": input.cases.count,
                                      "groups": unclassified.isEmpty ? [] : [["title": "未能归类", "count": unclassified.count, "items": unclassified.map(card)]]]))

        // Kinds.
        for kind in CaseKind.allCases {
            let cases = catalog.cases(ofKind: kind)
            files += try paginated(Paths.kindPage(kind), title: kind.rawValue, crumbs: [(kind.rawValue, nil)],
                                  extra: ["heading": kind.rawValue, "groups": [["title": "全部", "count": cases.count, "items": cases.map(card)]], "count": cases.count, "empty": cases.isEmpty])
        }
        return files
    }

    func renderHome() throws -> OutputFile {
        let batches: [[String: Any]] = catalog.batches.map { b in
            ["title": b.label, "url": Paths.batchPage(b.meta.slug), "count": b.cases.count, "summary": "\(b.meta.title.value) · \(b.meta.level.value) · \(b.meta.year.value)年"]
        }
        let ftzs: [[String: Any]] = input.reference.zones.compactMap { z in
            let n = catalog.cases(inFTZ: z.short).count
            return n == 0 ? nil : ["title": z.short, "url": Paths.ftzPage(z.code), "count": n]
        }
        let fields: [[String: Any]] = input.reference.fields.compactMap { f in
            let n = catalog.cases(inField: f.name).count
            return n == 0 ? nil : ["title": f.name, "url": Paths.fieldPage(f.code), "count": n]
        }
        let kinds: [[String: Any]] = CaseKind.allCases.map { k in ["title": k.rawValue, "url": Paths.kindPage(k), "count": catalog.cases(ofKind: k).count] }
        return try page("index.html", template: "html/home", title: input.config.title, crumbs: [],
                        extra: ["count": input.cases.count, "batches": batches, "ftzs": ftzs, "fields": fields, "kinds": kinds,
                                "batch_count": batches.count, "ftz_count": ftzs.count, "zones_url": Paths.zonesIndex])
    }
}

extension SiteRenderer {
    /// Cases per batch, FTZ, field and kind: SVG charts with their numbers as tables.
    func renderStats() throws -> OutputFile {
        var charts: [[String: Any]] = []
        func add(_ id: String, _ title: String, _ header: String, _ rows: [(String, Int, String?)]) {
            let chart = BarChart(title: title, rows: rows.map { ($0.0, $0.1) })
            charts.append(["id": id, "title": title, "header": header, "svg": chart.svg(id: id),
                           "rows": rows.map { r -> [String: Any] in
                               var m: [String: Any] = ["label": r.0, "value": r.1]
                               if let u = r.2 { m["url"] = u }
                               return m
                           }])
        }
        add("by-batch", "各批次案例数", "批次", catalog.batches.map { b -> (String, Int, String?) in (b.label, b.cases.count, Paths.batchPage(b.meta.slug)) })
        typealias Row = (String, Int, String?)
        func ranked(_ rows: [Row]) -> [Row] { rows.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 } }
        let ftzRows: [Row] = input.reference.zones.map { z -> Row in (z.short, catalog.cases(inFTZ: z.short).count, Paths.ftzPage(z.code)) }
        add("by-ftz", "各自贸试验区案例数", "自贸试验区", ranked(ftzRows.filter { $0.1 > 0 }))
        let fieldRows: [Row] = input.reference.fields.map { f -> Row in (f.name, catalog.cases(inField: f.name).count, Paths.fieldPage(f.code)) }
        add("by-field", "各领域案例数（官方标注与规则归入合计）", "领域", ranked(fieldRows))
        add("by-kind", "各类型案例数", "类型", CaseKind.allCases.map { k -> (String, Int, String?) in (k.rawValue, catalog.cases(ofKind: k).count, Paths.kindPage(k)) })
        let official = input.cases.filter { $0.category?.source == .official }.count
        return try page(Paths.stats, template: "html/stats", title: "统计", crumbs: [("统计", nil)],
                        extra: ["charts": charts, "count": input.cases.count, "official": official, "inferred": input.cases.count - official])
    }
}

extension SiteRenderer {
    static let pageSize = 50

    func pagerModel(page n: Int, of count: Int, path: (Int) -> String) -> [String: Any] {
        [
            "pages": (1...max(count, 1)).map { k in ["n": k, "url": path(k), "current": k == n] as [String: Any] },
            "label": "第 \(n) / \(count) 页",
            "prev": n > 1 ? path(n - 1) : false,
            "next": n < count ? path(n + 1) : false,
        ]
    }

    /// A listing split into pages of `pageSize` cases: `zones/guangxi.html`, `zones/guangxi-p2.html`, …
    /// A group cut by a page break carries on under its title with “（续）”.
    func paginated(_ path: String, title: String, crumbs: [(String, String?)], extra: [String: Any]) throws -> [OutputFile] {
        let groups = extra["groups"] as? [[String: Any]] ?? []
        let total = groups.reduce(0) { $0 + (($1["items"] as? [[String: Any]])?.count ?? 0) }
        guard total > Self.pageSize else {
            return [try page(path, template: "html/listing", defaults: true, title: title, crumbs: crumbs, extra: extra)]
        }
        // Cut the groups into pages.
        var pages: [[[String: Any]]] = [[]]
        var filled = 0
        for g in groups {
            var items = g["items"] as? [[String: Any]] ?? []
            var first = true
            while !items.isEmpty {
                if filled == Self.pageSize { pages.append([]); filled = 0 }
                let take = min(Self.pageSize - filled, items.count)
                var part = g
                part["items"] = Array(items.prefix(take))
                if !first { part["title"] = "\(g["title"] ?? "")（续）" }
                pages[pages.count - 1].append(part)
                items.removeFirst(take)
                filled += take
                first = false
            }
        }
        let base = String(path.dropLast(".html".count))
        func pagePath(_ n: Int) -> String { n == 1 ? path : "\(base)-p\(n).html" }
        var files: [OutputFile] = []
        for (i, groups) in pages.enumerated() {
            let n = i + 1
            var e = extra
            e["groups"] = groups
            let pager = pagerModel(page: n, of: pages.count, path: pagePath)
            e["pager"] = pager
            let t = n == 1 ? title : "\(title)（第 \(n) 页）"
            files.append(try page(pagePath(n), template: "html/listing", defaults: true, title: t, crumbs: crumbs, extra: e))
        }
        return files
    }
}
