import CasebookCore
import CasebookMarkdown
import Foundation

extension SiteRenderer {
    /// Printable handbooks (one HTML page each): per batch, per FTZ, and one for everything; and their index.
    /// `casebook build --pdf` turns each `handbooks/<name>.html` into `handbooks/<name>.pdf`.
    func renderHandbooks() throws -> [OutputFile] {
        recordHandbookSpecimen()
        let handbooks = catalog.handbooks()
        var files: [OutputFile] = []
        for h in handbooks { files.append(try renderHandbook(h)) }
        files.append(try renderHandbookIndex(handbooks))
        return files
    }

    func renderHandbook(_ h: Handbook) throws -> OutputFile {
        var model = frame(h.path, title: h.shortTitle + " · 案例手册", crumbs: [("案例手册", Handbook.indexPath), (h.shortTitle, nil)])
        model.merge(try handbookModel(h)) { _, new in new }
        recorder.record(model)
        return OutputFile(path: h.path, text: try templates.render("html/handbook", model))
    }

    /// What the `html/handbook` template sees besides the frame.
    func handbookModel(_ h: Handbook) throws -> [String: Any] {
        var parts: [[String: Any]] = []
        var number = 0  // running number of the case in the handbook
        for (pi, p) in h.parts.enumerated() {
            let titled = p.groups.contains { $0.title != nil }
            var groups: [[String: Any]] = []
            for (gi, g) in p.groups.enumerated() {
                // Keys are always present: Mustache would otherwise find the part's `title` for an untitled group.
                var gm: [String: Any] = ["id": "part-\(pi + 1)-\(gi + 1)", "count": g.cases.count, "has_title": g.title != nil, "title": g.title ?? ""]
                gm["cases"] = try g.cases.map { c -> [String: Any] in
                    number += 1
                    return try handbookCase(c, number: number)
                }
                groups.append(gm)
            }
            parts.append(["id": "part-\(pi + 1)", "title": p.title, "subtitle": p.subtitle ?? false, "count": p.cases.count,
                          "groups": groups, "titled_groups": titled])
        }
        return [
            "handbook": [
                "name": h.name, "scope": h.scope.rawValue, "title": h.title, "short_title": h.shortTitle,
                "running_title": h.scope == .all ? "\(input.config.title) · \(h.title)" : "\(h.shortTitle) · 案例手册",
                "count": h.cases.count, "cover": handbookCover(h), "parts": parts,
                "index_url": Handbook.indexPath,
            ] as [String: Any],
        ]
    }

    /// Cover facts: issuer, batch, level and the date, each as the documents give it (※ when attributed).
    func handbookCover(_ h: Handbook) -> [String: Any] {
        func distinct<T: Hashable>(_ xs: [T]) -> [T] {
            var seen = Set<T>()
            return xs.filter { seen.insert($0).inserted }
        }
        let metas = h.batches.map(\.meta)
        var facts: [[String: Any]] = []
        func fact(_ label: String, _ values: [(String, Bool)]) {
            let vs = distinct(values.map { $0.0 })
            guard !vs.isEmpty else { return }
            let attributed = vs.contains { v in values.contains { $0.0 == v && $0.1 } }
            facts.append(["label": label, "value": vs.joined(separator: "；"), "attributed": attributed])
        }
        fact("发布", metas.map { ($0.issuer.value, $0.issuer.isAttributed) })
        fact("批次", h.batches.map { ($0.label, $0.meta.batchName.isAttributed) })
        if h.scope != .batch { fact("文件", metas.map { ($0.title.value, $0.title.isAttributed) }) }
        fact("层级", metas.map { ($0.level.value, $0.level.isAttributed) })
        var kinds: [String] = []
        for k in CaseKind.allCases {
            let n = h.cases.filter { $0.kind == k }.count
            if n > 0 { kinds.append("\(k.rawValue) \(n) 项") }
        }
        facts.append(["label": "收录", "value": "\(h.cases.count) 项（" + kinds.joined(separator: "，") + "）", "attributed": false])
        var m: [String: Any] = [
            "facts": facts, "site_title": input.config.title,
            "scope_label": h.scope == .all ? "总汇编" : h.scope == .batch ? "批次手册" : "自贸试验区手册",
            "any_attributed": facts.contains { $0["attributed"] as? Bool == true } || h.year?.isAttributed == true,
            "year": h.year?.value ?? false, "year_attributed": h.year?.isAttributed ?? false,
        ]
        m["notes"] = m["any_attributed"] as? Bool == true ? distinct(metas.compactMap(\.note)) : []
        return m
    }

