import CasebookCore
import CasebookTemplates

/// A printable handbook (`html/handbook`): cover, contents, and every case on a page of its own.
struct HandbookPageModel: SchemaModel {
    var handbook: HandbookModel
    static let schema = Schema<Self>([.model("handbook") { $0.handbook }])
    static let template = "html/handbook"
}

struct HandbookModel: SchemaModel {
    struct Part: SchemaModel {
        var id: String
        var title: String
        var subtitle: String?
        var count: Int
        var groups: [Group]
        static let schema = Schema<Self>([
            .value("id") { $0.id }, .value("title") { $0.title }, .value("subtitle") { $0.subtitle }, .value("count") { $0.count },
            .list("groups") { $0.groups },
        ])
    }

    /// A titled group of cases inside a part, or an untitled run (its `title` reads false, never the part's title).
    struct Group: SchemaModel {
        var id: String
        var title: String?
        var count: Int
        var cases: [Case]
        static let schema = Schema<Self>([
            .value("id") { $0.id }, .value("title") { $0.title }, .value("count") { $0.count }, .list("cases") { $0.cases },
        ])
    }

    /// One case as a section of the handbook: label, title, facts, body, citation and source lines.
    struct Case: SchemaModel {
        var id: String
        var title: String
        var kind: String
        var number: Int
        var label: String
        var url: String
        var body: CaseBody
        var citation: String
        var sourceFile: String
        var firstLine: Int
        var lastLine: Int
        var zones: [ZoneLinkModel]
        var kicker: String?
        var facts: [LabelValueModel]
        var notices: [String]
        /// The way from the handbooks' folder to the site root.
        var root = Paths.root(of: Handbook.indexPath)
        /// The case as `partials/handbook-case` renders it, made when the page is rendered (not when it is only
        /// fingerprinted), once per case and shared by every handbook that holds it (everything, its batch, its FTZ).
        var section: @Sendable () -> String = { "" }
        /// A case's section is the same in every handbook that holds it: its canonical bytes are made once per build
        /// and handbooks are fingerprinted with their digest.
        var identities: DigestMemo?

        func appendCanonical(to out: inout [UInt8]) { DigestMemo.append(id, memo: identities, to: &out, appendSchemaCanonical) }

        static let schema = Schema<Self>([
            .value("notices") { $0.notices }, .value("root") { $0.root }, .derived("section_html") { $0.section() },
            .value("id") { $0.id }, .value("title") { $0.title }, .value("kind") { $0.kind }, .value("number") { $0.number },
            .value("label") { $0.label }, .value("url") { $0.url }, .lazy("body_html", identity: { m, out in m.body.appendIdentity(to: &out) }) { $0.body.html() },
            .value("citation") { $0.citation }, .value("source_file") { $0.sourceFile }, .value("first_line") { $0.firstLine },
            .value("last_line") { $0.lastLine }, .list("zones") { $0.zones }, .value("kicker") { $0.kicker }, .list("facts") { $0.facts },
        ])
    }

    /// Cover facts: issuer, batch, level and the date, each as the documents give it (※ when attributed).
    struct Cover: SchemaModel {
        struct Fact: SchemaModel {
            var label: String
            var value: String
            var attributed: Bool
            static let schema = Schema<Self>([.value("label") { $0.label }, .value("value") { $0.value }, .value("attributed") { $0.attributed }])
        }

        var facts: [Fact]
        var siteTitle: String
        var scopeLabel: String
        var anyAttributed: Bool
        var year: Int?
        var yearAttributed: Bool
        var notes: [String]
        static let schema = Schema<Self>([
            .list("facts") { $0.facts }, .value("site_title") { $0.siteTitle }, .value("scope_label") { $0.scopeLabel },
            .value("any_attributed") { $0.anyAttributed }, .value("year") { $0.year }, .value("year_attributed") { $0.yearAttributed },
            .value("notes") { $0.notes },
        ])
    }

    var name: String
    var scope: String
    var title: String
    var shortTitle: String
    var runningTitle: String
    var count: Int
    var cover: Cover
    var parts: [Part]

    static let schema = Schema<Self>([
        .value("name") { $0.name }, .value("scope") { $0.scope }, .value("title") { $0.title }, .value("short_title") { $0.shortTitle },
        .value("running_title") { $0.runningTitle }, .value("count") { $0.count }, .model("cover") { $0.cover },
        .list("parts") { $0.parts }, .value("index_url") { _ in Handbook.indexPath },
    ])
}

extension Catalog {
    /// A handbook's page; `body` gives a case's body as HTML with its headings demoted under the handbook's own (asked
    /// for only when its section is rendered), and
    /// `section` the case as HTML (`partials/handbook-case` rendered with the case's model), asked for when the page
    /// renders.
    func makeHandbookPageModel(_ h: Handbook, body: @escaping @Sendable (CasebookCore.Case) -> String,
                               section: @escaping @Sendable (HandbookModel.Case) -> String) -> PageModel<HandbookPageModel> {
        var parts: [HandbookModel.Part] = []
        for (pi, p) in h.parts.enumerated() {
            var groups: [HandbookModel.Group] = []
            for (gi, g) in p.groups.enumerated() {
                let cases = g.cases.map { c in
                    var hc = makeHandbookCase(c, body: { body(c) })
                    let model = hc
                    hc.section = { section(model) }
                    return hc
                }
                groups.append(.init(id: "part-\(pi + 1)-\(gi + 1)", title: g.title, count: g.cases.count, cases: cases))
            }
            parts.append(.init(id: "part-\(pi + 1)", title: p.title, subtitle: p.subtitle, count: p.count, groups: groups))
        }
        let model = HandbookModel(
            name: h.name, scope: h.scope.rawValue, title: h.title, shortTitle: h.shortTitle,
            runningTitle: h.scope == .all ? "\(input.config.title) · \(h.title)" : "\(h.shortTitle) · 案例手册",
            count: h.count, cover: makeHandbookCover(h), parts: parts)
        let frame = input.config.makeFrameModel(h.path, title: h.shortTitle + " · 案例手册", crumbs: [("案例手册", Handbook.indexPath), (h.shortTitle, nil)])
        return PageModel(frame: frame, content: HandbookPageModel(handbook: model))
    }