    /// One case as a section of a handbook: label, title, facts, body, citation and source lines.
    /// A case's body for handbooks, rendered once and shared by every handbook that holds the case.
    func handbookBody(_ c: Case) throws -> String {
        if let html = bodyCache.bodies[c.id] { return html }
        let html = SiteRenderer.demoteHeadings(Markdown.html(try caseMarkdown(c)), by: 2)
        bodyCache.bodies[c.id] = html
        return html
    }

    func handbookCase(_ c: Case, number: Int) throws -> [String: Any] {
        var m: [String: Any] = [
            "id": c.id, "title": c.title, "kind": c.kind.rawValue, "number": c.number, "seq": number, "label": catalog.citationLabel(c),
            "url": Paths.casePage(c.id), "body_html": try handbookBody(c),
            "citation": citation(c), "source_file": c.source.file, "first_line": c.source.lines.first, "last_line": c.source.lines.last,
            "zones": zoneLinks(c), "kicker": c.kicker ?? false,
        ]
        var facts: [[String: Any]] = []
        if let b = catalog.batchOf[c.id] {
            facts.append(["label": "批次", "value": "\(b.label)（\(b.meta.title.value)，\(b.meta.year.value)年）"])
        }
        if let f = c.category {
            let how = f.source == .official ? "官方标注" : f.source == .rule ? "规则推断" : "编辑指定"
            facts.append(["label": "领域", "value": "\(f.name)（\(how)）"])
        }
        facts += unitRows(c)
        m["facts"] = facts
        return m
    }

    /// `handbooks/index.html`: every handbook with its size; a PDF link appears once `--pdf` has made the PDF.
    func renderHandbookIndex(_ handbooks: [Handbook]) throws -> OutputFile {
        func row(_ h: Handbook) -> [String: Any] {
            var m: [String: Any] = ["name": h.name, "title": h.shortTitle, "url": h.path, "count": h.cases.count,
                                    "summary": h.scope == .batch ? h.title : false]
            m["year"] = h.year?.value ?? false
            return m
        }
        let groups: [[String: Any]] = [("总汇编", Handbook.Scope.all), ("按批次", .batch), ("按自贸试验区", .ftz)].compactMap { title, scope in
            let items = handbooks.filter { $0.scope == scope }.map(row)
            return items.isEmpty ? nil : ["title": title, "items": items, "count": items.count]
        }
        return try page(Handbook.indexPath, template: "partials/handbook-index", title: "案例手册", crumbs: [("案例手册", nil)],
                        extra: ["groups": groups, "count": handbooks.count])
    }

    /// Records the keys of a complete handbook model, so that the template check does not depend on the content
    /// (a site without cases still knows what a handbook page reads).
    func recordHandbookSpecimen() {
        var c = Case(id: "specimen", title: "样例", kind: .news, number: 1, source: SourceRef(file: "specimen.txt", lines: LineRange(1, 2)))
        c.kicker = "引题"
        c.providers = ["提供单位"]
        c.submitters = ["报送单位"]
        c.leadUnits = ["牵头部门"]
        c.responsibleUnits = ["责任单位"]
        c.scope = "全区"
        c.authors = ["作者"]
        c.category = CategoryAssignment(name: "领域", source: .rule, officialLabel: nil, reason: "理由")
        if let z = input.reference.zones.first { c.zones = [ZoneRef(ftz: z.short, area: z.areas.first)] }
        let meta = DocumentMetadata(slug: "specimen", title: Fact("文件", .stated), issuer: Fact("发布单位", .attributed), level: Fact("级别", .stated),
                                    batchNumber: nil, batchName: Fact("批次", .stated), year: Fact(2000, .attributed), note: "说明")
        let batch = Catalog.Batch(file: "specimen.txt", meta: meta, label: "批次", cases: [c])
        let h = Handbook(name: "specimen", scope: .ftz, title: "样例", shortTitle: "样例",
                         parts: [Handbook.Part(title: "部分", subtitle: "副题", groups: [Handbook.Group(title: "组", cases: [c])])], batches: [batch])
        if let model = try? handbookModel(h) { recorder.record(model) }
    }

    /// Shifts `<h1>`…`<h6>` down by `n` levels (capped at `<h6>`): a case body's `##` sits under the handbook's part and case headings.
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