    func makeHandbookCase(_ c: CasebookCore.Case, body: @escaping @Sendable () -> String) -> HandbookModel.Case {
        var facts: [LabelValueModel] = []
        if let b = batchOf[c.id] {
            facts.append(.init(label: "批次", value: "\(b.label)（\(b.meta.title.value)，\(b.meta.year.value)年）"))
        }
        if let f = c.category {
            let how = f.source == .official ? "官方标注" : f.source == .rule ? "规则推断" : "编辑指定"
            facts.append(.init(label: "领域", value: "\(f.name)（\(how)）"))
        }
        facts += makeUnitRows(c)
        return HandbookModel.Case(
            id: c.id, title: c.title, kind: c.kind.rawValue, number: c.number, label: citationLabel(c), url: Paths.casePage(c.id),
            body: CaseBody(c, identities: identities(bodyIdentities, for: c), html: body), citation: citation(c), sourceFile: c.source.file, firstLine: c.source.lines.first,
            lastLine: c.source.lines.last, zones: makeZoneLinkModels(c), kicker: c.kicker, facts: facts,
            notices: c.notices, identities: identities(handbookCaseIdentities, for: c))
    }

    func makeHandbookCover(_ h: Handbook) -> HandbookModel.Cover {
        func distinct<T: Hashable>(_ xs: [T]) -> [T] {
            var seen = Set<T>()
            return xs.filter { seen.insert($0).inserted }
        }
        let metas = h.batches.map(\.meta)
        var facts: [HandbookModel.Cover.Fact] = []
        func fact(_ label: String, _ values: [(String, Bool)]) {
            let vs = distinct(values.map { $0.0 })
            guard !vs.isEmpty else { return }
            let attributed = vs.contains { v in values.contains { $0.0 == v && $0.1 } }
            facts.append(.init(label: label, value: vs.joined(separator: "；"), attributed: attributed))
        }
        fact("发布", metas.map { ($0.issuer.value, $0.issuer.isAttributed) })
        fact("批次", h.batches.map { ($0.label, $0.meta.batchName.isAttributed) })
        if h.scope != .batch { fact("文件", metas.map { ($0.title.value, $0.title.isAttributed) }) }
        fact("层级", metas.map { ($0.level.value, $0.level.isAttributed) })
        let kinds = CaseKind.allCases.compactMap { k -> String? in
            let n = h.parts.reduce(0) { $0 + $1.groups.reduce(0) { $0 + $1.cases.count { $0.kind == k } } }
            return n > 0 ? "\(k.rawValue) \(n) 项" : nil
        }
        facts.append(.init(label: "收录", value: "\(h.count) 项（" + kinds.joined(separator: "，") + "）", attributed: false))
        let anyAttributed = facts.contains { $0.attributed } || h.year?.isAttributed == true
        return HandbookModel.Cover(
            facts: facts, siteTitle: input.config.title,
            scopeLabel: h.scope == .all ? "总汇编" : h.scope == .batch ? "批次手册" : "自贸试验区手册",
            anyAttributed: anyAttributed, year: h.year?.value, yearAttributed: h.year?.isAttributed ?? false,
            notes: anyAttributed ? distinct(metas.compactMap(\.note)) : [])
    }
}

/// `handbooks/index.html` (`html/handbooks`): every handbook with its size; a PDF link appears once `--pdf` made it.
struct HandbookIndexModel: SchemaModel {
    struct Group: SchemaModel {
        var title: String
        var items: [Item]
        static let schema = Schema<Self>([.value("title") { $0.title }, .list("items") { $0.items }, .value("count") { $0.items.count }])
    }

    struct Item: SchemaModel {
        var name: String
        var title: String
        var url: String
        var count: Int
        var summary: String?
        var year: Int?
        static let schema = Schema<Self>([
            .value("name") { $0.name }, .value("title") { $0.title }, .value("url") { $0.url }, .value("count") { $0.count },
            .value("summary") { $0.summary }, .value("year") { $0.year },
        ])
    }

    var groups: [Group]
    static let schema = Schema<Self>([.list("groups") { $0.groups }])
    static let template = "html/handbooks"
}

extension Catalog {
    /// What a volume of the handbook of everything holds: `广西第二批 — 全国第五批`.
    static func span(_ h: Handbook) -> String? {
        guard let first = h.batches.first?.label, let last = h.batches.last?.label else { return nil }
        return first == last ? first : "\(first) — \(last)"
    }

    func makeHandbookIndexModel(_ handbooks: [Handbook]) -> HandbookIndexModel {
        let scopes: [(String, Handbook.Scope)] = [("总汇编", .all), ("按批次", .batch), ("按自贸试验区", .ftz)]
        return HandbookIndexModel(groups: scopes.compactMap { title, scope in
            let items = handbooks.filter { $0.scope == scope }.map { h in
                HandbookIndexModel.Item(name: h.name, title: h.shortTitle, url: h.path, count: h.count,
                                        summary: h.scope == .batch ? h.title : h.name == "all" ? nil : Self.span(h), year: h.year?.value)
            }
            return items.isEmpty ? nil : HandbookIndexModel.Group(title: title, items: items)
        })
    }
}
